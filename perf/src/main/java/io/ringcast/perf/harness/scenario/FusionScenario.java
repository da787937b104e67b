package io.ringcast.perf.harness.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcast.perf.harness.client.BenchClient;
import io.ringcast.perf.harness.client.ClientHandler;
import io.ringcast.perf.harness.measure.OpenLoop;
import io.ringcast.perf.harness.measure.SeriesRecorder;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * {@code fusion}: N sessions each open a fusion session of 3 streams (visual {@code latest} at 30/s, text
 * {@code all} at 5/s, audio-meta {@code latest} at 10/s) into 10 ms windows: 100 windows per second per
 * session, more than a provider with the GPU cost model serves, so it falls behind and latest windows are
 * conflated. Measures window close to {@code fuse_result} (the server's {@code latency_ms}, and as the
 * client sees it from the window's end), results per second, conflation ratio, refusals, and that results
 * stay in window order and every session closes.
 */
public final class FusionScenario implements Scenario
{
    private static final int WINDOW_MS = 10;
    private static final int TICK_HZ = 30;

    @Override
    public String name()
    {
        return "fusion";
    }

    @Override
    public String description()
    {
        return "N sessions x 3 streams into 10 ms windows: window close -> result p50/p99, conflation ratio";
    }

    @Override
    public void run(final ScenarioContext ctx) throws Exception
    {
        final BenchSettings s = ctx.settings();
        final int n = s.quick() ? 3 : 10;
        final SeriesRecorder seen =
            ctx.series("fusion", "window end -> fuse_result received (client clock, window end from fuse_opened)");
        final SeriesRecorder server = ctx.series("fusion-server", "window close -> result, the server's latency_ms");
        final AtomicLongArray opened = new AtomicLongArray(n);
        final AtomicLongArray lastWindow = new AtomicLongArray(n);
        final LongAdder results = new LongAdder();
        final LongAdder conflated = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder outOfOrder = new LongAdder();
        final LongAdder closed = new LongAdder();
        final AtomicReference<String> firstError = new AtomicReference<>();
        for (int i = 0; i < n; i++)
        {
            lastWindow.set(i, -1);
        }
        final List<BenchClient> clients = ctx.connector().connectAll(n, i -> new ClientHandler()
        {
            @Override
            public void onMessage(final JsonNode m, final long arrivedNanos)
            {
                switch (m.path("type").asText())
                {
                    case "fuse_opened" -> opened.set(i, arrivedNanos);
                    case "fuse_closed" -> closed.increment();
                    case "error" ->
                    {
                        refused.increment();
                        firstError.compareAndSet(null, m.path("code").asText() + ": " + m.path("message").asText());
                    }
                    case "fuse_result" ->
                    {
                        final long w = m.path("window").asLong();
                        if (w <= lastWindow.getAndSet(i, w))
                        {
                            outOfOrder.increment();
                        }
                        results.increment();
                        conflated.add(m.path("conflated").asLong());
                        server.recordMicros((long)(m.path("latency_ms").asDouble() * 1000));
                        final long windowEnd = opened.get(i) + (w + 1) * WINDOW_MS * 1_000_000L;
                        seen.recordMicros(Math.max(0, (arrivedNanos - windowEnd) / 1000));
                    }
                    default ->
                        {
                    }
                }
            }
        });
        ctx.sessions().addAndGet(clients.size());
        for (final BenchClient c : clients)
        {
            c.send("{\"type\":\"fuse_open\",\"id\":\"bench\",\"model\":\"summary\",\"window_ms\":" + WINDOW_MS +
                ",\"streams\":[" +
                "{\"name\":\"visual\",\"kind\":\"visual\",\"policy\":\"latest\"},{\"name\":\"text\"," +
                "\"kind\":\"text\",\"policy\":\"all\"}," +
                "{\"name\":\"audio-meta\",\"kind\":\"audio-meta\",\"policy\":\"latest\"}]}");
        }
        Await.until(() -> IntStream.range(0, n).allMatch(i -> opened.get(i) != 0), 5_000);
        final LongAdder latestSent = new LongAdder();
        final OpenLoop loop = new OpenLoop();
        final long start = System.nanoTime();
        loop.run(start, 1e9 / TICK_HZ, start + s.duration().toNanos(), () -> false, (k, t) ->
        {
            for (final BenchClient c : clients)
            {
                c.send(item("visual", "{\"frame\":" + k + ",\"boxes\":[[10,20,30,40]]}"));
                latestSent.increment();
                if (k % 3 == 0)
                {
                    c.send(item("audio-meta", "{\"energy\":" + (k % 100) + "}"));
                    latestSent.increment();
                }
                if (k % 6 == 0)
                {
                    c.send(item("text", "\"caption " + k + "\""));
                }
            }
        });
        clients.forEach(c -> c.send("{\"type\":\"fuse_close\",\"id\":\"bench\"}"));
        final boolean allClosed = Await.until(() -> closed.sum() >= clients.size(), 15_000);
        clients.forEach(BenchClient::close);
        ctx.sessions().addAndGet(-clients.size());
        ctx.senderLag(loop);
        ctx.sample();
        final double seconds = s.duration().toMillis() / 1000.0;
        ctx.metric(Metric.info(name(), "sessions", clients.size(), "count"));
        ctx.metric(Metric.info(name(), "results per second", results.sum() / seconds, "msg/s"));
        ctx.metric(
            Metric.info(name(), "window close -> result p50 (server)", Percentiles.ms(server.corrected(), 50), "ms"));
        ctx.metric(
            Metric.info(name(), "window close -> result p99 (server)", Percentiles.ms(server.corrected(), 99), "ms"));
        ctx.metric(
            Metric.info(name(), "window end -> result received p50", Percentiles.ms(seen.corrected(), 50), "ms"));
        ctx.metric(
            Metric.info(name(), "window end -> result received p99", Percentiles.ms(seen.corrected(), 99), "ms"));
        ctx.metric(Metric.info(name(), "conflation ratio (latest items replaced / sent)",
            latestSent.sum() == 0 ? 0 : 100.0 * conflated.sum() / latestSent.sum(), "%"));
        ctx.metric(Metric.info(name(), "errors (items refused: overloaded)", refused.sum(), "count"));
        if (firstError.get() != null)
        {
            ctx.note("first error: " + firstError.get());
        }
        ctx.metric(Metric.slo(name(), "results out of window order", outOfOrder.sum(), "count", Metric.Rule.EQUALS, 0));
        ctx.metric(Metric.slo(name(), "sessions closed after their last result",
            allClosed ? clients.size() : closed.sum(), "count",
            Metric.Rule.EQUALS, clients.size()));
        ctx.note(
            "window ends are estimated from fuse_opened's arrival, so the client figure includes one-way delivery " +
                "twice at most.");
        ctx.note(
            "conflation is the server's count of latest items replaced within or across windows (a provider behind " +
                "the input).");
    }

    private static String item(final String stream, final String data)
    {
        return "{\"type\":\"fuse_data\",\"id\":\"bench\",\"stream\":\"" + stream + "\",\"data\":" + data + "}";
    }
}
