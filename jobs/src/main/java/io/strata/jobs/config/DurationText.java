package io.strata.jobs.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as the config and the command line write them: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 7d}. */
public final class DurationText {

    static final String EXPECTED = "a duration such as 500ms, 30s, 10m or 1h";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private DurationText() {}

    /** The duration {@code text} writes, or {@code null} if it writes none. */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Reads a command-line option's duration. */
    public static final class Converter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration duration = parse(value);
            if (duration == null) {
                throw new TypeConversionException("expected " + EXPECTED + ", got '" + value + "'");
            }
            return duration;
        }
    }
}
