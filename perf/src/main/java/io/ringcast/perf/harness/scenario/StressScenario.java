package io.ringcast.perf.harness.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcast.perf.harness.client.BenchClient;
import io.ringcast.perf.harness.client.ClientHandler;
import io.ringcast.perf.harness.client.Requests;
import io.ringcast.perf.harness.target.ServerMetrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code stress}: connections send a mix of messages back to back (ping, short speak, publish, subscribe,
 * malformed JSON, unknown type), keeping at most 32 queued each, far above the per-connection rate limit.
 * Counted: messages sent, answers, errors by code (rate_limited expected), connections the server closed.
 * Afterwards the server must still be healthy and answer a new session.
 */
public final class StressScenario implements Scenario
{
    private static final String[] MIX = {
        Requests.ping(1), Requests.speak("s", "hi"), Requests.publish("bench.stress", "{\"x\":1}", "bulk"),
        Requests.subscribe("bench.stress"), "{not json", "{\"type\":\"no_such_type\"}"};

    @Override
    public String name()
    {
        return "stress";
    }

    @Override
    public String description()
    {
        return "rapid messages with minimal delay: errors and refusals counted, server healthy afterwards";
    }

    @Override
    public void run(final ScenarioContext ctx)
    {
        final int n = ctx.settings().quick() ? 5 : 10;
        final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
        final LongAdder serverClosed = new LongAdder();
        final ClientHandler counter = new ClientHandler()
        {
            @Override
            public void onMessage(final JsonNode m, final long arrivedNanos)
            {
                final String type = m.path("type").asText();
                final String key = "error".equals(type) ? "error " + m.path("code").asText() : type;
                answers.computeIfAbsent(key, k -> new LongAdder()).increment();
            }

            @Override
            public void onClose(final int code)
            {
                serverClosed.increment();
                answers.computeIfAbsent("close " + code, k -> new LongAdder()).increment();
            }
        };
        final List<BenchClient> clients = ctx.connector().connectAll(n, i -> counter);
        ctx.sessions().addAndGet(clients.size());
        final long end = System.nanoTime() + ctx.settings().durationNanos();
        long sent = 0;
        int i = 0;
        while (System.nanoTime() < end && !clients.isEmpty())
        {
            boolean any = false;
            for (final BenchClient c : clients)
            {
                if (c.queued() < 32 && c.send(MIX[i++ % MIX.length]))
                {
                    sent++;
                    any = true;
                }
            }
            if (!any)
            {
                Thread.onSpinWait();
            }
        }
        Await.sleep(1_000);
        final long closedDuringLoad = serverClosed.sum();
        clients.stream().filter(c -> c.closed().isDone()).map(BenchClient::closeReason).distinct()
            .forEach(r -> ctx.note("server close reason: '" + r + "'"));
        clients.forEach(BenchClient::close);
        ctx.sessions().addAndGet(-clients.size());
        final double seconds = ctx.settings().durationNanos() / 1e9;
        ctx.metric(Metric.info(name(), "messages sent (" + clients.size() + " connections)", sent, "count"));
        ctx.metric(Metric.info(name(), "send rate", sent / seconds, "msg/s"));
        final long answered = answers.values().stream().mapToLong(LongAdder::sum).sum();
        ctx.metric(Metric.info(name(), "server messages received", answered, "count"));
        new TreeMap<>(answers).forEach((k, v) -> ctx.metric(Metric.info(name(), "received: " + k, v.sum(), "count")));
        ctx.metric(
            Metric.slo(name(), "connections closed by the server", closedDuringLoad, "count", Metric.Rule.EQUALS, 0));
        ctx.metric(Metric.slo(name(), "/healthz after", ServerMetrics.health(ctx.target().httpBase()), "status",
            Metric.Rule.EQUALS, 200));
        final LongAdder pong = new LongAdder();
        final BenchClient fresh = ctx.connector().connect(new ClientHandler()
        {
            @Override
            public void onMessage(final JsonNode m, final long arrivedNanos)
            {
                if ("pong".equals(m.path("type").asText()))
                {
                    pong.increment();
                }
            }
        });
        if (fresh != null)
        {
            fresh.send(Requests.ping(7));
            Await.until(() -> pong.sum() > 0, 5_000);
            fresh.close();
        }
        ctx.metric(
            Metric.slo(name(), "new session answered after the stress", pong.sum(), "count", Metric.Rule.EQUALS, 1));
    }
}
