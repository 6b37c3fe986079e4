package io.strata.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The defaults docs/CONFIG.md states (from StrataOptions) are the ones the loader takes. */
class StrataOptionsDefaultsTest {

    /** A default given as one literal: {@code `30s`}, or a tenant's {@code default: `20000`}. */
    private static final Pattern LITERAL = Pattern.compile("(?:default: )?`([^`]+)`");

    /** Minimal configs between them reading every section: Kafka and Kinesis, hot, S3 cold, a tenant. */
    private static final String[] CONFIGS = {
        """
        source:
          kafka: {bootstrap-servers: '127.0.0.1:9092', topic: frames}
        limits:
          tenants:
            lowprio: {priority: 10}
        hot:
          remote-write:
            url: http://127.0.0.1:9090/api/v1/write
            auth: {sigv4: {region: us-east-1}}
            derived: {url: http://127.0.0.1:9091/api/v1/write}
        cold:
          path: s3://bucket/strata
          s3: {region: us-east-1, credentials: {provider: default}}
        """,
        """
        source:
          kinesis:
            stream-arn: arn:aws:kinesis:us-east-1:000000000000:stream/frames
            credentials: {provider: default}
        cold:
          path: /tmp/strata-unused
        """,
    };

    @Test
    void everyLiteralDefault_isTheDefaultTheLoaderTakes() {
        Map<String, Object> taken = new HashMap<>();
        for (String yaml : CONFIGS) {
            ConfigReader reader = new ConfigReader();
            StrataConfigLoader.parse(yaml, "defaults.yaml", RuleFiles.relativeTo(Path.of(".")), reader);
            taken.putAll(reader.defaultsTaken());
        }

        int checked = 0;
        for (ConfigOption option : StrataOptions.ALL) {
            Matcher literal = LITERAL.matcher(option.defaultText());
            if (!literal.matches() || !taken.containsKey(option.key())) {
                continue;
            }
            assertThat(documented(option.type(), literal.group(1)))
                    .as("default of %s in StrataOptions (docs/CONFIG.md)", option.key())
                    .isEqualTo(normal(taken.get(option.key())));
            checked++;
        }
        assertThat(checked).as("literal defaults checked").isGreaterThanOrEqualTo(50);
    }

    private static Object documented(ConfigOption.Type type, String text) {
        return switch (type) {
            case DURATION -> DurationText.parse(text);
            case COUNT -> Integer.parseInt(text);
            case BOOLEAN -> Boolean.parseBoolean(text);
            case LIST -> text.equals("[]") ? java.util.List.of() : java.util.List.of(text.split(", "));
            default -> text;
        };
    }

    private static Object normal(Object value) {
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        if (value instanceof Duration || value instanceof Integer || value instanceof Boolean) {
            return value;
        }
        return value instanceof java.util.List<?> ? value : String.valueOf(value);
    }
}
