package io.strata.tests.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.core.importer.Locations;
import io.strata.operators.badfixture.FlinkInOperators;
import io.strata.pipeline.badfixture.DemoInThePipeline;
import io.strata.tests.architecture.badfixture.KryoAllowingTest;
import io.strata.tests.architecture.badfixture.StateOutsideTheContract;
import io.strata.tests.testutils.Scripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@link ArchitectureRules} hold on Strata's own classes, and fail on a small set of classes
 * that break them on purpose ({@code ..badfixture..}).
 */
class ArchitectureTest {

    /** Strata's classes on the class path (every module, the pipeline's test jar) and the jobs module's tests. */
    private static final JavaClasses STRATA = strataClasses();
    private static final JavaClasses PRODUCTION = STRATA.that(describe("production code",
            c -> c.getSource().map(source -> !isTestCode(source.getUri().toString())).orElse(true)));

    @Test
    void operators_importNeitherFlinkNorIo() {
        ArchitectureRules.OPERATORS_ARE_PURE.check(PRODUCTION);
    }

    @Test
    void stateDescriptors_comeOnlyFromTheSavepointContract() {
        ArchitectureRules.STATE_ONLY_FROM_THE_SAVEPOINT_CONTRACT.check(PRODUCTION);
    }

    @Test
    void environmentsAndHarnesses_everywhere_comeWithTheJobSettings() {
        ArchitectureRules.NO_ENVIRONMENT_WITHOUT_JOB_SETTINGS.check(STRATA);
    }

    @Test
    void demoGenerator_onlyUsedByTheCommandLine() {
        ArchitectureRules.DEMO_ONLY_FOR_THE_COMMAND_LINE.check(PRODUCTION);
    }

    @Test
    void classesBreakingTheRules_fail() {
        JavaClasses bad = new ClassFileImporter().importClasses(FlinkInOperators.class, StateOutsideTheContract.class,
                KryoAllowingTest.class, DemoInThePipeline.class);

        assertThat(ArchitectureRules.OPERATORS_ARE_PURE.evaluate(bad).getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains(FlinkInOperators.class.getName(), "org.apache.flink"))
                .anySatisfy(line -> assertThat(line).contains(FlinkInOperators.class.getName(), "java.nio.file.Files"))
                .anySatisfy(line -> assertThat(line).contains(FlinkInOperators.class.getName(), "java.io.DataOutput"));
        assertThat(ArchitectureRules.STATE_ONLY_FROM_THE_SAVEPOINT_CONTRACT.evaluate(bad).getFailureReport().getDetails())
                .singleElement().asString().contains(StateOutsideTheContract.class.getName(), "ValueStateDescriptor.<init>");
        assertThat(ArchitectureRules.NO_ENVIRONMENT_WITHOUT_JOB_SETTINGS.evaluate(bad).getFailureReport().getDetails())
                .hasSize(4)
                .allSatisfy(line -> assertThat(line).contains(KryoAllowingTest.class.getName()))
                .anySatisfy(line -> assertThat(line).contains("getExecutionEnvironment"))
                .anySatisfy(line -> assertThat(line).contains("enableGenericTypes"))
                .anySatisfy(line -> assertThat(line).contains("OneInputStreamOperatorTestHarness.<init>"))
                .anySatisfy(line -> assertThat(line).contains("forProcessFunction"));
        assertThat(ArchitectureRules.DEMO_ONLY_FOR_THE_COMMAND_LINE.evaluate(bad).getFailureReport().getDetails())
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains(DemoInThePipeline.class.getName(), "io.strata.jobs.demo"));
    }

    @Test
    void strataClasses_includeEveryModuleAndTheirTests() {
        assertThat(STRATA.containPackage("io.strata.operators.histogram")).isTrue();
        assertThat(STRATA.containPackage("io.strata.bench")).isTrue();
        assertThat(STRATA.contain("io.strata.jobs.StrataJobTest")).isTrue();
        assertThat(STRATA.contain("io.strata.pipeline.testutils.Harnesses")).isTrue();
        assertThat(PRODUCTION.contain("io.strata.pipeline.testutils.Harnesses")).isFalse();
        assertThat(PRODUCTION.contain("io.strata.jobs.StrataJob")).isTrue();
    }

    private static JavaClasses strataClasses() {
        ImportOption notTheFixtures = location -> !location.contains("/badfixture/");
        Set<Location> locations = new HashSet<>(Locations.ofPackage("io.strata"));
        // The jobs module publishes no test jar: its tests are read from its build directory.
        Path jobsTests = Scripts.REPO.resolve("jobs/target/test-classes");
        if (Files.isDirectory(jobsTests)) {
            locations.add(Location.of(jobsTests));
        }
        return new ClassFileImporter().withImportOption(notTheFixtures).importLocations(locations);
    }

    private static boolean isTestCode(String uri) {
        return uri.contains("/test-classes/") || uri.contains("-tests.jar");
    }
}
