package io.strata.pipeline.sink.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ReceiverMessageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # Prometheus 2.42 echoes the series in its 400 answers (storage/remote write handler).
            prometheus series | out of bounds: series {__name__="login_total", user_email="a@b.c"} | out of bounds: series {__name__="…", user_email="…"}
            escaped quote     | label {user_email="a\\"@b.c", job="x"}                             | label {user_email="…", job="…"}
            single quotes     | bad series {user_email='a@b.c'}                                   | bad series {user_email='…'}
            # Mimir's validation messages name the label and quote the value (pkg/distributor/validate.go).
            mimir value       | label: 'user_email', value: 'a@b.c' (truncated)                   | label: 'user_email', value: '…' (truncated)
            unclosed          | series {user_email="a@b.c                                        | series {user_email="…
            no labels         | duplicate label names                                             | duplicate label names
            """)
    void redact_masksValuesKeepsNames(String name, String body, String expected) {
        assertThat(ReceiverMessage.redact(body)).isEqualTo(expected).doesNotContain("a@b.c");
    }

    @Test
    void redact_megabyteAnswer_cutToTheCap() {
        String body = "series {user_email=\"a@b.c\"} " + "x".repeat(1_000_000);

        String redacted = ReceiverMessage.redact(body);

        assertThat(redacted).hasSize(ReceiverMessage.MAX_CHARS + ReceiverMessage.CUT.length())
                .startsWith("series {user_email=\"…\"} xxx").endsWith(ReceiverMessage.CUT);
    }

    @Test
    void redact_hugeValue_maskedNotCopied() {
        String body = "series {user_email=\"" + "a".repeat(1_000_000) + "\", job=\"x\"}";

        assertThat(ReceiverMessage.redact(body)).isEqualTo("series {user_email=\"…\", job=\"…\"}");
    }
}
