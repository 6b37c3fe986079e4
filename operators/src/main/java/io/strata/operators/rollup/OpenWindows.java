package io.strata.operators.rollup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The open windows of one series, oldest first: epoch-aligned, each kept until closed or purged.
 * A series' samples arrive in order, so a sample falls in the newest window or opens one after it.
 * Usually one window is open, two while the watermark trails a window boundary. Not thread-safe.
 *
 * @param <W> what a window accumulates
 */
final class OpenWindows<W extends OpenWindows.Window> {

    /** A window's span, [start, end); subclasses add what it accumulates. */
    abstract static class Window {
        final long windowStartEpochMillis;
        final long windowEndEpochMillis;

        Window(long windowStartEpochMillis, long windowEndEpochMillis) {
            this.windowStartEpochMillis = windowStartEpochMillis;
            this.windowEndEpochMillis = windowEndEpochMillis;
        }
    }

    private static final Window[] NONE = new Window[0];

    private Window[] open = NONE;

    /** The newest window if it starts at {@code windowStartEpochMillis}, else null. */
    @SuppressWarnings("unchecked")
    W newestStartingAt(long windowStartEpochMillis) {
        if (open.length > 0 && open[open.length - 1].windowStartEpochMillis == windowStartEpochMillis) {
            return (W) open[open.length - 1];
        }
        return null;
    }

    /** Adds {@code window} after the newest; returns it. */
    W append(W window) {
        open = Arrays.copyOf(open, open.length + 1);
        open[open.length - 1] = window;
        return window;
    }

    /** The open window starting at {@code windowStartEpochMillis}, or null. */
    @SuppressWarnings("unchecked")
    W startingAt(long windowStartEpochMillis) {
        for (int i = open.length - 1; i >= 0; i--) {
            if (open[i].windowStartEpochMillis == windowStartEpochMillis) {
                return (W) open[i];
            }
        }
        return null;
    }

    /** {@code result} of each open window that ends at or before {@code epochMillis}, oldest first. */
    @SuppressWarnings("unchecked")
    <A> List<A> endingBy(long epochMillis, Function<W, A> result) {
        int ended = countEndingBy(epochMillis);
        if (ended == 0) {
            return List.of();
        }
        List<A> results = new ArrayList<>(ended);
        for (int i = 0; i < ended; i++) {
            results.add(result.apply((W) open[i]));
        }
        return results;
    }

    /** Removes every open window that ends at or before {@code epochMillis}. */
    void removeEndingBy(long epochMillis) {
        int ended = countEndingBy(epochMillis);
        if (ended > 0) {
            open = ended == open.length ? NONE : Arrays.copyOfRange(open, ended, open.length);
        }
    }

    /** The end of the earliest open window, or {@link Long#MAX_VALUE} if none is open. */
    long earliestEnd() {
        return open.length == 0 ? Long.MAX_VALUE : open[0].windowEndEpochMillis;
    }

    boolean isEmpty() {
        return open.length == 0;
    }

    int size() {
        return open.length;
    }

    /** {@code each} of the open windows, oldest first. */
    @SuppressWarnings("unchecked")
    <T> List<T> map(Function<W, T> each) {
        List<T> mapped = new ArrayList<>(open.length);
        for (Window window : open) {
            mapped.add(each.apply((W) window));
        }
        return mapped;
    }

    /** Windows of {@code windows}, oldest first, each made by {@code window}. */
    static <T, W extends Window> OpenWindows<W> of(List<T> windows, Function<T, W> window) {
        OpenWindows<W> restored = new OpenWindows<>();
        restored.open = windows.isEmpty() ? NONE : windows.stream().map(window).toArray(Window[]::new);
        return restored;
    }

    /** A copy with each window copied by {@code copy}. */
    @SuppressWarnings("unchecked")
    OpenWindows<W> copy(UnaryOperator<W> copy) {
        return of(Arrays.asList(open), w -> copy.apply((W) w));
    }

    @Override
    public String toString() {
        return Arrays.toString(open);
    }

    private int countEndingBy(long epochMillis) {
        int ended = 0;
        while (ended < open.length && open[ended].windowEndEpochMillis <= epochMillis) {
            ended++;
        }
        return ended;
    }
}
