package io.strata.jobs;

import io.strata.jobs.config.ConfigException;
import io.strata.jobs.config.RuleFiles;
import io.strata.jobs.config.StrataConfig;
import io.strata.jobs.config.StrataConfigLoader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata submit | resume | status | savepoint | stop}: Strata on a Flink 1.20 cluster, over its REST API. */
final class ClusterCommands {

    static final String DEFAULT_CLUSTER = "http://127.0.0.1:8081";

    private ClusterCommands() {}

    /** Where the cluster is: {@code --cluster}, else {@code $STRATA_FLINK_URL}, else {@value #DEFAULT_CLUSTER}. */
    static class ClusterOption {
        @Option(names = "--cluster", paramLabel = "URL",
                description = "Flink REST endpoint (default: $STRATA_FLINK_URL, else " + DEFAULT_CLUSTER + ").")
        String cluster;

        FlinkRestClient client() {
            String url = cluster != null ? cluster : System.getenv().getOrDefault("STRATA_FLINK_URL", DEFAULT_CLUSTER);
            return new FlinkRestClient(URI.create(url));
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Submit Strata with a YAML config to a Flink cluster; prints the job id.")
    static class Submit extends ClusterOption implements Callable<Integer> {

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "YAML config (see docs/CONFIG.md).")
        Path config;

        @Option(names = "--jar", paramLabel = "JAR",
                description = "The job jar (default: $STRATA_JOB_JAR, as bin/strata sets it: jobs/target/strata-jobs-*-job.jar).")
        Path jar;

        String savepoint() {
            return null;
        }

        @Override
        public Integer call() throws Exception {
            String yaml = Files.readString(config);
            StrataConfig parsed;
            try {
                // Validate here, where the user can read the answer, not in the JobManager's log.
                parsed = StrataConfigLoader.load(config);
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            Path jobJar = jar != null ? jar : Path.of(System.getenv().getOrDefault("STRATA_JOB_JAR", "strata-job.jar"));
            if (!Files.isRegularFile(jobJar)) {
                System.err.println("job jar " + jobJar + " not found: build it with `mvn -pl jobs -am package` or pass --jar");
                return 2;
            }
            FlinkRestClient client = client();
            String jarId = client.uploadJar(jobJar);
            // The rule files travel with the config: the JobManager cannot read the client's files.
            String jobId = client.runJar(jarId, StrataJob.class.getName(),
                    List.of(StrataJob.CONFIG_BASE64, Base64.getEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8)),
                            StrataJob.RULES_BASE64, RuleFiles.encode(parsed.ruleFiles())),
                    savepoint());
            System.out.println(jobId);
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Submit Strata restoring a savepoint (the config may change: limits, outputs); prints the job id.")
    static final class Resume extends Submit {

        @Option(names = "--savepoint", required = true, paramLabel = "PATH", description = "Savepoint to restore.")
        String savepointPath;

        @Override
        String savepoint() {
            return savepointPath;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "List the cluster's jobs.")
    static final class Status extends ClusterOption implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            for (FlinkRestClient.JobOverview job : client().jobs()) {
                System.out.printf("%s  %-10s %s  started %s%n", job.id(), job.state(), job.name(),
                        Instant.ofEpochMilli(job.startTimeEpochMillis()));
            }
            return 0;
        }
    }

    /** A running job and where its savepoint goes: what {@code savepoint} and {@code stop} share. */
    abstract static class JobSavepointCommand extends ClusterOption implements Callable<Integer> {
        @Parameters(paramLabel = "JOB_ID", description = "as `strata status` lists it")
        String jobId;

        @Option(names = "--dir", paramLabel = "URI", description = "Target directory (default: the cluster's savepoint dir).")
        String dir;

        /** Takes the savepoint and returns its location. */
        abstract String savepoint(FlinkRestClient client) throws Exception;

        @Override
        public Integer call() throws Exception {
            System.out.println(savepoint(client()));
            return 0;
        }
    }

    @Command(name = "savepoint", mixinStandardHelpOptions = true,
            description = "Take a savepoint of a running job; prints its location.")
    static final class Savepoint extends JobSavepointCommand {
        @Override
        String savepoint(FlinkRestClient client) throws Exception {
            return client.savepoint(jobId, dir);
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop a job with a final savepoint; prints its location (resume from it with `strata resume`).")
    static final class Stop extends JobSavepointCommand {
        @Option(names = "--drain", description = "Fire every open window before stopping (for a job you will not resume).")
        boolean drain;

        @Override
        String savepoint(FlinkRestClient client) throws Exception {
            return client.stopWithSavepoint(jobId, dir, drain);
        }
    }
}
