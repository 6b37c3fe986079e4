package io.strata.pipeline.metrics;

import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** Creates the {@link AccountingReporter}; {@link #register} adds it to a local cluster's configuration. */
public final class AccountingReporterFactory implements MetricReporterFactory {

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new AccountingReporter();
    }

    /** Adds the reporter to {@code config} under the name {@code strata_accounting}. */
    public static Configuration register(Configuration config) {
        config.setString("metrics.reporter.strata_accounting.factory.class", AccountingReporterFactory.class.getName());
        return config;
    }
}
