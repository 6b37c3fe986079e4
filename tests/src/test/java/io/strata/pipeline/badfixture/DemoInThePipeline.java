package io.strata.pipeline.badfixture;

import io.strata.jobs.demo.GameTelemetryGenerator;

/** Breaks {@code DEMO_ONLY_FOR_THE_COMMAND_LINE} on purpose: the pipeline using the demo's generator. */
public final class DemoInThePipeline {

    public long frames() {
        return new GameTelemetryGenerator(1, 1, 1, 0).frameCount();
    }
}
