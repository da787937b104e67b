package io.ringcast.perf.harness.measure;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One measured latency series (say FAL at 10 sessions): two wait-free {@link Recorder}s, one for the latency
 * from the <em>intended</em> send time (coordinated omission corrected, as wrk2 does) and one from the actual
 * send time (raw). Values are µs, 3 significant digits. A sampler thread flips the recorders every interval,
 * appends both to the scenario's {@code .hlog} (tags {@code NAME} and {@code NAME-raw}) and to the totals.
 * Correction is done only by measuring from the intended time; {@code recordValueWithExpectedInterval} is
 * never used on top of it (that would correct twice).
 */
public final class SeriesRecorder
{
    /** Highest trackable value: one hour in µs. */
    public static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final String name;
    private final String scenario;
    private final String description;
    private final Recorder corrected = new Recorder(1, HIGHEST_MICROS, 3);
    private final Recorder raw = new Recorder(1, HIGHEST_MICROS, 3);
    private final Histogram totalCorrected = new Histogram(1, HIGHEST_MICROS, 3);
    private final Histogram totalRaw = new Histogram(1, HIGHEST_MICROS, 3);
    private final List<Interval> timeline = new ArrayList<>();
    private Histogram intervalCorrected;
    private Histogram intervalRaw;

    /**
     * @param name        file-safe series name ({@code fal-10}).
     * @param scenario    the scenario it belongs to.
     * @param description what is measured, for the reports.
     */
    public SeriesRecorder(final String name, final String scenario, final String description)
    {
        this.name = name;
        this.scenario = scenario;
        this.description = description;
    }

    /** @return the series name. */
    public String name()
    {
        return name;
    }

    /** @return the scenario it belongs to. */
    public String scenario()
    {
        return scenario;
    }

    /** @return what is measured. */
    public String description()
    {
        return description;
    }

    /**
     * Record one latency measured against an intended send time (open loop).
     *
     * @param intendedNanos when the message should have been sent (the schedule).
     * @param sentNanos     when it was actually handed to the socket.
     * @param doneNanos     when the answer arrived.
     */
    public void record(final long intendedNanos, final long sentNanos, final long doneNanos)
    {
        corrected.recordValue(clamp((doneNanos - intendedNanos) / 1_000));
        raw.recordValue(clamp((doneNanos - sentNanos) / 1_000));
    }

    /**
     * Record a value with no send schedule behind it (jitter, a one-off duration): corrected and raw are equal.
     *
     * @param micros the value in µs.
     */
    public void recordMicros(final long micros)
    {
        final long v = clamp(micros);
        corrected.recordValue(v);
        raw.recordValue(v);
    }

    private static long clamp(final long micros)
    {
        return Math.max(0, Math.min(HIGHEST_MICROS, micros));
    }

    /**
     * Flip the recorders, log the interval and add it to the totals. Called by one sampler thread.
     *
     * @param log            the scenario's interval log, or null.
     * @param runStartMillis epoch ms when the run started (the log's base time).
     * @return the interval's figures.
     */
    public synchronized Interval sample(final HistogramLogWriter log, final long runStartMillis)
    {
        intervalCorrected = corrected.getIntervalHistogram(intervalCorrected);
        intervalRaw = raw.getIntervalHistogram(intervalRaw);
        totalCorrected.add(intervalCorrected);
        totalRaw.add(intervalRaw);
        if (log != null && intervalCorrected.getTotalCount() > 0)
        {
            write(log, intervalCorrected, name, runStartMillis);
            write(log, intervalRaw, name + "-raw", runStartMillis);
        }
        final Interval i = new Interval((intervalCorrected.getEndTimeStamp() - runStartMillis) / 1000.0,
            intervalCorrected.getTotalCount(), intervalCorrected.getValueAtPercentile(50),
            intervalCorrected.getValueAtPercentile(99), intervalCorrected.getMaxValue());
        if (i.count() > 0)
        {
            timeline.add(i);
        }
        return i;
    }

    private static void write(final HistogramLogWriter log, final Histogram h, final String tag, final long base)
    {
        h.setTag(tag);
        // Values are µs; the log's max column is written in ms (ratio 1000), as the log readers expect.
        log.outputIntervalHistogram((h.getStartTimeStamp() - base) / 1000.0, (h.getEndTimeStamp() - base) / 1000.0, h,
            1000.0);
    }

    /** @return everything recorded so far (corrected), as of the last sample. */
    public synchronized Histogram corrected()
    {
        return totalCorrected.copy();
    }

    /** @return everything recorded so far (raw), as of the last sample. */
    public synchronized Histogram raw()
    {
        return totalRaw.copy();
    }

    /** @return the sampled intervals with at least one value. */
    public synchronized List<Interval> timeline()
    {
        return new ArrayList<>(timeline);
    }
}
