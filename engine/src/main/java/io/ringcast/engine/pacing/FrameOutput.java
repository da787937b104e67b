package io.ringcast.engine.pacing;

import io.ringcast.engine.Notice;

/** Where an {@link AudioPlayer} puts what it releases: the owning stream, on its group thread. */
public interface FrameOutput
{
    /**
     * Queue one frame.
     *
     * @param utterance its utterance.
     * @param seq       frame sequence.
     * @param last      last frame of the utterance.
     * @param pcm       source array.
     * @param offset    start of the frame.
     * @param length    bytes.
     * @param slot      when it is due on the grid the utterance started with (underruns do not move this).
     * @param paced     false for a prefill frame, which leaves at once and has no lateness to measure.
     * @return false if the queue refused it (a dropped frame: a gap in seq).
     */
    boolean frame(Utterance utterance, long seq, boolean last, byte[] pcm, int offset, int length, long slot, boolean paced);

    /**
     * A frame's audio was released for the first time (not again after a pause): that much less is buffered.
     *
     * @param utterance its utterance.
     * @param bytes     PCM bytes.
     */
    void consumed(Utterance utterance, int bytes);

    /**
     * A true underrun: the utterance's next frame arrived after it was due, so its pacing grid moved.
     *
     * @param utterance its utterance.
     * @param movedNanos how far the grid moved (how late the audio arrived).
     */
    void underrun(Utterance utterance, long movedNanos);

    /**
     * Queue a notice on the CONTROL lane.
     *
     * @param notice    which.
     * @param id        client id or null.
     * @param utterance utterance number or 0.
     * @param count     first count.
     * @param code      reason ordinal or 0.
     */
    void notice(Notice notice, String id, int utterance, long count, int code);

    /**
     * @param deadlineNanos when to call {@link AudioPlayer#onTimer}.
     * @return timer id.
     */
    long schedule(long deadlineNanos);

    /** @param timerId a timer from {@link #schedule} to cancel. */
    void cancelPacingTimer(long timerId);

    /**
     * Take every queued, unsent frame out of the outbound queue, reporting each through
     * {@link AudioPlayer#onWithdrawn}.
     */
    void withdrawFrames();
}
