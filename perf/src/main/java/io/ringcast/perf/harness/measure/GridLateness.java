package io.ringcast.perf.harness.measure;

import java.util.Arrays;

/**
 * Lateness of one utterance's frames against its best-fitting playout grid, as a listener's jitter buffer
 * sees it. For frame {@code seq} the offset is {@code t - seq * frame_ms}; the utterance's grid is its
 * smallest offset over the frames after the prefill (the earliest any frame could have been played), and a
 * frame's lateness is its offset minus that minimum. A schedule that stepped forward and stayed there
 * leaves every later frame late, so the step counts once per frame it delays, not once as an
 * inter-arrival outlier would. Computed twice, from client arrival times and from the frames' header
 * stamps (the server's send time), on the same frames.
 * <p>
 * The grid is known only when the utterance ends, so times are kept until {@link #finish}; the arrays are
 * reused from utterance to utterance and grow by doubling, so steady state allocates nothing per frame.
 * Not thread-safe: one session's frames arrive one at a time.
 */
public final class GridLateness
{
    /** A schedule that moved by more than this (ms) counts as stepped; a frame-to-frame rise above it is a step. */
    public static final long STEP_NANOS = 10_000_000L;
    /**
     * Where an utterance's schedule ended up is read from its last frames: the least lateness among them. A
     * frame or two sent late and caught up (a server thread woke late) leaves it at 0; a step that stayed does not.
     */
    public static final int TAIL_FRAMES = 5;

    /** Receives one lateness pair per frame after the prefill, in arrival order. */
    @FunctionalInterface
    public interface Sink
    {
        /**
         * @param arrivalNanos lateness from client arrival times, ns (at least 0).
         * @param stampNanos   lateness from header stamps, ns (at least 0).
         */
        void frame(long arrivalNanos, long stampNanos);
    }

    private long frameNanos;
    private int prefill;
    private long[] arrivals;
    private long[] stamps;
    private int count;
    private long maxArrival;
    private long maxStamp;
    private int stepsArrival;
    private int stepsStamp;
    private long movedArrival;
    private long movedStamp;

    /** @param capacity frames kept before the arrays first grow. */
    public GridLateness(final int capacity)
    {
        arrivals = new long[Math.max(8, capacity)];
        stamps = new long[arrivals.length];
    }

    /**
     * Start an utterance.
     *
     * @param frameMs frame length the session's {@code ready} announced.
     * @param prefill frames sent at once before real-time pacing; they are on no grid and are left out.
     */
    public void begin(final int frameMs, final int prefill)
    {
        this.frameNanos = frameMs * 1_000_000L;
        this.prefill = prefill;
        this.count = 0;
        this.maxArrival = 0;
        this.maxStamp = 0;
        this.stepsArrival = 0;
        this.stepsStamp = 0;
        this.movedArrival = 0;
        this.movedStamp = 0;
    }

    /**
     * @param seq          the frame's seq.
     * @param arrivalNanos when it arrived, System.nanoTime().
     * @param stampNanos   its header's server send time.
     */
    public void onFrame(final long seq, final long arrivalNanos, final long stampNanos)
    {
        if (seq < prefill)
        {
            return;
        }
        if (count == arrivals.length)
        {
            arrivals = Arrays.copyOf(arrivals, count * 2);
            stamps = Arrays.copyOf(stamps, count * 2);
        }
        final long slot = seq * frameNanos;
        arrivals[count] = arrivalNanos - slot;
        stamps[count] = stampNanos - slot;
        count++;
    }

    /**
     * End the utterance: subtract each series' minimum, hand every frame's lateness to the sink and keep the
     * utterance's maximum and step count.
     *
     * @param sink where per-frame lateness goes, or null.
     * @return frames measured (after the prefill); 0 means the utterance says nothing about the schedule.
     */
    public int finish(final Sink sink)
    {
        if (count == 0)
        {
            return 0;
        }
        final long minArrival = min(arrivals, 0, count);
        final long minStamp = min(stamps, 0, count);
        final int tail = Math.max(0, count - TAIL_FRAMES);
        movedArrival = min(arrivals, tail, count) - minArrival;
        movedStamp = min(stamps, tail, count) - minStamp;
        long prevArrival = 0;
        long prevStamp = 0;
        for (int i = 0; i < count; i++)
        {
            final long a = arrivals[i] - minArrival;
            final long s = stamps[i] - minStamp;
            if (i > 0)
            {
                // A step is a rise between neighbours; a slow drift of the same size is no step but still moves the
                // grid.
                stepsArrival += a - prevArrival > STEP_NANOS ? 1 : 0;
                stepsStamp += s - prevStamp > STEP_NANOS ? 1 : 0;
            }
            maxArrival = Math.max(maxArrival, a);
            maxStamp = Math.max(maxStamp, s);
            prevArrival = a;
            prevStamp = s;
            if (sink != null)
            {
                sink.frame(a, s);
            }
        }
        return count;
    }

    private static long min(final long[] values, final int from, final int to)
    {
        long m = Long.MAX_VALUE;
        for (int i = from; i < to; i++)
        {
            m = Math.min(m, values[i]);
        }
        return m;
    }

    /** @return after {@link #finish}: the largest lateness from arrivals, ns. */
    public long maxArrivalNanos()
    {
        return maxArrival;
    }

    /** @return after {@link #finish}: the largest lateness from header stamps, ns. */
    public long maxStampNanos()
    {
        return maxStamp;
    }

    /**
     * @return after {@link #finish}: how far the schedule moved by the utterance's end, from arrivals, ns: the least
     * lateness of its last {@link #TAIL_FRAMES} frames.
     */
    public long movedArrivalNanos()
    {
        return movedArrival;
    }

    /** @return after {@link #finish}: how far the schedule moved by the utterance's end, from header stamps, ns. */
    public long movedStampNanos()
    {
        return movedStamp;
    }

    /** @return after {@link #finish}: frame-to-frame rises of the arrival lateness above {@link #STEP_NANOS}. */
    public int stepsArrival()
    {
        return stepsArrival;
    }

    /** @return after {@link #finish}: frame-to-frame rises of the stamp lateness above {@link #STEP_NANOS}. */
    public int stepsStamp()
    {
        return stepsStamp;
    }
}
