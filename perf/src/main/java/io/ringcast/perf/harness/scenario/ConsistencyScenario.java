package io.ringcast.perf.harness.scenario;

import io.ringcast.perf.harness.client.Requests;
import io.ringcast.perf.harness.measure.UtteranceCheck;

/**
 * {@code consistency}: every session queues utterances of several lengths at once; every frame of every
 * utterance must arrive, in order, without a seq gap, the frame count must equal {@code audio_end.frames}
 * and the samples must equal {@code chars * --samples-per-char} (the reference worker: 800, 50 ms at 16 kHz).
 */
public final class ConsistencyScenario implements Scenario
{
    @Override
    public String name()
    {
        return "consistency";
    }

    @Override
    public String description()
    {
        return "every frame of every utterance received, in order, no gaps, sample count matches";
    }

    @Override
    public void run(final ScenarioContext ctx)
    {
        final BenchSettings s = ctx.settings();
        final int n = s.quick() ? 5 : 10;
        final int[] lengths = s.quick() ? new int[]{1, 3, 8, 20} : new int[]{1, 3, 8, 20, 50, 120};
        final SpeechTally tally =
            new SpeechTally(ctx.series("consistency-fal", "FAL of the queued utterances (informational)"),
                null, null, null, null, 20, 3, s.samplesPerChar()).schedule(ScheduleTally.of(ctx, "consistency"));
        long audioMs = 0;
        for (final int len : lengths)
        {
            audioMs += len * 50L;
        }
        try (SpeechPhase phase = SpeechPhase.open(ctx, n, tally, "c"))
        {
            final long now = System.nanoTime();
            for (final SpeechProbe p : phase.probes())
            {
                for (final int len : lengths)
                {
                    p.speak(Requests.text(len), now);
                }
            }
            Await.until(() -> tally.ended.sum() + tally.errorCount() >= tally.speaks.sum(), audioMs + 10_000);
            ctx.sample();
        }
        ctx.metric(Metric.info(name(), "utterances requested", tally.speaks.sum(), "count"));
        tally.schedule().report(ctx, name(), " @" + n + " sessions");
        ctx.metric(
            Metric.slo(name(), "utterances complete and correct", tally.verdict(UtteranceCheck.Verdict.OK), "count",
                Metric.Rule.EQUALS, tally.speaks.sum()));
        for (final UtteranceCheck.Verdict v : UtteranceCheck.Verdict.values())
        {
            if (v != UtteranceCheck.Verdict.OK)
            {
                ctx.metric(Metric.slo(name(),
                    "utterances with " + v.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    tally.verdict(v), "count", Metric.Rule.EQUALS, 0));
            }
        }
        ctx.metric(Metric.slo(name(), "frames of unannounced utterances", tally.strayFrames.sum(), "count",
            Metric.Rule.EQUALS, 0));
        ctx.metric(Metric.slo(name(), "errors", tally.errorCount(), "count", Metric.Rule.EQUALS, 0));
        if (s.samplesPerChar() <= 0)
        {
            ctx.note("sample counts not checked (--samples-per-char 0).");
        }
        else
        {
            ctx.note("expected samples = characters x " + s.samplesPerChar() +
                " (the reference worker's 50 ms per character).");
        }
    }
}
