package io.strata.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The bytes a savepoint takes on disk, every file under its directory. */
final class SavepointSize {

    private SavepointSize() {}

    static long of(String location) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of(URI.create(location)))) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
