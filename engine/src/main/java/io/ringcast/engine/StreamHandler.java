package io.ringcast.engine;

/**
 * What the engine's owner does with inbound messages and stream events. All methods run on the stream's
 * group thread: they must not block, and they may use the {@link Stream} freely. An exception thrown here
 * goes to the engine's error handler and harms no other stream.
 */
public interface StreamHandler
{
    /**
     * An inbound message published with {@link Engine#inbound} reached its stream.
     *
     * @param stream  the stream it was published for.
     * @param message the object published.
     */
    void onMessage(Stream stream, Object message);

    /**
     * A timer set with {@link Stream#scheduleTimer} fired.
     *
     * @param stream the stream.
     * @param token  the token it was set with.
     * @param now    the group's clock.
     */
    default void onTimer(final Stream stream, final long token, final long now)
    {
    }

    /**
     * Frames of an utterance were released for the first time: its buffered audio shrank by {@code bytes}. A
     * handler that limits how far audio is read ahead of playout returns that much credit to its source. Group
     * thread; must not block.
     *
     * @param stream    the stream.
     * @param utterance the utterance number ({@link Stream#speak}).
     * @param bytes     PCM bytes released.
     */
    default void onAudioConsumed(final Stream stream, final int utterance, final int bytes)
    {
    }

    /**
     * The stream's queue level changed.
     *
     * @param stream the stream.
     * @param level  the new level.
     */
    default void onLevelChanged(final Stream stream, final QueueLevel level)
    {
    }

    /**
     * The stream's state changed; EVICTED and CLOSED are final and the stream is gone after this call.
     *
     * @param stream the stream.
     * @param state  the new state.
     * @param reason why, for EVICTED and CLOSED; may be null otherwise.
     */
    default void onStateChanged(final Stream stream, final StreamState state, final String reason)
    {
    }
}
