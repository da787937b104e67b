package io.ringcast.gateway.http;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The standard JVM and process metrics of prometheus-metrics-instrumentation-jvm ({@code jvm_gc_*},
 * {@code jvm_memory_*}, {@code jvm_threads_*}, {@code process_*}, ...), registered once per process: they
 * describe the JVM, not one gateway, and registering them again would add GC notification listeners per
 * gateway (tests run many gateways in one JVM).
 */
final class JvmCollectors
{
    private static final PrometheusRegistry REGISTRY = create();

    private JvmCollectors()
    {
    }

    private static PrometheusRegistry create()
    {
        final PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        return registry;
    }

    /**
     * @return the registry of the JVM and process metrics, registered on first use: get it when the gateway
     *         starts, so that allocation is counted from then on, not from the first scrape.
     */
    static PrometheusRegistry registry()
    {
        return REGISTRY;
    }
}
