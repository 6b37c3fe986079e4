package io.strata.tests.testutils;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.StrataCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs a {@code strata} subcommand in this JVM, as a user runs {@code bin/strata}. */
public final class StrataCommand {

    private StrataCommand() {}

    /** Runs {@code strata args...}, asserts it exits 0 and returns what it printed, trimmed. */
    public static String run(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        int exit;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new StrataCli()).execute(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        String out = printed.toString(StandardCharsets.UTF_8).trim();
        String err = errors.toString(StandardCharsets.UTF_8).trim();
        System.err.print(errors.toString(StandardCharsets.UTF_8));
        assertThat(exit).as("strata %s printed %s; on stderr: %s", String.join(" ", args), out, err).isZero();
        return out;
    }
}
