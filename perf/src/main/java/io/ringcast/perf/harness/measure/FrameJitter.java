package io.ringcast.perf.harness.measure;

/**
 * Jitter of one utterance's frames, fed in arrival order.
 * <ul>
 * <li>Per-frame deviation: {@code |(arrival[n] - arrival[n-1]) - frame_ms|} for consecutive frames after the
 * prefill burst (both frames' seq at least {@code prefill}), since prefill frames leave at once by design.</li>
 * <li>RFC 3550 interarrival jitter (section 6.4.1): {@code D = (Rj - Ri) - (Sj - Si)} with S the frame's media
 * time ({@code seq * frame_ms}), {@code J += (|D| - J) / 16}, over every frame.</li>
 * </ul>
 * Not thread-safe: one session's frames arrive one at a time.
 */
public final class FrameJitter
{
    private final long frameNanos;
    private final int prefill;
    private long lastSeq = -1;
    private long lastArrival;
    private double rfcNanos;

    /**
     * @param frameMs frame length.
     * @param prefill frames sent at once before real-time pacing.
     */
    public FrameJitter(final int frameMs, final int prefill)
    {
        this.frameNanos = frameMs * 1_000_000L;
        this.prefill = prefill;
    }

    /**
     * @param seq          the frame's seq.
     * @param arrivedNanos its arrival time.
     * @return the deviation in ns for a paced consecutive frame, or -1 when this frame gives none.
     */
    public long onFrame(final long seq, final long arrivedNanos)
    {
        long deviation = -1;
        if (lastSeq >= 0)
        {
            final long d = (arrivedNanos - lastArrival) - (seq - lastSeq) * frameNanos;
            rfcNanos += (Math.abs(d) - rfcNanos) / 16.0;
            if (seq == lastSeq + 1 && lastSeq >= prefill)
            {
                deviation = Math.abs(arrivedNanos - lastArrival - frameNanos);
            }
        }
        lastSeq = seq;
        lastArrival = arrivedNanos;
        return deviation;
    }

    /** @return the RFC 3550 interarrival jitter so far, ns. */
    public double rfc3550Nanos()
    {
        return rfcNanos;
    }
}
