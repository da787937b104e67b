package io.ringcast.engine;

/**
 * Read-only view of one outbound message handed to a {@link StreamSink}; valid only during
 * {@link StreamSink#send}. Which readers mean something depends on {@link #kind()} (and, for a NOTICE, on
 * {@link #notice()}): each reader names the kinds it is for, and means one thing for all of them.
 */
public interface Outbound
{
    /** @return what this message carries. */
    OutboundKind kind();

    /** @return the lane it left from. */
    Priority priority();

    /** @return TEXT: the message; TOPIC: its shared pre-encoded part (the sink adds this subscriber's seq). */
    String text();

    /** @return TOPIC: this subscriber's per-topic sequence; AUDIO: the frame's sequence within its utterance. */
    long seq();

    /** @return AUDIO and the notices of an utterance: the utterance number announced in {@code audio_start}. */
    int utterance();

    /** @return AUDIO: true on the last frame of its utterance. */
    boolean lastFrame();

    /** @return AUDIO: the array holding the frame's PCM, from index 0. */
    byte[] pcm();

    /** @return AUDIO: number of PCM bytes in {@link #pcm()}. */
    int pcmLength();

    /** @return NOTICE: which notice. */
    Notice notice();

    /** @return AUDIO_START, AUDIO_END, PAUSED, RESUMED, CANCELLED: the client's id given with it, or null. */
    String clientId();

    /** @return AUDIO_END, CANCELLED: frames of the utterance handed to the transport. */
    long frames();

    /** @return PAUSED, RESUMED: the seq of the first frame not sent yet (where playing continues). */
    long nextSeq();

    /** @return AUDIO_END: why the utterance ended. */
    AudioEndReason endReason();

    /** @return BACKPRESSURE: the queue's new level. */
    QueueLevel level();

    /** @return BACKPRESSURE: messages queued. */
    long queued();

    /** @return BACKPRESSURE: messages dropped so far, all lanes. */
    long dropped();

    /** @return the engine's monotonic clock when this send started, in nanoseconds. */
    long sendNanos();
}
