package io.ringcast.gateway.fusion;

import io.ringcast.bridge.BridgeFailure;
import io.ringcast.bridge.BridgeListener;
import io.ringcast.engine.Engine;
import io.ringcast.engine.Priority;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Collects one window's answer on bridge threads and hands it to the session's group thread. */
final class FusionListener implements BridgeListener
{
    private static final int RETRIES = 1_000;

    private final Engine engine;
    private final long streamId;
    private final long token;
    private final long window;
    private final ByteArrayOutputStream json = new ByteArrayOutputStream(256);

    FusionListener(final Engine engine, final long streamId, final long token, final long window)
    {
        this.engine = engine;
        this.streamId = streamId;
        this.token = token;
        this.window = window;
    }

    @Override
    public synchronized void onChunk(final String id, final int seq, final ByteBuffer data)
    {
        final byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        json.write(bytes, 0, bytes.length);
    }

    @Override
    public synchronized void onDone(final String id)
    {
        deliver(new FusionDone(token, window, json.toString(StandardCharsets.UTF_8), null, null));
    }

    @Override
    public void onFailure(final String id, final BridgeFailure failure)
    {
        deliver(new FusionDone(token, window, null, failure.code().protocolCode(), failure.message()));
    }

    private void deliver(final FusionDone done)
    {
        // Results must reach the group or later windows wait forever: retry briefly on a full ring.
        for (int i = 0; i < RETRIES && !engine.inbound(streamId, Priority.CRITICAL, done); i++)
        {
            Thread.yield();
        }
    }
}
