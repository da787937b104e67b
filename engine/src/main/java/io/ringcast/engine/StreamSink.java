package io.ringcast.engine;

/**
 * The only way out of the engine: a stream's transport (a WebSocket in the gateway, an in-memory sink in
 * tests). Called on the owning stream group's thread only, so an implementation never sees two calls at
 * once for one stream.
 * <p>
 * Sends are asynchronous: {@link #send} starts the write and returns at once; the transport later calls
 * {@link SendCompletion#sendComplete()} or {@link SendCompletion#sendFailed(Throwable)} exactly once per
 * accepted send, from any thread, in the order the sends were accepted. The engine bounds the bytes a
 * sink holds in flight, so an unbounded transport queue never grows past that budget.
 */
public interface StreamSink
{
    /**
     * Start sending one whole message.
     *
     * @param message read-only view, valid only during this call: copy what must outlive it.
     * @param done    to call once when the write completes or fails.
     * @return false if the transport is closed and took nothing (no completion will follow).
     */
    boolean send(Outbound message, SendCompletion done);

    /**
     * Close the transport with a protocol close code and reason; later sends are refused.
     *
     * @param code   a WebSocket close code (1000 normal, 1001 going away, 1008 policy, 1011 internal).
     * @param reason short human-readable reason.
     */
    void close(int code, String reason);

    /**
     * Stop reading the peer's inbound messages until {@link #resumeInbound()}. The engine calls this when the
     * replies the peer asked for (its CONTROL lane) pile up, so a peer that asks faster than it reads meets TCP
     * backpressure instead of eviction. Transports without inbound ignore it.
     */
    default void pauseInbound()
    {
    }

    /** Read the peer's inbound messages again (after {@link #pauseInbound()}). */
    default void resumeInbound()
    {
    }
}
