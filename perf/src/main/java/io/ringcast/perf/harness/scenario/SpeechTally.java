package io.ringcast.perf.harness.scenario;

import io.ringcast.perf.harness.measure.SeriesRecorder;
import io.ringcast.perf.harness.measure.UtteranceCheck;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the {@link SpeechProbe}s of one phase put their figures: the series they record into (null: not
 * measured) and counts shared across sessions.
 */
public final class SpeechTally
{
    /** speak requests sent. */
    public final LongAdder speaks = new LongAdder();
    /** utterances whose first frame arrived. */
    public final LongAdder firstFrames = new LongAdder();
    /** audio_end received. */
    public final LongAdder ended = new LongAdder();
    /** frames received. */
    public final LongAdder frames = new LongAdder();
    /** frames whose utterance was not announced by audio_start. */
    public final LongAdder strayFrames = new LongAdder();
    /** latest arrival, ns (to know when traffic stopped). */
    public final AtomicLong lastArrival = new AtomicLong();
    /** server-clock sanity: split values that were negative (clocks not comparable). */
    public final LongAdder clockSkew = new LongAdder();
    /** error messages by code. */
    public final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    /** consistency verdicts by kind. */
    public final Map<UtteranceCheck.Verdict, LongAdder> verdicts = new ConcurrentHashMap<>();

    final SeriesRecorder fal;
    final SeriesRecorder falServer;
    final SeriesRecorder falDelivery;
    final SeriesRecorder jitter;
    final SeriesRecorder rfc3550;
    final int frameMs;
    final int prefill;
    final int samplesPerChar;
    /** lateness against each utterance's grid, or null when this phase does not measure it. */
    volatile ScheduleTally schedule;

    /**
     * @param fal            FAL series (or null).
     * @param falServer      speak sent → server send time of the first frame (or null).
     * @param falDelivery    server send time → arrival of the first frame (or null).
     * @param jitter         per-frame deviation series (or null).
     * @param rfc3550        per-utterance RFC 3550 jitter series (or null).
     * @param frameMs        the session's frame_ms.
     * @param prefill        frames sent at once before pacing.
     * @param samplesPerChar expected samples per text character, 0 when unknown.
     */
    public SpeechTally(final SeriesRecorder fal, final SeriesRecorder falServer, final SeriesRecorder falDelivery,
        final SeriesRecorder jitter, final SeriesRecorder rfc3550, final int frameMs, final int prefill,
        final int samplesPerChar)
    {
        this.fal = fal;
        this.falServer = falServer;
        this.falDelivery = falDelivery;
        this.jitter = jitter;
        this.rfc3550 = rfc3550;
        this.frameMs = frameMs;
        this.prefill = prefill;
        this.samplesPerChar = samplesPerChar;
    }

    /**
     * Measure lateness against each utterance's grid from now on (set before the phase's sessions open).
     *
     * @param s where lateness goes.
     * @return this.
     */
    public SpeechTally schedule(final ScheduleTally s)
    {
        this.schedule = s;
        return this;
    }

    /** @return the lateness tally, or null. */
    public ScheduleTally schedule()
    {
        return schedule;
    }

    /** @return total errors received. */
    public long errorCount()
    {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** @return utterances with that verdict. */
    public long verdict(final UtteranceCheck.Verdict v)
    {
        final LongAdder a = verdicts.get(v);
        return a == null ? 0 : a.sum();
    }
}
