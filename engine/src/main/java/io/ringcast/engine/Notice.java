package io.ringcast.engine;

/**
 * Messages the engine itself originates for a stream. The {@link Outbound} readers each one fills:
 * <ul>
 * <li>AUDIO_START: {@code clientId}, {@code utterance}.</li>
 * <li>AUDIO_END: {@code clientId}, {@code utterance}, {@code frames}, {@code endReason}.</li>
 * <li>PAUSED, RESUMED: {@code clientId} given with the command (may be null), {@code utterance} (0 if none),
 * {@code nextSeq}.</li>
 * <li>CANCELLED: {@code clientId}, {@code utterance}, {@code frames}.</li>
 * <li>BACKPRESSURE: {@code level}, {@code queued}, {@code dropped}.</li>
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
