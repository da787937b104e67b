package io.ringcast.perf.harness.scenario;

import io.ringcast.perf.harness.measure.OpenLoop;
import io.ringcast.perf.harness.measure.SeriesRecorder;
import io.ringcast.perf.harness.target.ServerMetrics;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code fal}: First Audio Latency (speak sent → first audio frame received) at each session count. Every
 * session speaks a short text once per {@code --speak-interval}, sessions phase-shifted, open loop; FAL
 * is measured from the intended send time (raw from the actual one). The first frame's header carries
 * the server's send time, which splits FAL into server (speak → frame leaves) and delivery (leaves →
 * arrives). The protocol has no worker timestamp, so "FAL minus the worker's first-chunk time" uses
 * the server's {@code ringcast_provider_first_chunk_seconds} percentiles where the server exposes them.
 */
public final class FalScenario implements Scenario
{
    /** Characters per speak: 200 ms of audio from the reference worker, shorter than the speak interval. */
    static final int TEXT_CHARS = 4;

    @Override
    public String name()
    {
        return "fal";
    }

    @Override
    public String description()
    {
        return "First Audio Latency at 1, 3, 10, N sessions (speak sent -> first audio frame)";
    }

    @Override
    public void run(final ScenarioContext ctx)
    {
        final BenchSettings s = ctx.settings();
        for (final int n : s.sessions())
        {
            final SeriesRecorder fal =
                ctx.series("fal-" + n, "FAL at " + n + " session(s): speak sent -> first audio frame");
            final SpeechTally tally = new SpeechTally(fal,
                ctx.series("fal-" + n + "-server", "speak sent -> first frame's server send time (server share)"),
                ctx.series("fal-" + n + "-delivery",
                    "first frame's server send time -> arrival (socket + client share)"),
                null, null, 20, 3, 0).schedule(ScheduleTally.of(ctx, "fal-" + n));
            final long cpu0 = ctx.serverCpuNanos();
            final SpeechPhase phase = SpeechPhase.open(ctx, n, tally, "f");
            final OpenLoop loop = new OpenLoop();
            final double period = (double)s.speakInterval().toNanos() / Math.max(1, phase.size());
            final long start = System.nanoTime() + 50_000_000L;
            final String text = io.ringcast.perf.harness.client.Requests.text(TEXT_CHARS);
            final List<SpeechProbe> probes = phase.probes();
            if (!probes.isEmpty())
            {
                loop.run(start, period, start + s.durationNanos(), () -> false,
                    (i, intended) -> probes.get((int)(i % probes.size())).speak(text, intended));
            }
            Await.until(() -> tally.firstFrames.sum() + tally.errorCount() >= tally.speaks.sum(), 5_000);
            phase.close();
            ctx.senderLag(loop);
            ctx.sample();
            report(ctx, n, fal, tally, phase.size());
            final String at = " @" + n + " sessions";
            tally.schedule().report(ctx, name(), at);
            ctx.metric(Metric.info(name(), "errors" + at, tally.errorCount(), "count"));
            ctx.metric(Metric.info(name(), "frames received" + at, tally.frames.sum(), "count"));
            ctx.serverCpuPerFrame(name(), cpu0, tally.frames.sum(), at);
        }
        final ServerMetrics m = ctx.target().hasRingcastMetrics() ? ctx.target().metrics() : null;
        final double worker99 = m == null ? Double.NaN : m.quantile("ringcast_provider_first_chunk_seconds", 0.99);
        if (!Double.isNaN(worker99))
        {
            ctx.metric(
                Metric.info(name(), "worker first-chunk p99 (server /metrics, whole run)", worker99 * 1000, "ms"));
            ctx.note(
                "FAL minus worker time: the protocol carries no worker timestamp; the worker's own first-chunk p99 (" +
                    Metric.format(worker99 * 1000) +
                    " ms) comes from the server's ringcast_provider_first_chunk_seconds.");
        }
        else
        {
            ctx.note("FAL minus worker time: the protocol carries no worker timestamp and the server exposes no " +
                "ringcast_provider_first_chunk_seconds; the frame header's server send time splits FAL into server " +
                "and delivery.");
        }
    }

    private static void report(final ScenarioContext ctx, final int n, final SeriesRecorder fal,
        final SpeechTally tally, final int opened)
    {
        final Targets t = ctx.settings().targets();
        final Histogram h = fal.corrected();
        final String at = " @" + n + " sessions";
        ctx.metric(Metric.slo("fal", "sessions opened" + at, opened, "count", Metric.Rule.EQUALS, n));
        ctx.metric(Metric.info("fal", "fal p50" + at, Percentiles.ms(h, 50), "ms"));
        ctx.metric(Metric.slo("fal", "fal p95" + at, Percentiles.ms(h, 95), "ms", Metric.Rule.BELOW, t.falP95For(n)));
        if (t.gatewayTargets() && n == 10)
        {
            ctx.metric(
                t.gateway("fal", "fal p99 (gateway overhead, zero-delay worker)" + at, Percentiles.ms(h, 99), "ms",
                    Metric.Rule.AT_MOST, t.falOverheadP99Ms()));
        }
        else
        {
            ctx.metric(Metric.info("fal", "fal p99" + at, Percentiles.ms(h, 99), "ms"));
        }
        ctx.metric(Metric.info("fal", "fal p99 raw (from actual send)" + at, Percentiles.ms(fal.raw(), 99), "ms"));
        final List<SeriesRecorder> split = new ArrayList<>();
        for (final SeriesRecorder r : ctx.allSeries())
        {
            if (r.name().equals("fal-" + n + "-server") || r.name().equals("fal-" + n + "-delivery"))
            {
                split.add(r);
            }
        }
        for (final SeriesRecorder r : split)
        {
            ctx.metric(Metric.info("fal", r.name().substring(r.name().lastIndexOf('-') + 1) + " share p99" + at,
                Percentiles.ms(r.corrected(), 99), "ms"));
        }
        final long lost = tally.speaks.sum() - tally.firstFrames.sum();
        ctx.metric(Metric.slo("fal", "speaks without audio" + at, lost, "count", Metric.Rule.EQUALS, 0));
        if (tally.clockSkew.sum() > 0)
        {
            ctx.note("fal @" + n + ": " + tally.clockSkew.sum() +
                " first frames had a server send time outside the client's " +
                "send..arrival window: the server's clock is not this host's monotonic clock, so the split is " +
                "partial.");
        }
    }
}
