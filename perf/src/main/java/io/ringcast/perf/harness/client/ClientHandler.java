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
     * One audio frame as primitives, so a handler on the hot path allocates nothing per frame. The default
     * builds an {@link AudioHeader} for {@link #onFrame}.
     *
     * @param kind         1 = audio.
     * @param last         last frame of its utterance.
     * @param utterance    as announced in {@code audio_start}.
     * @param seq          per-utterance sequence number.
     * @param serverNanos  the header's server send time.
     * @param pcmBytes     payload length.
     * @param arrivedNanos System.nanoTime() when the last fragment arrived.
     */
    default void onAudio(final int kind, final boolean last, final long utterance, final long seq,
        final long serverNanos,
        final int pcmBytes, final long arrivedNanos)
    {
        onFrame(new AudioHeader(kind, last, utterance, seq, serverNanos, pcmBytes), arrivedNanos);
    }

    /**
     * @param code the close code, or -1 when the connection failed.
     */
    default void onClose(final int code)
    {
    }
}
