package io.ringcast.gateway.http;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.ringcast.bridge.BridgeMetrics;
import io.ringcast.bridge.selection.ProviderMetrics;
import io.ringcast.bridge.selection.ProviderState;
import io.ringcast.engine.EngineSnapshot;
import io.ringcast.engine.LatencyMetric;
import io.ringcast.engine.Priority;
import io.ringcast.engine.StreamState;
import io.ringcast.gateway.stats.GatewayStats;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * {@code GET /metrics}: Prometheus text exposition of connections, messages in, out and dropped per
 * priority, ring depths and refusals, backpressure and slow-consumer events, stream states, latency
 * histograms from the engine's and the bridge's HdrHistograms (seconds, {@link LatencyBuckets}), bridge
 * figures, and the JVM and process metrics ({@link JvmCollectors}). Every family is documented in
 * docs/operations.md (MetricsCatalogTest keeps the two equal). Counters count since start; Prometheus
 * takes their rate.
 */
public final class MetricsHandler implements HttpHandler
{
    private final GatewayStats stats;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final PrometheusRegistry jvm = JvmCollectors.registry();

    /** @param stats where the figures come from. */
    public MetricsHandler(final GatewayStats stats)
    {
        this.stats = stats;
    }

    @Override
    public void handleRequest(final HttpServerExchange exchange) throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        writer.write(out, snapshots());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, PrometheusTextFormatWriter.CONTENT_TYPE);
        exchange.getResponseSender().send(ByteBuffer.wrap(out.toByteArray()));
    }

    MetricSnapshots snapshots()
    {
        final EngineSnapshot e = stats.engine().snapshot();
        final MetricSnapshots.Builder all = MetricSnapshots.builder();
        all.metricSnapshot(BuildInfoMetric.snapshot());
        all.metricSnapshot(
            gauge("ringcast_connections", "Open WebSocket sessions", stats.endpoint().openConnections()));
        all.metricSnapshot(counter("ringcast_connections_refused", "Connections refused at the limit or under overload",
            stats.endpoint().refusedConnections()));
        all.metricSnapshot(perPriority(counterBuilder("ringcast_messages_in", "Inbound messages accepted, by priority"),
            stats.inbound()));
        all.metricSnapshot(
            perPriority(counterBuilder("ringcast_ring_published", "Events published into the engine rings"),
                e.published()));
        all.metricSnapshot(
            perPriority(counterBuilder("ringcast_ring_rejected", "Publishes refused because a ring was full"),
                e.rejected()));
        all.metricSnapshot(
            perPriorityGauge("ringcast_ring_depth", "Events waiting in the engine rings", e.ringDepth()));
        all.metricSnapshot(counter("ringcast_messages_out", "Messages handed to sockets", e.sent()));
        all.metricSnapshot(
            perPriority(counterBuilder("ringcast_messages_dropped", "Messages dropped from outbound queues"),
                e.dropped()));
        all.metricSnapshot(gauge("ringcast_queued_messages", "Messages waiting in outbound queues", e.queued()));
        all.metricSnapshot(
            counter("ringcast_backpressure_events", "Outbound queues rising above the backpressure threshold",
                e.backpressure()));
        all.metricSnapshot(counter("ringcast_slow_send_events", "Sends slower than slow_send", e.slowEvents()));
        all.metricSnapshot(counter("ringcast_inbound_pauses",
            "Times reading a client was paused because the replies it asked for piled up (read backpressure)",
            e.inboundPauses()));
        all.metricSnapshot(counter("ringcast_pacing_underruns",
            "True audio underruns: frames whose audio arrived after they were due, each moving its utterance's grid",
            e.underruns()));
        all.metricSnapshot(counter("ringcast_errors", "Errors reported on engine threads", e.errors()));
        all.metricSnapshot(counter("ringcast_fanout_shed", "Topic and broadcast deliveries shed by the fan-out budget",
            e.fanoutShed()));
        // Open streams by state are a gauge; the two end states count since start, so they are a counter.
        final GaugeSnapshot.Builder states =
            GaugeSnapshot.builder().name("ringcast_streams").help("Open streams by state");
        final CounterSnapshot.Builder ended = counterBuilder("ringcast_streams_ended",
            "Streams ended: evicted by policy (1008) or closed by their owner");
        for (final StreamState s : StreamState.values())
        {
            final Labels l = Labels.of("state", s.name().toLowerCase(Locale.ROOT));
            final long n = e.states()[s.ordinal()];
            if (s == StreamState.EVICTED || s == StreamState.CLOSED)
            {
                ended.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(n).labels(l).build());
            }
            else
            {
                states.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(n).labels(l).build());
            }
        }
        all.metricSnapshot(states.build()).metricSnapshot(ended.build());
        final CounterSnapshot.Builder refused =
            counterBuilder("ringcast_requests_refused", "Inbound messages answered with an error");
        stats.refusals().forEach((code, n) -> refused.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
            .value(n.sum()).labels(Labels.of("code", code)).build()));
        all.metricSnapshot(refused.build());
        for (final LatencyMetric m : LatencyMetric.values())
        {
            all.metricSnapshot(latency(m));
        }
        bridge(all, stats.bridge().metrics());
        if (stats.relay() != null)
        {
            all.metricSnapshot(
                gauge("ringcast_topic_relay_connected", "1 while subscribed to other gateways' topics in Redis",
                    stats.relay().connected() ? 1 : 0));
            all.metricSnapshot(counter("ringcast_topic_relay_published", "Topic messages relayed to other gateways",
                stats.relay().published()));
            all.metricSnapshot(counter("ringcast_topic_relay_received", "Topic messages received from other gateways",
                stats.relay().received()));
            all.metricSnapshot(counter("ringcast_topic_relay_dropped", "Topic messages not relayed: relay queue full",
                stats.relay().dropped()));
            all.metricSnapshot(
                counter("ringcast_topic_relay_errors", "Redis errors of the topic relay", stats.relay().errors()));
        }
        all.metricSnapshot(
            gauge("ringcast_inbound_buffered_bytes", "Bytes held in partly received client messages, all connections",
                stats.inboundBudget().buffered()));
        all.metricSnapshot(gauge("ringcast_inbound_buffer_limit_bytes",
            "Bound of ringcast_inbound_buffered_bytes (max_inbound_buffer_bytes)",
            stats.inboundBudget().limit()));
        all.metricSnapshot(counter("ringcast_inbound_buffer_refused",
            "Connections closed with 1013 because the inbound buffers were full",
            stats.inboundBudget().refused()));
        all.metricSnapshot(
            gauge("ringcast_jvm_heap_used_bytes", "JVM heap in use (also jvm_memory_used_bytes{area=\"heap\"})",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));
        for (final MetricSnapshot m : jvm.scrape())
        {
            all.metricSnapshot(m);
        }
        return all.build();
    }

    private HistogramSnapshot latency(final LatencyMetric metric)
    {
        final HistogramSnapshot.Builder b = HistogramSnapshot.builder()
            .name("ringcast_" + metric.name().toLowerCase(Locale.ROOT) + "_seconds")
            .help("Engine " + metric.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " latency, from HdrHistogram");
        for (final Priority p : Priority.values())
        {
            b.dataPoint(LatencyBuckets.dataPoint(stats.engine().latency(metric, p),
                Labels.of("priority", p.name().toLowerCase(Locale.ROOT))));
        }
        return b.build();
    }

    private static void bridge(final MetricSnapshots.Builder all, final BridgeMetrics m)
    {
        all.metricSnapshot(
            gauge("ringcast_bridge_discovery_degraded", "1 while worker discovery is stale (Redis unreachable)",
                m.discoveryDegraded() ? 1 : 0));
        all.metricSnapshot(counter("ringcast_bridge_submitted", "Synthesis requests submitted", m.submitted()));
        all.metricSnapshot(
            counter("ringcast_bridge_overloaded", "Requests refused: provider queues full", m.overloaded()));
        all.metricSnapshot(
            counter("ringcast_bridge_unavailable", "Requests refused: no healthy worker", m.unavailable()));
        all.metricSnapshot(counter("ringcast_bridge_retries", "Requests retried on another worker", m.retries()));
        all.metricSnapshot(counter("ringcast_bridge_panic_routed",
            "Requests sent to a worker ejected for errors because no worker was healthy", m.panicRouted()));
        final GaugeSnapshot.Builder queue =
            GaugeSnapshot.builder().name("ringcast_provider_queue_depth").help("Requests queued per provider");
        final GaugeSnapshot.Builder batches =
            GaugeSnapshot.builder().name("ringcast_provider_inflight_batches").help("Batches in flight per provider");
        final GaugeSnapshot.Builder healthy =
            GaugeSnapshot.builder().name("ringcast_provider_healthy").help("1 if the provider is selectable");
        final GaugeSnapshot.Builder ewma = GaugeSnapshot.builder().name("ringcast_provider_first_chunk_ewma_seconds")
            .help("EWMA of first-chunk latency per provider");
        final CounterSnapshot.Builder errors =
            counterBuilder("ringcast_provider_errors", "Errors and timeouts per provider");
        final CounterSnapshot.Builder requests =
            counterBuilder("ringcast_provider_requests", "Requests sent per provider");
        final HistogramSnapshot.Builder firstChunk =
            HistogramSnapshot.builder().name("ringcast_provider_first_chunk_seconds")
                .help("Sent to first chunk, per provider");
        final HistogramSnapshot.Builder queueDelay =
            HistogramSnapshot.builder().name("ringcast_provider_queue_delay_seconds")
                .help("Queued to sent (batching delay), per provider");
        for (final ProviderMetrics p : m.providers())
        {
            final Labels l = Labels.of("provider", p.address());
            queue.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(p.queueDepth()).labels(l).build());
            batches
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(p.inFlightBatches()).labels(l).build());
            healthy.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .value(p.state() == ProviderState.HEALTHY ? 1 : 0).labels(l).build());
            ewma.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .value(Double.isNaN(p.ewmaFirstChunkMs()) ? 0 : p.ewmaFirstChunkMs() / 1e3).labels(l).build());
            errors.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(p.errors()).labels(l).build());
            requests
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(p.requests()).labels(l).build());
            firstChunk.dataPoint(LatencyBuckets.dataPoint(p.firstChunkNanos(), l));
            queueDelay.dataPoint(LatencyBuckets.dataPoint(p.queueDelayNanos(), l));
        }
        all.metricSnapshot(queue.build()).metricSnapshot(batches.build()).metricSnapshot(healthy.build())
            .metricSnapshot(ewma.build()).metricSnapshot(errors.build()).metricSnapshot(requests.build())
            .metricSnapshot(firstChunk.build()).metricSnapshot(queueDelay.build());
    }

    private static CounterSnapshot.Builder counterBuilder(final String name, final String help)
    {
        return CounterSnapshot.builder().name(name).help(help);
    }

    private static CounterSnapshot perPriority(final CounterSnapshot.Builder b, final long[] values)
    {
        for (final Priority p : Priority.values())
        {
            b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(values[p.ordinal()])
                .labels(Labels.of("priority", p.name().toLowerCase(Locale.ROOT))).build());
        }
        return b.build();
    }

    private static GaugeSnapshot perPriorityGauge(final String name, final String help, final long[] values)
    {
        final GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        for (final Priority p : Priority.values())
        {
            b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(values[p.ordinal()])
                .labels(Labels.of("priority", p.name().toLowerCase(Locale.ROOT))).build());
        }
        return b.build();
    }

    private static CounterSnapshot counter(final String name, final String help, final double value)
    {
        return counterBuilder(name, help)
            .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    private static GaugeSnapshot gauge(final String name, final String help, final double value)
    {
        return GaugeSnapshot.builder().name(name).help(help)
            .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }
}
