package io.ringcast.perf.harness.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a scenario does with one session's inbound traffic. Calls for one session come one at a time, in
 * arrival order, on the WebSocket client's executor; they must not block.
 */
public interface ClientHandler
{
    /** Ignores everything. */
    ClientHandler NONE = new ClientHandler()
    {
    };

    /**
     * @param message      a parsed text message (never {@code ready}: the client consumes it).
     * @param arrivedNanos System.nanoTime() when the last fragment arrived.
     */
    default void onMessage(final JsonNode message, final long arrivedNanos)
    {
    }

    /**
     * @param header       the decoded audio frame header.
     * @param arrivedNanos System.nanoTime() when the last fragment arrived.
     */
    default void onFrame(final AudioHeader header, final long arrivedNanos)
    {
    }

    /**
     * @param code the close code, or -1 when the connection failed.
     */
    default void onClose(final int code)
    {
    }
}
