package io.ringcast.perf.harness.scenario;

import io.ringcast.perf.harness.measure.GridLateness;
import io.ringcast.perf.harness.measure.SeriesRecorder;
import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a listener hears, for one phase of a scenario: per-frame lateness against each utterance's
 * best-fitting grid ({@link GridLateness}) from arrivals and from header stamps, each in one
 * {@link SeriesRecorder} shared by every session (µs), and per utterance whether its schedule moved by
 * more than 10 ms and how many frame-to-frame steps above 10 ms it took.
 */
public final class ScheduleTally implements GridLateness.Sink
{
    /** Metric name stems, shared with the side-by-side table. */
    public static final String LATENESS = "lateness";
    /** Stepped-utterance share, % of utterances measured. */
    public static final String STEPPED = "stepped utterances > 10 ms";
    /** Frame-to-frame rises above 10 ms. */
    public static final String STEPS = "steps > 10 ms";

    /** utterances with at least one frame after the prefill. */
    public final LongAdder utterances = new LongAdder();
    /** utterances whose arrival lateness exceeded 10 ms. */
    public final LongAdder steppedArrival = new LongAdder();
    /** utterances whose stamp lateness exceeded 10 ms. */
    public final LongAdder steppedStamp = new LongAdder();
    /** steps seen in arrivals. */
    public final LongAdder stepsArrival = new LongAdder();
    /** steps seen in stamps. */
    public final LongAdder stepsStamp = new LongAdder();
    private final SeriesRecorder arrivals;
    private final SeriesRecorder stamps;

    /**
     * @param arrivals lateness from arrival times.
     * @param stamps   lateness from header stamps.
     */
    public ScheduleTally(final SeriesRecorder arrivals, final SeriesRecorder stamps)
    {
        this.arrivals = arrivals;
        this.stamps = stamps;
    }

    /**
     * @param ctx  the scenario.
     * @param name series stem ({@code fal-10}): series {@code NAME-lateness} and {@code NAME-lateness-stamps}.
     * @return a tally whose series the scenario's sampler flips.
     */
    public static ScheduleTally of(final ScenarioContext ctx, final String name)
    {
        return new ScheduleTally(
            ctx.series(name + "-lateness",
                "per-frame lateness against the utterance's best-fitting grid, client arrivals"),
            ctx.series(name + "-lateness-stamps",
                "per-frame lateness against the utterance's best-fitting grid, header stamps"));
    }

    @Override
    public void frame(final long arrivalNanos, final long stampNanos)
    {
        arrivals.recordMicros(arrivalNanos / 1_000);
        stamps.recordMicros(stampNanos / 1_000);
    }

    /**
     * Record one finished utterance.
     *
     * @param g the utterance's frames, not yet finished.
     */
    public void finish(final GridLateness g)
    {
        if (g.finish(this) == 0)
        {
            return;
        }
        utterances.increment();
        if (g.movedArrivalNanos() > GridLateness.STEP_NANOS)
        {
            steppedArrival.increment();
        }
        if (g.movedStampNanos() > GridLateness.STEP_NANOS)
        {
            steppedStamp.increment();
        }
        stepsArrival.add(g.stepsArrival());
        stepsStamp.add(g.stepsStamp());
    }

    /** @return the arrival series. */
    public SeriesRecorder arrivals()
    {
        return arrivals;
    }

    /** @return the stamp series. */
    public SeriesRecorder stamps()
    {
        return stamps;
    }

    /**
     * Add this phase's figures (after a final {@link ScenarioContext#sample()}).
     *
     * @param ctx      the scenario.
     * @param scenario its name.
     * @param at       the phase suffix ({@code " @10 sessions"}).
     */
    public void report(final ScenarioContext ctx, final String scenario, final String at)
    {
        percentiles(ctx, scenario, arrivals.corrected(), "arrivals", at);
        percentiles(ctx, scenario, stamps.corrected(), "stamps", at);
        final long n = utterances.sum();
        ctx.metric(Metric.info(scenario, "utterances measured for lateness" + at, n, "count"));
        ctx.metric(Metric.info(scenario, STEPPED + " (arrivals)" + at, share(steppedArrival.sum(), n), "%"));
        ctx.metric(Metric.info(scenario, STEPPED + " (stamps)" + at, share(steppedStamp.sum(), n), "%"));
        ctx.metric(Metric.info(scenario, STEPS + " (arrivals)" + at, stepsArrival.sum(), "count"));
        ctx.metric(Metric.info(scenario, STEPS + " (stamps)" + at, stepsStamp.sum(), "count"));
    }

    private static void percentiles(final ScenarioContext ctx, final String scenario, final Histogram h,
        final String from,
        final String at)
    {
        for (final double p : new double[]{50, 95, 99, 99.9})
        {
            ctx.metric(Metric.info(scenario, LATENESS + " p" + Metric.format(p) + " (" + from + ")" + at,
                Percentiles.ms(h, p), "ms"));
        }
        ctx.metric(Metric.info(scenario, LATENESS + " max (" + from + ")" + at, Percentiles.maxMs(h), "ms"));
    }

    private static double share(final long part, final long whole)
    {
        return whole == 0 ? Double.NaN : 100.0 * part / whole;
    }
}
