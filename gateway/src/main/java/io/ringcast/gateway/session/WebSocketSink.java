package io.ringcast.gateway.session;

import io.ringcast.engine.Outbound;
import io.ringcast.engine.SendCompletion;
import io.ringcast.engine.StreamSink;
import io.ringcast.gateway.compression.TextOnlyDeflate;
import io.ringcast.gateway.protocol.AudioFrame;
import io.ringcast.gateway.protocol.ServerMessages;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;

import java.nio.ByteBuffer;

/**
 * The engine's way out to one WebSocket. Called on the stream's group thread only; every send is an
 * asynchronous whole-message write whose completion goes back to the engine through one static callback
 * (no allocation per send). The engine bounds what is in flight here, so Undertow's unbounded frame
 * queue never holds more than {@code max_inflight_bytes} for this connection. Audio frames are written
 * into buffers from the connection's pool.
 */
final class WebSocketSink implements StreamSink
{
    private static final WebSocketCallback<SendCompletion> DONE = new WebSocketCallback<>()
    {
        @Override
        public void complete(final WebSocketChannel channel, final SendCompletion done)
        {
            done.sendComplete();
        }

        @Override
        public void onError(final WebSocketChannel channel, final SendCompletion done, final Throwable cause)
        {
            done.sendFailed(cause);
        }
    };

    private final WebSocketChannel channel;
    private final ServerMessages messages;
    private final InboundGate gate;
    private final CloseHandshake closer;

    WebSocketSink(final WebSocketChannel channel, final ServerMessages messages, final InboundGate gate, final CloseHandshake closer)
    {
        this.channel = channel;
        this.messages = messages;
        this.gate = gate;
        this.closer = closer;
    }

    @Override
    public boolean send(final Outbound m, final SendCompletion done)
    {
        // After the client's close nothing but our answering close may go out (RFC 6455 5.5.1).
        if (!channel.isOpen() || closer.sent() || channel.isCloseFrameReceived())
        {
            return false;
        }
        switch (m.kind())
        {
            case AUDIO -> sendAudio(m, done);
            case TEXT -> WebSockets.sendText(m.text(), channel, DONE, done);
            case TOPIC -> WebSockets.sendText(messages.topicMessage(m.text(), m.seq()), channel, DONE, done);
            case NOTICE -> WebSockets.sendText(messages.notice(m), channel, DONE, done);
        }
        return true;
    }

    private void sendAudio(final Outbound m, final SendCompletion done)
    {
        TextOnlyDeflate.sendingBinary(true); // with compression on, audio frames stay uncompressed
        try
        {
            writeAudio(m, done);
        }
        finally
        {
            TextOnlyDeflate.sendingBinary(false);
        }
    }

    private void writeAudio(final Outbound m, final SendCompletion done)
    {
        final int size = AudioFrame.HEADER_BYTES + m.pcmLength();
        final PooledByteBuffer pooled = channel.getBufferPool().allocate();
        if (pooled.getBuffer().capacity() >= size)
        {
            final ByteBuffer out = pooled.getBuffer();
            out.clear();
            AudioFrame.write(out, m.utterance(), m.seq(), m.lastFrame(), m.sendNanos(), m.pcm(), m.pcmLength());
            out.flip();
            WebSockets.sendBinary(pooled, channel, DONE, done);
        }
        else
        {
            pooled.close(); // a frame bigger than a pooled buffer: rare (long frame_ms), so allocate
            final ByteBuffer out = ByteBuffer.allocate(size);
            AudioFrame.write(out, m.utterance(), m.seq(), m.lastFrame(), m.sendNanos(), m.pcm(), m.pcmLength());
            out.flip();
            WebSockets.sendBinary(out, channel, DONE, done);
        }
    }

    @Override
    public void close(final int code, final String reason)
    {
        if (channel.isCloseFrameReceived())
        {
            // The IO thread answers the client's close with the client's code; only make sure the socket goes.
            closer.dropLater();
            return;
        }
        // A peer that stopped reading never takes the close frame: the handshake drops it after a grace period.
        closer.close(code, reason);
    }

    @Override
    public void pauseInbound()
    {
        gate.pauseForReplies(true);
    }

    @Override
    public void resumeInbound()
    {
        gate.pauseForReplies(false);
    }
}
