package io.ringcast.perf.harness.measure;

/**
 * Delivery check of one utterance: every frame present, in order, no gaps, and the PCM sample count equal to
 * what was asked for. Frames are fed in arrival order; {@link #finish} compares with {@code audio_end}.
 */
public final class UtteranceCheck
{
    /** Outcome of one utterance. */
    public enum Verdict
    {
        /** All frames, in order, right sample count. */
        OK,
        /** A seq was skipped (a frame dropped). */
        GAP,
        /** A seq arrived lower than or equal to an earlier one. */
        OUT_OF_ORDER,
        /** Frames received differ from {@code audio_end.frames}. */
        COUNT_MISMATCH,
        /** Total samples differ from the expected count. */
        SAMPLE_MISMATCH
    }

    private long nextSeq;
    private long frames;
    private long pcmBytes;
    private int gaps;
    private int outOfOrder;

    /**
     * @param seq      the frame's seq.
     * @param pcmBytes its payload bytes.
     */
    public void onFrame(final long seq, final int pcmBytes)
    {
        if (seq > nextSeq)
        {
            gaps += (int)(seq - nextSeq);
        }
        else if (seq < nextSeq)
        {
            outOfOrder++;
        }
        nextSeq = Math.max(nextSeq, seq + 1);
        frames++;
        this.pcmBytes += pcmBytes;
    }

    /** @return frames missing so far (sum of seq gaps). */
    public int gaps()
    {
        return gaps;
    }

    /** @return frames received so far. */
    public long frames()
    {
        return frames;
    }

    /** @return 16-bit samples received so far. */
    public long samples()
    {
        return pcmBytes / 2;
    }

    /**
     * @param announcedFrames {@code audio_end.frames}.
     * @param expectedSamples samples the request should yield, or a negative number when unknown.
     * @return the first problem found, or OK.
     */
    public Verdict finish(final long announcedFrames, final long expectedSamples)
    {
        if (gaps > 0)
        {
            return Verdict.GAP;
        }
        if (outOfOrder > 0)
        {
            return Verdict.OUT_OF_ORDER;
        }
        if (frames != announcedFrames)
        {
            return Verdict.COUNT_MISMATCH;
        }
        if (expectedSamples >= 0 && samples() != expectedSamples)
        {
            return Verdict.SAMPLE_MISMATCH;
        }
        return Verdict.OK;
    }
}
