package io.strata.operators.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpenWindowsTest {

    private static final long MINUTE = 60_000;

    static final class Span extends OpenWindows.Window {
        Span(long windowStartEpochMillis, long windowEndEpochMillis) {
            super(windowStartEpochMillis, windowEndEpochMillis);
        }

        static Span at(long minute) {
            return new Span(minute * MINUTE, (minute + 1) * MINUTE);
        }
    }

    @Test
    void newestStartingAt_onlyTheNewestWindowMatches() {
        OpenWindows<Span> open = new OpenWindows<>();
        open.append(Span.at(0));
        open.append(Span.at(1));

        assertThat(open.newestStartingAt(MINUTE).windowStartEpochMillis).isEqualTo(MINUTE);
        assertThat(open.newestStartingAt(0)).isNull();
        assertThat(open.startingAt(0).windowStartEpochMillis).isZero();
        assertThat(open.startingAt(2 * MINUTE)).isNull();
    }

    @Test
    void endingBy_thenRemoveEndingBy_takesTheOldestUpToTheBound() {
        OpenWindows<Span> open = OpenWindows.of(List.of(0L, 1L, 2L), Span::at);

        assertThat(open.endingBy(2 * MINUTE, span -> span.windowStartEpochMillis)).containsExactly(0L, MINUTE);
        assertThat(open.endingBy(MINUTE - 1, span -> span.windowStartEpochMillis)).isEmpty();
        open.removeEndingBy(2 * MINUTE);

        assertThat(open.map(span -> span.windowStartEpochMillis)).containsExactly(2 * MINUTE);
        assertThat(open.earliestEnd()).isEqualTo(3 * MINUTE);
        open.removeEndingBy(Long.MAX_VALUE);
        assertThat(open.isEmpty()).isTrue();
        assertThat(open.earliestEnd()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void copy_isIndependentOfTheOriginal() {
        OpenWindows<Span> open = OpenWindows.of(List.of(0L), Span::at);
        OpenWindows<Span> copy = open.copy(span -> new Span(span.windowStartEpochMillis, span.windowEndEpochMillis));

        open.append(Span.at(1));

        assertThat(copy.size()).isEqualTo(1);
        assertThat(open.size()).isEqualTo(2);
    }
}
