package io.ringcast.engine.pacing;

import io.ringcast.engine.AudioEndReason;

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
    boolean frame(Utterance utterance, long seq, boolean last, byte[] pcm, int offset, int length, long slot,
        boolean paced);

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
     * Queue an AUDIO_START notice on the CONTROL lane.
     *
     * @param id        the client's id for the utterance, or null.
     * @param utterance utterance number.
     */
    void audioStart(String id, int utterance);

    /**
     * Queue an AUDIO_END notice on the CONTROL lane.
     *
     * @param id        the client's id for the utterance, or null.
     * @param utterance utterance number.
     * @param frames    frames handed to the transport.
     * @param reason    why it ended.
     */
    void audioEnd(String id, int utterance, long frames, AudioEndReason reason);

    /**
     * Queue a PAUSED notice on the CONTROL lane.
     *
     * @param id        the client's id given with the command, or null.
     * @param utterance the utterance playing, or 0.
     * @param nextSeq   seq of the first frame not sent yet.
     */
    void paused(String id, int utterance, long nextSeq);

    /**
     * Queue a RESUMED notice on the CONTROL lane.
     *
     * @param id        the client's id given with the command, or null.
     * @param utterance the utterance playing, or 0.
     * @param nextSeq   seq of the frame playing continues with.
     */
    void resumed(String id, int utterance, long nextSeq);

    /**
     * Queue a CANCELLED notice on the CONTROL lane.
     *
     * @param id        the client's id for the utterance, or null.
     * @param utterance utterance number.
     * @param frames    frames handed to the transport before the cancel.
     */
    void cancelled(String id, int utterance, long frames);

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
