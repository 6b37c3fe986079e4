package io.strata.tests.testutils;

import io.strata.pipeline.testutils.FrameBuilder;

/**
 * A small fleet for stream tests: {@code hosts} hosts, each sending one frame per 10 s tick with a
 * gauge ({@code it_load}) and a counter ({@code it_ops_total}) of known values, starting 5 s after
 * the minute boundary {@code t0EpochMillis}. So a tick's frame is easy to recognise in the output:
 * the gauge's value is the tick, the counter's the sum of the ticks so far.
 */
public record HostTicks(String run, int hosts, long t0EpochMillis) {

    public static final long TICK_MILLIS = 10_000;
    /** Samples per frame: one gauge, one counter. */
    public static final int SAMPLES_PER_FRAME = 2;

    public String host(int host) {
        return "h" + host;
    }

    public long timestamp(int tick) {
        return t0EpochMillis + 5_000 + tick * TICK_MILLIS;
    }

    public byte[] frame(int host, int tick) {
        String instance = host(host) + ":9100";
        return FrameBuilder.frame()
                .series("__name__", "it_load", "cluster", run, "instance", instance, "job", "it")
                .sample(timestamp(tick), tick)
                .series("__name__", "it_ops_total", "cluster", run, "instance", instance, "job", "it")
                .sample(timestamp(tick), tick * (tick + 1) / 2.0)
                .build();
    }

    /** Samples sent by all hosts over ticks {@code [fromTick, toTick)}. */
    public long samples(int fromTick, int toTick) {
        return (long) hosts * (toTick - fromTick) * SAMPLES_PER_FRAME;
    }
}
