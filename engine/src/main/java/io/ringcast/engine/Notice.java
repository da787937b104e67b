package io.ringcast.engine;

/**
 * Messages the engine itself originates for a stream. Fields of {@link Outbound} they use:
 * <ul>
 * <li>AUDIO_START: {@code text} = client id, {@code utterance}.</li>
 * <li>AUDIO_END: {@code text}, {@code utterance}, {@code count} = frames sent, {@code code} = {@link AudioEndReason} ordinal.</li>
 * <li>PAUSED, RESUMED: {@code text} = client id given with the command (may be null), {@code count} = next seq.</li>
 * <li>CANCELLED: {@code text}, {@code utterance}, {@code count} = frames sent.</li>
 * <li>BACKPRESSURE: {@code code} = {@link QueueLevel} ordinal, {@code count} = queued, {@code count2} = dropped.</li>
 * </ul>
 */
public enum Notice
{
    /** Before the first frame of an utterance. */
    AUDIO_START,
    /** After the last frame of an utterance (or on cancel or failure). */
    AUDIO_END,
    /** Pause took effect: no audio frame follows until resume. */
    PAUSED,
    /** Resume took effect. */
    RESUMED,
    /** Cancel took effect: nothing more of that utterance follows. */
    CANCELLED,
    /** The outbound queue changed level. */
    BACKPRESSURE
}
