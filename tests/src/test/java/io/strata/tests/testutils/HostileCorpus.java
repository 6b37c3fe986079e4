package io.strata.tests.testutils;

import io.strata.operators.policy.RejectReason;
import io.strata.pipeline.testutils.HostileFrames;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The corpus of hostile stream records in {@code src/test/resources/hostile/}: for each case
 * {@code NAME.frame} (the record value), {@code NAME.tenant} (the raw {@code X-Scope-OrgID}
 * header, if any) and {@code NAME.expected} (what it must produce end to end). Written from
 * {@link HostileFrames} by {@link #main}; read by the tests, and the seeds of the decoder's fuzzer.
 */
public final class HostileCorpus {

    public static final String FOLDER = "hostile";

    private HostileCorpus() {}

    /** One record of the corpus and what it must produce. */
    public record Entry(String name, String description, byte[] tenantHeader, byte[] payload, RejectReason frameReason,
            Map<RejectReason, Long> samplesRejected, long samplesAccepted) {}

    /** Rewrites the corpus: {@code HostileCorpus <repo>/tests/src/test/resources/hostile}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        List<String> names = new ArrayList<>();
        for (HostileFrames.Case c : HostileFrames.all()) {
            names.add(c.name());
            Files.write(dir.resolve(c.name() + ".frame"), c.payload());
            if (c.tenantHeader() != null) {
                Files.write(dir.resolve(c.name() + ".tenant"), c.tenantHeader());
            }
            Map<String, String> expected = new TreeMap<>();
            expected.put("description", c.description());
            expected.put("frame.reason", c.frameReason() == null ? "" : c.frameReason().label());
            expected.put("samples.accepted", Long.toString(c.samplesAccepted()));
            c.samplesRejected().forEach((reason, n) -> expected.put("samples.rejected." + reason.label(), Long.toString(n)));
            try (Writer out = Files.newBufferedWriter(dir.resolve(c.name() + ".expected"), StandardCharsets.UTF_8)) {
                out.write("# What " + c.name() + ".frame must produce end to end (decoder, then label policy).\n");
                for (Map.Entry<String, String> e : expected.entrySet()) {
                    out.write(e.getKey() + "=" + e.getValue() + "\n");
                }
            }
        }
        Files.writeString(dir.resolve("INDEX"), String.join("\n", names) + "\n");
    }

    /** Every entry, in the order of {@code INDEX}. */
    public static List<Entry> load() throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String name : new String(resource("INDEX"), StandardCharsets.UTF_8).split("\n")) {
            if (name.isBlank()) {
                continue;
            }
            Properties expected = new Properties();
            try (Reader in = new java.io.InputStreamReader(new java.io.ByteArrayInputStream(resource(name + ".expected")),
                    StandardCharsets.UTF_8)) {
                expected.load(in);
            }
            Map<RejectReason, Long> rejected = new LinkedHashMap<>();
            for (String key : expected.stringPropertyNames()) {
                if (key.startsWith("samples.rejected.")) {
                    rejected.put(reason(key.substring("samples.rejected.".length())), Long.parseLong(expected.getProperty(key)));
                }
            }
            String frameReason = expected.getProperty("frame.reason", "");
            byte[] tenant = HostileCorpus.class.getClassLoader().getResource(FOLDER + "/" + name + ".tenant") == null
                    ? null : resource(name + ".tenant");
            entries.add(new Entry(name, expected.getProperty("description"), tenant, resource(name + ".frame"),
                    frameReason.isEmpty() ? null : reason(frameReason), rejected, Long.parseLong(expected.getProperty("samples.accepted"))));
        }
        return entries;
    }

    private static RejectReason reason(String label) {
        for (RejectReason r : RejectReason.values()) {
            if (r.label().equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown reason " + label);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = HostileCorpus.class.getClassLoader().getResourceAsStream(FOLDER + "/" + name)) {
            if (in == null) {
                throw new IOException(FOLDER + "/" + name + " is not on the test classpath");
            }
            return in.readAllBytes();
        }
    }
}
