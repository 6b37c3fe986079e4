package io.strata.tests.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import io.strata.pipeline.JobSettings;
import io.strata.pipeline.state.SavepointContract;
import io.strata.pipeline.testutils.Harnesses;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

/** The structure rules the build enforces ({@link ArchitectureTest}); each says why in its {@code because}. */
final class ArchitectureRules {

    /** operators/ holds pure data structures: no Flink, no files, sockets or byte streams. */
    static final ArchRule OPERATORS_ARE_PURE = noClasses()
            .that().resideInAPackage("io.strata.operators..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "java.net..", "java.nio.file..",
                    "java.nio.channels..", "software.amazon..", "org.apache.kafka..", "org.apache.parquet..",
                    "org.apache.avro..", "org.apache.hadoop..")
            .orShould().dependOnClassesThat().belongToAnyOf(File.class, FileInputStream.class, FileOutputStream.class,
                    FileReader.class, FileWriter.class, RandomAccessFile.class, InputStream.class, OutputStream.class,
                    DataInput.class, DataOutput.class)
            .because("operators/ is pure, exhaustively tested data structures: Flink wiring lives in pipeline/, "
                    + "byte layouts in pipeline.state, I/O at the edges");

    /** Every state descriptor comes from the savepoint contract, so no state escapes its table. */
    static final ArchRule STATE_ONLY_FROM_THE_SAVEPOINT_CONTRACT = noClasses()
            .that().doNotHaveFullyQualifiedName(SavepointContract.class.getName())
            .should().callConstructorWhere(target(owner(assignableTo(StateDescriptor.class))))
            .because("a state missing from SavepointContract.ENTRIES is a savepoint contract nobody sees: "
                    + "add its descriptor to SavepointContract");

    /** Environments and harnesses come with Strata's job settings (no Kryo fallback). */
    static final ArchRule NO_ENVIRONMENT_WITHOUT_JOB_SETTINGS = noClasses()
            .that().doNotHaveFullyQualifiedName(JobSettings.class.getName())
            .and().doNotHaveFullyQualifiedName(Harnesses.class.getName())
            .should().callMethodWhere(target(owner(type(StreamExecutionEnvironment.class)))
                    .and(target(nameMatching("getExecutionEnvironment|createLocalEnvironment.*|createRemoteEnvironment"))))
            .orShould().callMethodWhere(target(owner(type(ExecutionConfig.class)))
                    .and(target(nameMatching("enableGenericTypes|enableObjectReuse"))))
            .orShould().callConstructorWhere(target(owner(assignableTo(AbstractStreamOperatorTestHarness.class))))
            .orShould().callMethodWhere(target(owner(type(ProcessFunctionTestHarnesses.class))))
            .because("a test environment or harness that allows Kryo tests a job that does not run: "
                    + "take environments from JobSettings and harnesses from testutils.Harnesses");

    /** The demo's generator stays out of what a cluster runs (the job jar leaves io.strata.jobs.demo out). */
    static final ArchRule DEMO_ONLY_FOR_THE_COMMAND_LINE = noClasses()
            .that().resideInAnyPackage("io.strata.operators..", "io.strata.pipeline..", "io.strata.jobs", "io.strata.jobs.config..")
            .and().doNotHaveFullyQualifiedName("io.strata.jobs.StrataCli")
            .and().resideOutsideOfPackage("io.strata.jobs.demo..")
            .and().haveNameNotMatching("io\\.strata\\.jobs\\.StrataCli\\$.*")
            .should().dependOnClassesThat().resideInAPackage("io.strata.jobs.demo..")
            .because("the job jar a cluster runs leaves io.strata.jobs.demo out: only strata demo (StrataCli) may use it");

    private ArchitectureRules() {}
}
