package io.ringcast.perf.harness.scenario;

import io.ringcast.perf.harness.measure.OpenLoop;
import io.ringcast.perf.harness.measure.SeriesRecorder;
import io.ringcast.perf.harness.measure.UtteranceCheck;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code sentences}: what a voice user hears. For each {@code --sessions} N, N sessions each speak the
 * sentence "Hello there, how are you today?" {@code --utterances} times back to back: the next
 * {@code speak} leaves when the previous {@code audio_end} arrived, first speaks spread over 1 s. Per
 * frame after the prefill: lateness against the utterance's best-fitting grid from arrivals and from header
 * stamps; per utterance: stepped by more than 10 ms or not; FAL of every utterance. perf/scripts/listen.mjs
 * runs the same load with none of this code, to check these figures.
 */
public final class SentenceScenario implements Scenario
{
    /** The sentence, 31 characters. */
    public static final String SENTENCE = "Hello there, how are you today?";

    @Override
    public String name()
    {
        return "sentences";
    }

    @Override
    public String description()
    {
        return "N sessions speak a 31-character sentence back to back: lateness against each utterance's grid, " +
            "stepped share, FAL";
    }

    @Override
    public void run(final ScenarioContext ctx)
    {
        for (final int n : ctx.settings().sessions())
        {
            phase(ctx, n, ctx.settings().utterances());
        }
    }

    private void phase(final ScenarioContext ctx, final int n, final int perSession)
    {
        final String stem = "sentences-" + n;
        final SeriesRecorder fal =
            ctx.series(stem, "FAL of each sentence at " + n + " session(s): speak sent -> first audio frame");
        final SeriesRecorder jitter =
            ctx.series(stem + "-interarrival", "|frame inter-arrival - frame_ms| after prefill");
        final SeriesRecorder rfc = ctx.series(stem + "-rfc3550", "RFC 3550 interarrival jitter per utterance");
        final SpeechTally tally =
            new SpeechTally(fal, null, null, jitter, rfc, 20, 3, 0).schedule(ScheduleTally.of(ctx, stem));
        final long cpu0 = ctx.serverCpuNanos();
        final int opened;
        try (SpeechPhase phase = SpeechPhase.open(ctx, n, tally, "s"))
        {
            opened = phase.size();
            final List<SpeechProbe> probes = phase.probes();
            for (final SpeechProbe p : probes)
            {
                final AtomicInteger sent = new AtomicInteger(1);
                // Back to back: the next sentence is asked for when the last one ended, as a voice agent does.
                p.onEnd(() ->
                {
                    if (sent.getAndIncrement() < perSession)
                    {
                        p.speak(SENTENCE, System.nanoTime());
                    }
                });
            }
            ctx.err("sentences @" + n + ": " + opened + " session(s) open, " + perSession + " sentence(s) each");
            final OpenLoop loop = new OpenLoop();
            final long start = System.nanoTime() + 50_000_000L;
            loop.run(start, 1e9 / Math.max(1, opened), start + 1_000_000_000L, () -> false, (i, intended) ->
            {
                if (i < opened)
                {
                    probes.get((int)i).speak(SENTENCE, intended);
                }
            });
            ctx.senderLag(loop);
            final long wanted = (long)opened * perSession;
            Await.until(() -> tally.ended.sum() + tally.errorCount() >= wanted, perSession * 4_000L + 20_000);
            ctx.sample();
        }
        report(ctx, n, opened, tally, cpu0);
    }

    private void report(final ScenarioContext ctx, final int n, final int opened, final SpeechTally tally,
        final long cpu0)
    {
        final String at = " @" + n + " sessions";
        final Histogram h = tally.fal.corrected();
        ctx.metric(Metric.slo(name(), "sessions opened" + at, opened, "count", Metric.Rule.EQUALS, n));
        ctx.metric(Metric.info(name(), "utterances ended" + at, tally.ended.sum(), "count"));
        ctx.metric(Metric.info(name(), "fal p50" + at, Percentiles.ms(h, 50), "ms"));
        ctx.metric(Metric.info(name(), "fal p99" + at, Percentiles.ms(h, 99), "ms"));
        tally.schedule().report(ctx, name(), at);
        ctx.metric(
            Metric.info(name(), "inter-arrival jitter p99" + at, Percentiles.ms(tally.jitter.corrected(), 99), "ms"));
        ctx.metric(Metric.info(name(), "RFC 3550 jitter p99 (per utterance)" + at,
            Percentiles.ms(tally.rfc3550.corrected(), 99), "ms"));
        ctx.metric(Metric.info(name(), "errors" + at, tally.errorCount(), "count"));
        if (tally.errorCount() > 0)
        {
            final StringBuilder codes = new StringBuilder();
            tally.errors.forEach((code, count) -> codes.append(' ').append(code).append('=').append(count.sum()));
            ctx.note("sentences" + at + ": errors by code:" + codes);
        }
        ctx.metric(Metric.info(name(), "frames received" + at, tally.frames.sum(), "count"));
        ctx.serverCpuPerFrame(name(), cpu0, tally.frames.sum(), at);
        ctx.metric(Metric.slo(name(), "utterances with gaps" + at, tally.verdict(UtteranceCheck.Verdict.GAP), "count",
            Metric.Rule.EQUALS, 0));
        ctx.metric(
            Metric.slo(name(), "speaks without audio" + at, tally.speaks.sum() - tally.firstFrames.sum(), "count",
                Metric.Rule.EQUALS, 0));
    }
}
