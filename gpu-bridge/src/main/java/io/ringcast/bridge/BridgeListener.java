package io.ringcast.bridge;

import java.nio.ByteBuffer;

/**
 * Receives one request's answer. For each accepted request the bridge calls
 * {@link #onChunk} zero or more times with {@code seq} 0, 1, 2, ... in order and without gaps,
 * then exactly one of {@link #onDone} or {@link #onFailure}; after {@link BridgeClient#cancel}
 * returns true, nothing more is called for that request.
 *
 * <p>Threading: callbacks run on gRPC (netty event loop), bridge timer or bridge agent threads, never on
 * the thread that called {@code submit}. Calls for one request never overlap. They must be
 * cheap and must not block (hand the data to your own queue or ring and return); a slow
 * listener delays every request of the same worker connection.
 */
public interface BridgeListener
{

    /**
     * The next piece of output: pcm_s16le mono at the request's sample rate for synthesis,
     * UTF-8 JSON for fusion. The buffer is read-only and stays valid after the call.
     */
    void onChunk(String id, int seq, ByteBuffer data);

    /** The request finished; all chunks were delivered. */
    void onDone(String id);

    /** The request failed; {@code failure.code().protocolCode()} is a docs/protocol.md error code. */
    void onFailure(String id, BridgeFailure failure);
}
