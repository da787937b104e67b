package io.ringcast.engine;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;

/**
 * The ringcast engine: stream groups, each a thread draining four priority rings into its streams'
 * bounded outbound queues and out through their {@link StreamSink}s, with pacing and flow control.
 * {@code io.ringcast.engine.core.RingEngine.start(config)} starts one.
 * <p>
 * Every publish method is thread-safe, never blocks and never allocates: it claims a slot in the ring of
 * the stream's group and returns false when that ring is full (counted per priority in
 * {@link #snapshot()}), so the caller can answer {@code overloaded} or drop BULK. What happens next runs
 * on the group thread, which calls the configured {@link StreamHandler}.
 *
 * <pre>{@code
 * try (Engine engine = RingEngine.start(EngineConfig.builder().handler(myHandler).build())) {
 *     engine.open(42, sink, session);
 *     engine.inbound(42, Priority.CONTROL, parsedMessage);
 * }
 * }</pre>
 * This package is the engine's API: its sub-packages implement it and use it, it uses none of them.
 */
public interface Engine extends AutoCloseable
{
    /** @return the configuration it runs with. */
    EngineConfig config();

    /**
     * @param streamId a stream id.
     * @return the group that owns it: a stable hash of the id.
     */
    int groupOf(long streamId);

    /**
     * Register a stream with its sink (on the CONTROL ring).
     *
     * @param streamId   unique id.
     * @param sink       its way out.
     * @param attachment the owner's session object, handed back as {@link Stream#attachment()}.
     * @return false if the ring is full or the engine is stopping.
     */
    boolean open(long streamId, StreamSink sink, Object attachment);

    /**
     * Close a stream: its sink is closed with the code and it leaves the engine (on the CONTROL ring).
     *
     * @param streamId the stream.
     * @param code     WebSocket close code.
     * @param reason   short reason.
     * @return false if the ring is full.
     */
    boolean close(long streamId, int code, String reason);

    /**
     * Hand an inbound message to the handler on the stream's group thread.
     *
     * @param streamId the stream it came from.
     * @param priority ring to travel on (barge-in commands: CONTROL).
     * @param message  anything the handler understands.
     * @return false if that ring is full: overload.
     */
    boolean inbound(long streamId, Priority priority, Object message);

    /**
     * Queue a complete text message for one stream.
     *
     * @param streamId the stream.
     * @param priority ring and lane.
     * @param text     the message.
     * @return false if the ring is full.
     */
    boolean send(long streamId, Priority priority, String text);

    /**
     * Deliver synthesized audio for an utterance started with {@link Stream#speak}: the whole array is one chunk.
     * The array is read on the group thread later: the caller must not modify it afterwards.
     *
     * @param streamId  the stream.
     * @param priority  ring to travel on; every chunk of an utterance must use the same one.
     * @param utterance number from {@link Stream#speak}.
     * @param pcm       16-bit little-endian mono PCM (may be empty, to end an utterance).
     * @param chunk     whether more follows, or the utterance ends (done or failed) with this chunk.
     * @return false if the ring is full.
     */
    boolean audio(long streamId, Priority priority, int utterance, byte[] pcm,
        AudioChunk chunk);

    /**
     * As {@link #audio(long, Priority, int, byte[], AudioChunk)}, from a buffer: its bytes from position to limit,
     * read by the group thread at absolute positions, so the caller need not copy a buffer it will not change (a
     * protobuf {@code ByteString}'s read-only view): one copy fewer per chunk.
     *
     * @param streamId  the stream.
     * @param priority  ring to travel on; every chunk of an utterance must use the same one.
     * @param utterance number from {@link Stream#speak}.
     * @param pcm       16-bit little-endian mono PCM; must not change afterwards.
     * @param chunk     whether more follows, or the utterance ends (done or failed) with this chunk.
     * @return false if the ring is full.
     */
    boolean audio(long streamId, Priority priority, int utterance, ByteBuffer pcm,
        AudioChunk chunk);

    /**
     * Fan a topic message out to every subscriber in every group.
     *
     * @param topic    the topic.
     * @param priority ring and lane.
     * @param encoded  the message's shared pre-encoded part (the sink adds each subscriber's seq).
     * @return false if any group's ring was full (those groups' subscribers miss it: a seq gap).
     */
    boolean publish(String topic, Priority priority, String encoded);

    /**
     * Send a text message to every open stream.
     *
     * @param priority ring and lane.
     * @param text     the message.
     * @return false if any group's ring was full.
     */
    boolean broadcast(Priority priority, String text);

    /**
     * @param streamId a stream.
     * @return its figures, or null if it is not open.
     */
    StreamSnapshot stream(long streamId);

    /** @return ids of the streams open now. */
    long[] streamIds();

    /** @return engine-wide figures, summed over groups; cheap and safe from any thread. */
    EngineSnapshot snapshot();

    /**
     * Latency recorded since start, summed over groups.
     *
     * @param metric   which latency.
     * @param priority which class.
     * @return a copy, in nanoseconds.
     */
    Histogram latency(LatencyMetric metric, Priority priority);

    /**
     * {@link #latency}, written into {@code target} instead of a new copy: a caller that reads it periodically (a
     * benchmark between its iterations, a metrics scrape) allocates nothing once its target exists.
     *
     * @param metric   which latency.
     * @param priority which class.
     * @param target   replaced by the latency recorded since start, in nanoseconds; make it with
     *                 {@code LatencyRecorders.newHistogram()}, whose range it must cover.
     */
    void latencyInto(LatencyMetric metric, Priority priority, Histogram target);

    /**
     * Stop: refuse new publishes, deliver queued CONTROL and CRITICAL messages (BULK and IMPORTANT are
     * shed) for at most {@code stop_timeout_ms}, close every stream with 1001, then halt the group threads.
     * Idempotent.
     */
    void close();
}
