package io.ringcast.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringcast.engine.EngineSnapshot;
import io.ringcast.engine.LatencyMetric;
import io.ringcast.engine.Priority;
import io.ringcast.engine.StreamSnapshot;
import io.ringcast.engine.StreamState;
import io.ringcast.gateway.stats.GatewayStats;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * {@code GET /stats}: the engine snapshot and latency percentiles as JSON; {@code ?sessions=1} adds one
 * entry per open session (state, level, sent, dropped per priority, queued, in flight, events).
 */
public final class StatsHandler implements HttpHandler
{
    private final GatewayStats stats;
    private final ObjectMapper mapper = new ObjectMapper();

    /** @param stats where the figures come from. */
    public StatsHandler(final GatewayStats stats)
    {
        this.stats = stats;
    }

    @Override
    public void handleRequest(final HttpServerExchange exchange) throws Exception
    {
        final ObjectNode root = mapper.createObjectNode();
        final EngineSnapshot e = stats.engine().snapshot();
        root.put("connections", stats.endpoint().openConnections());
        root.put("groups", e.groups());
        root.put("queued", e.queued());
        root.put("sent", e.sent());
        root.put("errors", e.errors());
        root.put("underruns", e.underruns());
        final ObjectNode states = root.putObject("streams");
        for (final StreamState s : StreamState.values())
        {
            states.put(s.name().toLowerCase(Locale.ROOT), e.states()[s.ordinal()]);
        }
        final ObjectNode priorities = root.putObject("priorities");
        for (final Priority p : Priority.values())
        {
            final ObjectNode n = priorities.putObject(p.name().toLowerCase(Locale.ROOT));
            n.put("published", e.published()[p.ordinal()]);
            n.put("rejected", e.rejected()[p.ordinal()]);
            n.put("ring_depth", e.ringDepth()[p.ordinal()]);
            n.put("dropped", e.dropped()[p.ordinal()]);
            for (final LatencyMetric m : LatencyMetric.values())
            {
                final Histogram h = stats.engine().latency(m, p);
                if (h.getTotalCount() > 0)
                {
                    final ObjectNode l = n.putObject(m.name().toLowerCase(Locale.ROOT) + "_us");
                    l.put("count", h.getTotalCount());
                    l.put("p50", h.getValueAtPercentile(50) / 1e3);
                    l.put("p99", h.getValueAtPercentile(99) / 1e3);
                    l.put("p999", h.getValueAtPercentile(99.9) / 1e3);
                    l.put("max", h.getMaxValue() / 1e3);
                }
            }
        }
        root.put("bridge_discovery", stats.bridge().metrics().discovery());
        root.put("bridge_degraded", stats.bridge().metrics().discoveryDegraded());
        if (exchange.getQueryParameters().containsKey("sessions"))
        {
            final ArrayNode sessions = root.putArray("sessions");
            for (final long id : stats.engine().streamIds())
            {
                final StreamSnapshot s = stats.engine().stream(id);
                if (s != null)
                {
                    final ObjectNode n = sessions.addObject();
                    n.put("session", "s-" + Long.toHexString(id));
                    n.put("group", s.group());
                    n.put("state", s.state().name().toLowerCase(Locale.ROOT));
                    n.put("level", s.level().name().toLowerCase(Locale.ROOT));
                    n.put("sent", s.sent());
                    n.put("sent_bytes", s.sentBytes());
                    final ArrayNode dropped = n.putArray("dropped");
                    for (final long d : s.dropped())
                    {
                        dropped.add(d);
                    }
                    n.put("queued", s.queued());
                    n.put("queued_bytes", s.queuedBytes());
                    n.put("inflight_bytes", s.inflightBytes());
                    n.put("backpressure_events", s.backpressureEvents());
                    n.put("slow_events", s.slowEvents());
                    n.put("underruns", s.underruns());
                }
            }
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }
}
