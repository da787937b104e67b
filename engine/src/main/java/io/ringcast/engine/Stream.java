package io.ringcast.engine;

/**
 * A stream as its owning group thread sees it. Every method must be called on that thread (inside
 * {@link StreamHandler} callbacks); other threads reach a stream only through {@link Engine}'s publish
 * methods. Failures are return values.
 */
public interface Stream
{
    /** Returned by {@link #speak} when the stream already has {@code max_queued_utterances} utterances. */
    int TOO_MANY_UTTERANCES = -1;

    /** @return the id it was opened with. */
    long id();

    /** @return the object given to {@link Engine#open}, for the handler's own session state. */
    Object attachment();

    /** @return current state. */
    StreamState state();

    /** @return current outbound queue level. */
    QueueLevel level();

    /**
     * Queue a text message under the admission policy.
     *
     * @param priority lane to use.
     * @param text     the complete message.
     * @return false if refused (BULK or IMPORTANT shed; CONTROL/CRITICAL overflow evicts the stream).
     */
    boolean sendText(Priority priority, String text);

    /**
     * Start an utterance: audio for it arrives through {@link Engine#audio} and is paced out after any
     * utterance ahead of it.
     *
     * @param clientId the client's id for it, echoed in notices.
     * @param priority lane for its frames (IMPORTANT or CRITICAL).
     * @return the utterance number for {@link Engine#audio}, or {@link #TOO_MANY_UTTERANCES}.
     */
    int speak(String clientId, Priority priority);

    /**
     * Stop audio now: frames not yet handed to the transport stay queued; a PAUSED notice follows every
     * frame already handed over, and no frame follows it until {@link #resume}.
     *
     * @param clientId echoed in the notice; may be null.
     */
    void pause(String clientId);

    /**
     * Continue paused audio from the next unsent frame (with a fresh prefill burst).
     *
     * @param clientId echoed in the notice; may be null.
     */
    void resume(String clientId);

    /** @return true while paused. */
    boolean paused();

    /**
     * Drop an utterance: unsent frames are discarded; AUDIO_END (if it had started) then CANCELLED follow.
     *
     * @param clientId the id given to {@link #speak}.
     * @return the utterance number cancelled, or -1 if no live utterance has that id.
     */
    int cancel(String clientId);

    /**
     * Forget an utterance that has not started (its synthesis was refused), without any notice.
     *
     * @param clientId the id given to {@link #speak}.
     * @return false if no such utterance, or it has started (use {@link #cancel}).
     */
    boolean abandon(String clientId);

    /**
     * @param clientId an id given to {@link #speak}.
     * @return true if an utterance with that id is queued or playing.
     */
    boolean hasUtterance(String clientId);

    /**
     * @param topic name to receive.
     * @return false if already subscribed.
     */
    boolean subscribe(String topic);

    /**
     * @param topic name to stop receiving.
     * @return false if not subscribed.
     */
    boolean unsubscribe(String topic);

    /** @return number of topics subscribed. */
    int subscriptions();

    /** @return the group's monotonic clock, in nanoseconds, as of this duty cycle. */
    long nanoTime();

    /**
     * Call {@link StreamHandler#onTimer} for this stream at a deadline, on the group's timer wheel (the
     * same one that paces audio: well under a millisecond late). Not called if the stream has closed.
     *
     * @param deadlineNanos when, on {@link #nanoTime()}'s clock.
     * @param token         handed back to onTimer, to tell timers apart.
     * @return the timer's id for {@link #cancelTimer}; valid until the timer fires or is cancelled (ids
     * are reused afterwards, so forget it in onTimer).
     */
    long scheduleTimer(long deadlineNanos, long token);

    /**
     * @param timerId an id from {@link #scheduleTimer} that has neither fired nor been cancelled.
     * @return false if no such timer.
     */
    boolean cancelTimer(long timerId);

    /**
     * Close the stream: its transport is closed with the code and it leaves the engine.
     *
     * @param code   WebSocket close code.
     * @param reason short reason.
     */
    void close(int code, String reason);
}
