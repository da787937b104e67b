package io.ringcast.engine;

/**
 * Read-only view of one outbound message handed to a {@link StreamSink}; valid only during
 * {@link StreamSink#send}. Which fields mean something depends on {@link #kind()}.
 */
public interface Outbound
{
    /** @return what this message carries. */
    OutboundKind kind();

    /** @return the lane it left from. */
    Priority priority();

    /** @return TEXT: the message; TOPIC: the shared pre-encoded part; NOTICE: the client id, or null. */
    String text();

    /** @return TOPIC: this subscriber's per-topic sequence; AUDIO: the frame sequence within its utterance. */
    long seq();

    /** @return AUDIO and utterance notices: the utterance number announced in {@code audio_start}. */
    int utterance();

    /** @return AUDIO: true on the last frame of its utterance. */
    boolean lastFrame();

    /** @return AUDIO: the array holding the frame's PCM, from index 0. */
    byte[] pcm();

    /** @return AUDIO: number of PCM bytes in {@link #pcm()}. */
    int pcmLength();

    /** @return NOTICE: which notice. */
    Notice notice();

    /** @return NOTICE: the notice's count (see {@link Notice}). */
    long count();

    /** @return NOTICE: the notice's second count (see {@link Notice}). */
    long count2();

    /** @return NOTICE: reason or level ordinal (see {@link Notice}). */
    int code();

    /** @return the engine's monotonic clock when this send started, in nanoseconds. */
    long sendNanos();
}
