package io.strata.jobs.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the files named by {@code rules.files} are read: from disk, a relative path against the
 * config file's folder (as Prometheus resolves {@code rule_files}), or from the contents read at
 * the client and shipped with a submitted config, since the JobManager cannot see the client's
 * files.
 */
public final class RuleFiles {

    private final Path baseDirectory;
    private final Map<String, String> shipped;

    private RuleFiles(Path baseDirectory, Map<String, String> shipped) {
        this.baseDirectory = baseDirectory;
        this.shipped = shipped;
    }

    /** Files on disk; relative paths against {@code directory}. */
    public static RuleFiles relativeTo(Path directory) {
        return new RuleFiles(directory, null);
    }

    /** Contents shipped with the config, by the path the config names them with. */
    public static RuleFiles shipped(Map<String, String> contents) {
        return new RuleFiles(null, Map.copyOf(contents));
    }

    /** The contents of {@code path} as written in {@code rules.files}. */
    String read(String path) throws IOException {
        if (shipped != null) {
            String content = shipped.get(path);
            if (content == null) {
                throw new NoSuchFileException(path, null, "not shipped with the submitted config");
            }
            return content;
        }
        return Files.readString(describe(path));
    }

    /** Where {@code path} is read from, for messages. */
    Path describe(String path) {
        return baseDirectory == null ? Path.of(path) : baseDirectory.resolve(path).normalize();
    }

    /** {@code contents} (path → text) as one base64 program argument. */
    public static String encode(Map<String, String> contents) {
        try {
            byte[] json = new ObjectMapper().writeValueAsBytes(contents);
            return Base64.getEncoder().encodeToString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The contents {@link #encode} made into an argument. */
    public static Map<String, String> decode(String base64) {
        try {
            return new ObjectMapper().readValue(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8),
                    new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
