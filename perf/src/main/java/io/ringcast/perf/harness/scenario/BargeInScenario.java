package io.ringcast.perf.harness.scenario;

import io.ringcast.perf.harness.client.BenchClient;
import io.ringcast.perf.harness.client.Requests;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code barge-in}: each session repeats a cycle (every 800 ms, sessions phase-shifted): speak 10 s of audio;
 * at +300 ms {@code pause}; at +450 ms {@code resume}; at +650 ms {@code cancel}. Measured from the intended
 * times: pause → {@code paused}, resume → next frame, cancel → {@code cancelled}; counted: frames after
 * {@code paused} (must be 0) and frames of a cancelled utterance after {@code cancelled} (must be 0).
 */
public final class BargeInScenario implements Scenario
{
    private static final long CYCLE_MS = 800;

    @Override
    public String name()
    {
        return "barge-in";
    }

    @Override
    public String description()
    {
        return "pause -> paused, frames after paused, resume -> next frame, cancel -> cancelled";
    }

    @Override
    public void run(final ScenarioContext ctx)
    {
        final int n = ctx.settings().bargeInSessions();
        final BargeInProbe.Sinks sinks = new BargeInProbe.Sinks(
            ctx.series("barge-in", "pause sent -> paused received"),
            ctx.series("barge-in-resume", "resume sent -> next audio frame"),
            ctx.series("barge-in-cancel", "cancel sent -> cancelled received"),
            new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder());
        final List<BargeInProbe> all = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            all.add(new BargeInProbe(sinks));
        }
        final List<BenchClient> clients = ctx.connector().connectAll(n, all::get);
        final List<BargeInProbe> probes = new ArrayList<>();
        for (final BargeInProbe p : all)
        {
            for (final BenchClient c : clients)
            {
                if (c.isHandler(p))
                {
                    p.attach(c);
                    probes.add(p);
                }
            }
        }
        ctx.sessions().addAndGet(probes.size());
        final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        final String text = Requests.text(200);
        final long start = System.nanoTime() + 100_000_000L;
        final long cycles = Math.max(1, ctx.settings().duration().toMillis() / CYCLE_MS);
        for (int k = 0; k < cycles; k++)
        {
            for (int i = 0; i < probes.size(); i++)
            {
                final BargeInProbe p = probes.get(i);
                final long t0 = start + (k * CYCLE_MS * 1_000_000L) + (i * CYCLE_MS * 1_000_000L / probes.size());
                at(timer, t0, () -> p.speak(text));
                at(timer, t0 + 300_000_000L, () -> p.pause(t0 + 300_000_000L));
                at(timer, t0 + 450_000_000L, () -> p.resume(t0 + 450_000_000L));
                at(timer, t0 + 650_000_000L, () -> p.cancel(t0 + 650_000_000L));
            }
        }
        final long end = start + cycles * CYCLE_MS * 1_000_000L + 1_000_000_000L;
        Await.until(() -> System.nanoTime() > end
            && sinks.cancelledAcks().sum() >= sinks.cancelsSent().sum(), cycles * CYCLE_MS + 10_000);
        timer.shutdownNow();
        probes.forEach(p -> p.client().close());
        ctx.sessions().addAndGet(-probes.size());
        ctx.sample();
        ctx.metric(Metric.slo(name(), "sessions opened", probes.size(), "count", Metric.Rule.EQUALS, n));
        ctx.metric(Metric.slo(name(), "pauses sent", sinks.pausesSent().sum(), "count", Metric.Rule.AT_LEAST, 1));
        report(ctx, sinks);
    }

    private static void at(final ScheduledThreadPoolExecutor timer, final long nanos, final Runnable r)
    {
        timer.schedule(r, nanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    private void report(final ScenarioContext ctx, final BargeInProbe.Sinks s)
    {
        final Targets t = ctx.settings().targets();
        final Histogram paused = s.paused().corrected();
        ctx.metric(Metric.info(name(), "pause -> paused p50", Percentiles.ms(paused, 50), "ms"));
        ctx.metric(Metric.slo(name(), "pause -> paused p95", Percentiles.ms(paused, 95), "ms", Metric.Rule.BELOW,
            t.bargeInP95Ms()));
        if (t.gatewayTargets())
        {
            ctx.metric(t.gateway(name(), "pause -> paused p99 (zero-delay worker)", Percentiles.ms(paused, 99), "ms",
                Metric.Rule.AT_MOST, t.pausedP99Ms()));
        }
        else
        {
            ctx.metric(Metric.info(name(), "pause -> paused p99", Percentiles.ms(paused, 99), "ms"));
        }
        ctx.metric(Metric.info(name(), "pause -> paused p99 raw", Percentiles.ms(s.paused().raw(), 99), "ms"));
        ctx.metric(
            Metric.slo(name(), "frames after paused", s.framesAfterPaused().sum(), "count", Metric.Rule.EQUALS, 0));
        ctx.metric(Metric.slo(name(), "pauses without paused", s.pausesSent().sum() - s.pausedAcks().sum(), "count",
            Metric.Rule.EQUALS, 0));
        ctx.metric(Metric.info(name(), "resume -> next frame p95", Percentiles.ms(s.resumed().corrected(), 95), "ms"));
        ctx.metric(Metric.info(name(), "cancel -> cancelled p95", Percentiles.ms(s.cancelled().corrected(), 95), "ms"));
        ctx.metric(Metric.slo(name(), "frames after cancelled", s.framesAfterCancelled().sum(), "count",
            Metric.Rule.EQUALS, 0));
        ctx.metric(
            Metric.slo(name(), "cancels without cancelled", s.cancelsSent().sum() - s.cancelledAcks().sum(), "count",
                Metric.Rule.EQUALS, 0));
    }
}
