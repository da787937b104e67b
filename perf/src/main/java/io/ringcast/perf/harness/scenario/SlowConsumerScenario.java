package io.ringcast.perf.harness.scenario;

import io.ringcast.perf.harness.client.BenchClient;
import io.ringcast.perf.harness.client.ClientHandler;
import io.ringcast.perf.harness.client.Requests;
import io.ringcast.perf.harness.measure.OpenLoop;
import io.ringcast.perf.harness.target.ServerMetrics;
import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * {@code slow-consumer}: normal sessions speak (1 s utterances every 1.5 s, open loop) while FAL and jitter
 * are measured: first alone (baseline), then with {@code --slow-share} extra clients that stop reading
 * while a publisher floods a topic they subscribe to and each has 200 s of audio queued. The normal
 * sessions' FAL and jitter p95 must stay within 10% of the baseline (or 1 ms, whichever is larger: sub-ms
 * figures are noise on 2 shared cores); the stalled ones must be detected (backpressure, slow-send or
 * eviction in the server's metrics), and the server's heap must stay bounded.
 */
public final class SlowConsumerScenario implements Scenario
{
    private static final String TOPIC = "bench.flood";

    @Override
    public String name()
    {
        return "slow-consumer";
    }

    @Override
    public String description()
    {
        return "stalled clients must not move the others' FAL and jitter; they are detected and evicted; memory " +
            "bounded";
    }

    @Override
    public void run(final ScenarioContext ctx)
    {
        final BenchSettings s = ctx.settings();
        final int n = s.quick() ? 5 : 10;
        final int slow = Math.max(1, (int)Math.ceil(n * s.slowShare()));
        final SpeechTally base = tally(ctx, "slow-consumer-baseline");
        phase(ctx, n, base, s.duration().toNanos());
        final ServerMetrics before = ctx.target().metrics();
        final List<BenchClient> stalled = ctx.connector().connectAll(slow, i -> ClientHandler.NONE);
        stalled.forEach(c ->
        {
            c.send(Requests.subscribe(TOPIC));
            c.send(Requests.speak("long", Requests.text(4096)));
        });
        Await.sleep(200);
        stalled.forEach(BenchClient::stall);
        final BenchClient flooder = ctx.connector().connect(ClientHandler.NONE);
        ctx.sessions().addAndGet(stalled.size() + 1);
        final String data = "{\"pad\":\"" + "x".repeat(12_000) + "\"}";
        final Thread flood = new Thread(() ->
        {
            final long start = System.nanoTime();
            new OpenLoop().run(start, 1e9 / Math.min(150, 0.9 * s.connectionRate()),
                start + s.duration().toNanos() + 2_000_000_000L,
                () -> flooder == null, (i, t) -> flooder.send(Requests.publish(TOPIC, data, "bulk")));
        }, "bench-flood");
        flood.start();
        Await.sleep(2_000); // let the stalled sockets fill before measuring
        final SpeechTally loaded = tally(ctx, "slow-consumer-loaded");
        phase(ctx, n, loaded, s.duration().toNanos());
        joinQuietly(flood);
        final ServerMetrics after = ctx.target().metrics();
        final long closed = stalled.stream().filter(c -> c.closed().isDone()).count();
        stalled.forEach(BenchClient::close);
        if (flooder != null)
        {
            flooder.close();
        }
        ctx.sessions().addAndGet(-(stalled.size() + 1));
        ctx.sample();
        compare(ctx, "FAL p95", base.fal.corrected(), loaded.fal.corrected());
        compare(ctx, "jitter p95", base.jitter.corrected(), loaded.jitter.corrected());
        base.schedule().report(ctx, name(), " (baseline) @" + n + " sessions");
        loaded.schedule().report(ctx, name(), " (with stalled clients) @" + n + " sessions");
        if (!ctx.target().hasRingcastMetrics())
        {
            ctx.note(
                "skipped the server-side figures (slow clients detected, evictions, drops, heap): the server has no " +
                    "ringcast /metrics.");
            return;
        }
        final double detected = sum(before, after, "ringcast_backpressure_events", null) +
            sum(before, after, "ringcast_slow_send_events", null) +
            sum(before, after, "ringcast_streams_ended", "state=\"evicted\"");
        ctx.metric(Metric.info(name(), "stalled clients", stalled.size(), "count"));
        ctx.metric(
            Metric.slo(name(), "slow clients detected (backpressure + slow-send + eviction events)", detected, "count",
                Metric.Rule.AT_LEAST, 1));
        ctx.metric(Metric.info(name(), "server evictions during the phase",
            sum(before, after, "ringcast_streams_ended", "state=\"evicted\""), "count"));
        ctx.metric(Metric.info(name(), "stalled connections closed by the server", closed, "count"));
        ctx.metric(Metric.info(name(), "messages dropped by the server",
            sum(before, after, "ringcast_messages_dropped", null), "count"));
        if (before != null && after != null)
        {
            final double heapBefore = before.sum("ringcast_jvm_heap_used_bytes", null) / 1e6;
            final double heapAfter = after.sum("ringcast_jvm_heap_used_bytes", null) / 1e6;
            ctx.metric(Metric.info(name(), "server heap before", heapBefore, "MB"));
            ctx.metric(Metric.slo(name(),
                "server heap growth while stalled (bound: 4 MiB queue + 256 KiB in flight per session)",
                heapAfter - heapBefore, "MB", Metric.Rule.BELOW, 256));
        }
        ctx.note(
            "stalled clients stop reading (no WebSocket demand), so the server's writes back up into TCP and its " +
                "queues; " +
                "a publisher floods their topic with 12 KB BULK messages to fill the buffers quickly.");
    }

    private static double sum(final ServerMetrics before, final ServerMetrics after, final String name,
        final String label)
    {
        if (before == null || after == null)
        {
            return Double.NaN;
        }
        final double d = before.delta(after, name, label);
        return Double.isNaN(d) ? 0 : d;
    }

    private static SpeechTally tally(final ScenarioContext ctx, final String name)
    {
        return new SpeechTally(ctx.series(name + "-fal", "FAL of the normal sessions (" + name + ")"), null, null,
            ctx.series(name + "-jitter", "frame jitter of the normal sessions (" + name + ")"), null, 20, 3, 0)
            .schedule(ScheduleTally.of(ctx, name));
    }

    private static void phase(final ScenarioContext ctx, final int n, final SpeechTally tally, final long length)
    {
        try (SpeechPhase phase = SpeechPhase.open(ctx, n, tally, "n"))
        {
            final String text = Requests.text(20);
            final OpenLoop loop = new OpenLoop();
            final long start = System.nanoTime() + 20_000_000L;
            if (phase.size() > 0)
            {
                loop.run(start, 1.5e9 / phase.size(), start + length, () -> false,
                    (i, t) -> phase.probes().get((int)(i % phase.size())).speak(text, t));
            }
            Await.until(() -> tally.ended.sum() + tally.errorCount() >= tally.speaks.sum(), 5_000);
            ctx.senderLag(loop);
        }
    }

    private void compare(final ScenarioContext ctx, final String what, final Histogram base, final Histogram loaded)
    {
        final Targets t = ctx.settings().targets();
        final double b = Percentiles.ms(base, 95);
        final double l = Percentiles.ms(loaded, 95);
        ctx.metric(Metric.info(name(), what + " baseline", b, "ms"));
        ctx.metric(Metric.slo(name(), what + " with stalled clients (<= baseline + max(10%, 1 ms))", l, "ms",
            Metric.Rule.AT_MOST,
            b + Math.max(b * t.isolation(), t.isolationFloorMs())));
    }

    private static void joinQuietly(final Thread t)
    {
        try
        {
            t.join(30_000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
