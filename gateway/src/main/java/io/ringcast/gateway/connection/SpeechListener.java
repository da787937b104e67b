package io.ringcast.gateway.connection;

import io.ringcast.bridge.BridgeFailure;
import io.ringcast.bridge.BridgeListener;
import io.ringcast.engine.AudioChunk;
import io.ringcast.engine.Engine;
import io.ringcast.engine.Priority;
import io.ringcast.gateway.protocol.ServerMessages;

import java.nio.ByteBuffer;

/**
 * Carries one utterance's synthesized audio from bridge threads into the owning stream group's ring.
 * A full ring means the group is overloaded: the request is cancelled and the utterance ends as failed.
 */
final class SpeechListener implements BridgeListener
{
    private static final byte[] NONE = new byte[0];
    private static final int RETRIES = 1_000;

    private final Engine engine;
    private final ServerMessages messages;
    private final Connection connection;
    private final Priority priority;
    private final int utterance;
    private final String clientId;
    private boolean anyChunk;
    private boolean ended;

    SpeechListener(final Engine engine, final ServerMessages messages, final Connection connection,
        final Priority priority,
        final int utterance, final String clientId)
    {
        this.engine = engine;
        this.messages = messages;
        this.connection = connection;
        this.priority = priority;
        this.utterance = utterance;
        this.clientId = clientId;
    }

    @Override
    public void onChunk(final String id, final int seq, final ByteBuffer data)
    {
        if (ended)
        {
            return;
        }
        final AudioChunk kind = anyChunk ? AudioChunk.MORE : AudioChunk.FIRST;
        anyChunk = true;
        // The buffer is a read-only view of the gRPC message's bytes and stays valid: the group thread copies
        // from it straight into the utterance.
        if (!engine.audio(connection.streamId, priority, utterance, data, kind))
        {
            ended = true;
            connection.requests.remove(clientId);
            // Ordering matters more than this chunk: end the utterance rather than leave a silent gap.
            endWith(true);
        }
    }

    @Override
    public void onDone(final String id)
    {
        if (!ended)
        {
            ended = true;
            connection.requests.remove(clientId);
            endWith(false);
        }
    }

    @Override
    public void onFailure(final String id, final BridgeFailure failure)
    {
        if (ended)
        {
            return;
        }
        ended = true;
        connection.requests.remove(clientId);
        if (!anyChunk)
        {
            engine.send(connection.streamId, Priority.CONTROL,
                messages.error(failure.code().protocolCode(), "synthesis failed: " + failure.message(), clientId));
        }
        endWith(true);
    }

    private void endWith(final boolean failed)
    {
        // The end marker must reach the group or the utterance never ends: retry briefly on a full ring.
        for (int i = 0; i < RETRIES; i++)
        {
            if (engine.audio(connection.streamId, priority, utterance, NONE,
                failed ? AudioChunk.FAILED : AudioChunk.LAST))
            {
                return;
            }
            Thread.yield();
        }
    }
}
