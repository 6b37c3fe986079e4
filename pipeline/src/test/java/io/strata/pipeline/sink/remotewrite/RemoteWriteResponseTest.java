package io.strata.pipeline.sink.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Status codes and bodies as Prometheus 2.42's remote write receiver answers them. */
class RemoteWriteResponseTest {

    @ParameterizedTest(name = "{0}: {1} \"{2}\" -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            written                          | 204 | null                                    | DELIVERED
            any 2xx                          | 200 | ''                                      | DELIVERED
            too many requests                | 429 | rate limited                            | RETRY
            request timeout                  | 408 | null                                    | RETRY
            no answer                        | 0   | java.net.ConnectException               | RETRY
            unavailable                      | 503 | service unavailable                     | RETRY
            internal error, transient        | 500 | context deadline exceeded               | RETRY
            internal error, no body          | 500 | null                                    | RETRY
            native histograms disabled       | 500 | native histograms are disabled          | REJECTED_PERMANENT
            native histograms disabled, case | 500 | Native Histograms Are Disabled          | REJECTED_PERMANENT
            histogram validation             | 500 | histogram has a negative bucket count   | REJECTED_PERMANENT
            duplicate label names            | 500 | duplicate label names                   | REJECTED_PERMANENT
            out of order                     | 400 | out of order sample                     | ALREADY_DELIVERED
            duplicate timestamp              | 400 | duplicate sample for timestamp          | ALREADY_DELIVERED
            out of bounds                    | 400 | out of bounds                           | TOO_OLD
            too old for the ooo window       | 400 | too old sample                          | TOO_OLD
            bad request                      | 400 | invalid metric name                     | REJECTED
            undecodable                      | 400 | snappy: corrupt input                   | REJECTED
            unauthorized                     | 401 | null                                    | UNAUTHORIZED
            forbidden                        | 403 | null                                    | UNAUTHORIZED
            not found                        | 404 | 404 page not found                      | REJECTED
            """)
    void classify_statusAndBody_givesOutcome(String name, int status, String body, RemoteWriteResponse expected) {
        assertThat(RemoteWriteResponse.classify(status, body)).isEqualTo(expected);
    }
}
