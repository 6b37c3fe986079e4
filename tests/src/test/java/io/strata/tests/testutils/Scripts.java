package io.strata.tests.testutils;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the repository's {@code scripts/} the way a user does, for tests that start a component of their own. */
public final class Scripts {

    /** The repository root: {@code STRATA_REPO_ROOT}, else the parent of the tests module. */
    public static final Path REPO = Path.of(System.getenv().getOrDefault("STRATA_REPO_ROOT", "..")).toAbsolutePath().normalize();

    private Scripts() {}

    /** Runs {@code scripts/<name> args...} with {@code environment} added, and asserts it exits 0. */
    public static void run(String name, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("scripts/" + name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(environment);
        assertThat(builder.start().waitFor()).as("scripts/%s", name).isZero();
    }
}
