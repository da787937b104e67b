package io.ringcast.perf.harness.scenario;

import io.ringcast.perf.harness.client.Requests;
import io.ringcast.perf.harness.measure.OpenLoop;
import io.ringcast.perf.harness.measure.SeriesRecorder;
import io.ringcast.perf.harness.measure.UtteranceCheck;
import org.HdrHistogram.Histogram;

/**
 * {@code jitter}: {@code --jitter-sessions} sessions each receive one long utterance ({@code --duration} of
 * audio), starts spread over the first second. Per frame after the prefill burst: {@code |inter-arrival -
 * frame_ms|}; per utterance: RFC 3550 interarrival jitter. Per frame
 * after the prefill also its lateness against the utterance's best-fitting grid (arrivals and stamps), which,
 * unlike the inter-arrival deviation, keeps counting a step for every frame it delays. The server paces, the client
 * only listens, so
 * there is no send schedule to correct: corrected and raw figures are the same.
 */
public final class JitterScenario implements Scenario
{
    @Override
    public String name()
    {
        return "jitter";
    }

    @Override
    public String description()
    {
        return "per-frame inter-arrival deviation from frame_ms after the prefill, and RFC 3550 jitter";
    }

    @Override
    public void run(final ScenarioContext ctx)
    {
        final BenchSettings s = ctx.settings();
        final int n = s.jitterSessions();
        final SeriesRecorder jitter =
            ctx.series("jitter-" + n, "|frame inter-arrival - frame_ms| after prefill, " + n + " sessions");
        final SeriesRecorder rfc = ctx.series("jitter-" + n + "-rfc3550", "RFC 3550 interarrival jitter per utterance");
        final SpeechTally tally =
            new SpeechTally(null, null, null, jitter, rfc, 20, 3, 0).schedule(ScheduleTally.of(ctx, "jitter-" + n));
        final long cpu0 = ctx.serverCpuNanos();
        final int chars = (int)Math.max(10, Math.min(4096, s.duration().toMillis() / 50));
        final String text = Requests.text(chars);
        try (SpeechPhase phase = SpeechPhase.open(ctx, n, tally, "j"))
        {
            final OpenLoop loop = new OpenLoop();
            final long start = System.nanoTime() + 50_000_000L;
            final double period = 1e9 / Math.max(1, phase.size());
            loop.run(start, period, start + 1_000_000_000L, () -> false,
                (i, intended) ->
                {
                    if (i < phase.size())
                    {
                        phase.probes().get((int)i).speak(text, intended);
                    }
                });
            ctx.senderLag(loop);
            Await.until(() -> tally.ended.sum() + tally.errorCount() >= phase.size(), chars * 50L + 10_000);
            ctx.sample();
            final Histogram h = jitter.corrected();
            final Targets t = ctx.settings().targets();
            final String at = " @" + phase.size() + " sessions";
            ctx.metric(Metric.slo(name(), "sessions opened", phase.size(), "count", Metric.Rule.EQUALS, n));
            ctx.metric(Metric.info(name(), "frames measured" + at, h.getTotalCount(), "count"));
            ctx.metric(Metric.info(name(), "jitter p50" + at, Percentiles.ms(h, 50), "ms"));
            ctx.metric(
                Metric.slo(name(), "jitter p95" + at, Percentiles.ms(h, 95), "ms", Metric.Rule.BELOW, t.jitterP95Ms()));
            if (t.gatewayTargets() && n >= 100)
            {
                ctx.metric(t.gateway(name(), "jitter p99 (zero-delay worker)" + at, Percentiles.ms(h, 99), "ms",
                    Metric.Rule.AT_MOST, t.jitterP99Ms()));
            }
            else
            {
                ctx.metric(Metric.info(name(), "jitter p99" + at, Percentiles.ms(h, 99), "ms"));
            }
            ctx.metric(Metric.info(name(), "jitter max" + at, Percentiles.maxMs(h), "ms"));
            ctx.metric(Metric.info(name(), "RFC 3550 jitter p50 (per utterance)" + at,
                Percentiles.ms(rfc.corrected(), 50), "ms"));
            ctx.metric(Metric.info(name(), "RFC 3550 jitter p99 (per utterance)" + at,
                Percentiles.ms(rfc.corrected(), 99), "ms"));
            tally.schedule().report(ctx, name(), at);
            ctx.metric(Metric.info(name(), "errors" + at, tally.errorCount(), "count"));
            ctx.metric(Metric.info(name(), "frames received" + at, tally.frames.sum(), "count"));
            ctx.serverCpuPerFrame(name(), cpu0, tally.frames.sum(), at);
            ctx.metric(
                Metric.slo(name(), "utterances with gaps" + at, tally.verdict(UtteranceCheck.Verdict.GAP), "count",
                    Metric.Rule.EQUALS, 0));
        }
    }
}
