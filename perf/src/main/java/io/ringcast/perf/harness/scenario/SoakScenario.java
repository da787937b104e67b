package io.ringcast.perf.harness.scenario;

import io.ringcast.perf.harness.client.Requests;
import io.ringcast.perf.harness.measure.Interval;
import io.ringcast.perf.harness.measure.OpenLoop;
import io.ringcast.perf.harness.measure.SeriesRecorder;
import io.ringcast.perf.harness.target.ServerMetrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code soak}: one session speaks twice a second for {@code --soak-duration}; the server's heap
 * ({@code ringcast_jvm_heap_used_bytes} from {@code /metrics}) is sampled over time, with this process's
 * RSS when the gateway is embedded (then RSS includes the harness). Drift: FAL p99 of the last quarter of
 * the intervals against the first quarter.
 */
public final class SoakScenario implements Scenario
{
    @Override
    public String name()
    {
        return "soak";
    }

    @Override
    public String description()
    {
        return "one long session: server heap/RSS over time, FAL drift";
    }

    @Override
    public void run(final ScenarioContext ctx)
    {
        final SeriesRecorder fal = ctx.series("soak", "FAL of one long session, speak every 500 ms");
        final GaugeSeries heap = ctx.gauge("soak server heap used", "MB");
        final GaugeSeries rss =
            ctx.target().embedded() ? ctx.gauge("soak process RSS (gateway + harness)", "MB") : null;
        final SpeechTally tally =
            new SpeechTally(fal, null, null, null, null, 20, 3, 0).schedule(ScheduleTally.of(ctx, "soak"));
        final long length = ctx.settings().soakDuration().toNanos();
        final ScheduledExecutorService gauges = Executors.newSingleThreadScheduledExecutor();
        final long every = Math.max(500, length / 1_000_000 / 100);
        gauges.scheduleAtFixedRate(() ->
        {
            final ServerMetrics m = ctx.target().hasRingcastMetrics() ? ctx.target().metrics() : null;
            heap.add(ctx.runSeconds(), m == null ? Double.NaN : m.sum("ringcast_jvm_heap_used_bytes", null) / 1e6);
            if (rss != null)
            {
                rss.add(ctx.runSeconds(), rssMb());
            }
        }, 0, every, TimeUnit.MILLISECONDS);
        try (SpeechPhase phase = SpeechPhase.open(ctx, 1, tally, "k"))
        {
            final OpenLoop loop = new OpenLoop();
            final long start = System.nanoTime() + 20_000_000L;
            final String text = Requests.text(5);
            if (phase.size() == 1)
            {
                loop.run(start, 500_000_000, start + length, () -> false,
                    (i, t) -> phase.probes().get(0).speak(text, t));
            }
            Await.until(() -> tally.firstFrames.sum() >= tally.speaks.sum(), 5_000);
            ctx.senderLag(loop);
        }
        finally
        {
            gauges.shutdownNow();
        }
        ctx.sample();
        final List<Interval> tl = fal.timeline();
        final int q = Math.max(1, tl.size() / 4);
        final double first = tl.stream().limit(q).mapToLong(Interval::p99Micros).average().orElse(Double.NaN) / 1000;
        final double last =
            tl.stream().skip(Math.max(0, tl.size() - q)).mapToLong(Interval::p99Micros).average().orElse(Double.NaN)
                / 1000;
        ctx.metric(Metric.info(name(), "FAL p99 whole soak", Percentiles.ms(fal.corrected(), 99), "ms"));
        tally.schedule().report(ctx, name(), " @1 sessions");
        ctx.metric(Metric.info(name(), "FAL p99 drift (last quarter / first quarter)", last / first, "x"));
        ctx.metric(Metric.slo(name(), "speaks without audio", tally.speaks.sum() - tally.firstFrames.sum(), "count",
            Metric.Rule.EQUALS, 0));
        final List<double[]> h = heap.points();
        if (h.size() >= 2)
        {
            ctx.metric(Metric.info(name(), "server heap first sample", h.get(0)[1], "MB"));
            ctx.metric(Metric.info(name(), "server heap last sample", h.get(h.size() - 1)[1], "MB"));
            ctx.metric(Metric.info(name(), "server heap max",
                h.stream().mapToDouble(p -> p[1]).max().orElse(Double.NaN), "MB"));
        }
        else
        {
            ctx.note("the server's /metrics gave no ringcast_jvm_heap_used_bytes: heap not tracked.");
        }
        ctx.note(
            "the gateway exposes heap, not RSS, in /metrics; RSS is shown only when embedded (this process, harness " +
                "included).");
    }

    private static double rssMb()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith("VmRSS:"))
                {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        }
        catch (final IOException | NumberFormatException e)
        {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
