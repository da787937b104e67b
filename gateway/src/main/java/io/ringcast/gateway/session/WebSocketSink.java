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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's way out to one WebSocket. The group thread encodes each message (audio into a buffer from the
 * connection's pool) and queues it here, in order, with the close frame after the last of them; the connection's
 * IO thread writes the queue in batches ({@link IoThreadSends}), so a paced frame costs no wake-up of its own.
 * Every send completes through one static callback (no allocation per send). The engine bounds what is in flight
 * here to {@code max_inflight_messages}, so the queue (twice that, plus the close) never fills, and Undertow's
 * unbounded frame queue never holds more than {@code max_inflight_bytes} for this connection.
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
    private static final int NO_CLOSE = 0;

    private final WebSocketChannel channel;
    private final ServerMessages messages;
    private final InboundGate gate;
    private final CloseHandshake closer;
    private final IoThreadSends io;
    private final Object[] payloads;     // PooledByteBuffer or ByteBuffer (audio), String (text or a close reason)
    private final int[] closeCodes;      // NO_CLOSE, or the code of a close queued in that slot
    private final SendCompletion[] completions;
    private final int mask;
    private final AtomicLong tail = new AtomicLong();   // written by the group thread only
    private final AtomicLong head = new AtomicLong();   // written by the IO thread only
    private final AtomicBoolean named = new AtomicBoolean();
    private boolean closeQueued;                         // group thread

    WebSocketSink(final WebSocketChannel channel, final ServerMessages messages, final InboundGate gate, final CloseHandshake closer,
        final IoThreadSends io, final int maxInflightMessages)
    {
        this.channel = channel;
        this.messages = messages;
        this.gate = gate;
        this.closer = closer;
        this.io = io;
        final int capacity = Integer.highestOneBit(Math.max(2, maxInflightMessages)) << 2;
        this.payloads = new Object[capacity];
        this.closeCodes = new int[capacity];
        this.completions = new SendCompletion[capacity];
        this.mask = capacity - 1;
    }

    @Override
    public boolean send(final Outbound m, final SendCompletion done)
    {
        // After the client's close nothing but our answering close may go out (RFC 6455 5.5.1).
        if (closeQueued || !channel.isOpen() || closer.sent() || channel.isCloseFrameReceived() || full())
        {
            return false;
        }
        final Object payload = switch (m.kind())
        {
            case AUDIO -> encodeAudio(m);
            case TEXT -> m.text();
            case TOPIC -> messages.topicMessage(m.text(), m.seq());
            case NOTICE -> messages.notice(m);
        };
        queue(payload, NO_CLOSE, done);
        return true;
    }

    private Object encodeAudio(final Outbound m)
    {
        final int size = AudioFrame.HEADER_BYTES + m.pcmLength();
        final PooledByteBuffer pooled = channel.getBufferPool().allocate();
        if (pooled.getBuffer().capacity() >= size)
        {
            final ByteBuffer out = pooled.getBuffer();
            out.clear();
            AudioFrame.write(out, m.utterance(), m.seq(), m.lastFrame(), m.sendNanos(), m.pcm(), m.pcmLength());
            out.flip();
            return pooled;
        }
        pooled.close(); // a frame bigger than a pooled buffer: rare (long frame_ms), so allocate
        final ByteBuffer out = ByteBuffer.allocate(size);
        AudioFrame.write(out, m.utterance(), m.seq(), m.lastFrame(), m.sendNanos(), m.pcm(), m.pcmLength());
        out.flip();
        return out;
    }

    private boolean full()
    {
        return tail.get() - head.get() >= mask; // one slot stays free for the close
    }

    private void queue(final Object payload, final int closeCode, final SendCompletion done)
    {
        final long t = tail.get();
        final int i = (int)(t & mask);
        payloads[i] = payload;
        closeCodes[i] = closeCode;
        completions[i] = done;
        tail.lazySet(t + 1); // publishes the slot to the IO thread
        if (!named.get() && named.compareAndSet(false, true))
        {
            io.ready(this);
        }
    }

    /** IO thread: writes everything queued so far, in order. */
    void writeQueued()
    {
        named.set(false); // first: a send queued from now on names this connection again
        final long t = tail.get();
        long h = head.get();
        while (h < t)
        {
            final int i = (int)(h & mask);
            final Object payload = payloads[i];
            final int closeCode = closeCodes[i];
            final SendCompletion done = completions[i];
            payloads[i] = null;
            completions[i] = null;
            h++;
            head.lazySet(h);
            if (closeCode != NO_CLOSE)
            {
                closer.close(closeCode, (String)payload);
            }
            else
            {
                write(payload, done);
            }
        }
    }

    private void write(final Object payload, final SendCompletion done)
    {
        if (!channel.isOpen() || closer.sent() || channel.isCloseFrameReceived())
        {
            if (payload instanceof PooledByteBuffer pooled)
            {
                pooled.close();
            }
            done.sendComplete(); // the connection closed after this was queued: nothing more may go out on it
            return;
        }
        if (payload instanceof String text)
        {
            WebSockets.sendText(text, channel, DONE, done);
            return;
        }
        TextOnlyDeflate.sendingBinary(true); // with compression on, audio frames stay uncompressed
        try
        {
            if (payload instanceof PooledByteBuffer pooled)
            {
                WebSockets.sendBinary(pooled, channel, DONE, done);
            }
            else
            {
                WebSockets.sendBinary((ByteBuffer)payload, channel, DONE, done);
            }
        }
        finally
        {
            TextOnlyDeflate.sendingBinary(false);
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
        if (closeQueued)
        {
            return;
        }
        closeQueued = true;
        // After the frames already queued, never before them (audio_end must not overtake its last frame, nor
        // the close its audio_end). A peer that stopped reading never takes the close frame: the handshake
        // drops it after a grace period.
        queue(reason, code, null);
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
