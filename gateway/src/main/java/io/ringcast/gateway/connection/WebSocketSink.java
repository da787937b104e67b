package io.ringcast.gateway.connection;

import io.ringcast.engine.Outbound;
import io.ringcast.engine.SendCompletion;
import io.ringcast.engine.StreamSink;
import io.ringcast.gateway.compression.TextOnlyDeflate;
import io.ringcast.gateway.protocol.AudioFrame;
import io.ringcast.gateway.protocol.ServerMessages;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's way out to one WebSocket. The group thread encodes each message (audio into the buffer of its
 * queue slot) and queues it here, in order, with the close frame after the last of them; the connection's
 * IO thread writes the queue in batches ({@link IoThreadSends}), so a paced frame costs no wake-up of its own.
 * Every send completes through one static callback (no allocation per send). The engine bounds what is in flight
 * here to {@code max_inflight_messages}, so the queue (twice that, plus the close) never fills, and Undertow's
 * unbounded frame queue never holds more than {@code max_inflight_bytes} for this connection.
 */
final class WebSocketSink implements StreamSink
{
    private static final WebSocketCallback<WebSocketSink> DONE = new WebSocketCallback<>()
    {
        @Override
        public void complete(final WebSocketChannel channel, final WebSocketSink sink)
        {
            sink.completed(null);
        }

        @Override
        public void onError(final WebSocketChannel channel, final WebSocketSink sink, final Throwable cause)
        {
            sink.completed(cause);
        }
    };
    private static final int NO_CLOSE = 0;

    private final WebSocketChannel channel;
    private final ServerMessages messages;
    private final InboundGate gate;
    private final CloseHandshake closer;
    private final IoThreadSends io;
    private final Object[] payloads; // ByteBuffer (audio), String (text or a close reason)
    private final int[] closeCodes; // NO_CLOSE, or the code of a close queued in that slot
    private final AtomicLong completedSends = new AtomicLong(); // written by the IO thread only
    private ByteBuffer[] frames = new ByteBuffer[4]; // group thread: audio frame buffers, reused
    private long[] frameUsedBy = new long[4]; // group thread: the send that last used each
    private volatile SendCompletion completion; // the engine's, one for every send of the stream
    private final int mask;
    private final AtomicLong tail = new AtomicLong(); // written by the group thread only
    private final AtomicLong head = new AtomicLong(); // written by the IO thread only
    private final AtomicBoolean named = new AtomicBoolean();
    private boolean closeQueued; // group thread

    WebSocketSink(final WebSocketChannel channel, final ServerMessages messages, final InboundGate gate,
        final CloseHandshake closer,
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
        if (completion != done)
        {
            completion = done;
        }
        queue(payload, NO_CLOSE);
        return true;
    }

    /**
     * Encodes an audio frame into a direct buffer of this connection whose last send has completed (sends complete in
     * order, so a buffer last used by send n is free once more than n sends completed); there are about as many
     * as frames in flight. (A direct buffer from the connection's pool, taken here and freed on the IO thread,
     * missed the pool's thread-local cache: a new zeroed direct buffer per frame.)
     */
    private ByteBuffer encodeAudio(final Outbound m)
    {
        final int size = AudioFrame.HEADER_BYTES + m.pcmLength();
        final long completedNow = completedSends.get();
        int i = 0;
        while (i < frames.length && frames[i] != null && frameUsedBy[i] >= completedNow)
        {
            i++;
        }
        if (i == frames.length)
        {
            frames = Arrays.copyOf(frames, frames.length * 2);
            frameUsedBy = Arrays.copyOf(frameUsedBy, frameUsedBy.length * 2);
        }
        ByteBuffer out = frames[i];
        if (out == null || out.capacity() < size)
        {
            out = ByteBuffer.allocateDirect(size); // written by the socket as it is, no copy into a temporary one
            frames[i] = out;
        }
        frameUsedBy[i] = tail.get();
        out.clear();
        AudioFrame.write(out, m.utterance(), m.seq(), m.lastFrame(), m.sendNanos(), m.pcm(), m.pcmLength());
        out.flip();
        return out;
    }

    /** IO thread: one send finished (in order); the engine and the frame buffers learn of it. */
    private void completed(final Throwable failure)
    {
        completedSends.lazySet(completedSends.get() + 1);
        if (failure == null)
        {
            completion.sendComplete();
        }
        else
        {
            completion.sendFailed(failure);
        }
    }

    private boolean full()
    {
        return tail.get() - head.get() >= mask; // one slot stays free for the close
    }

    private void queue(final Object payload, final int closeCode)
    {
        final long t = tail.get();
        final int i = (int)(t & mask);
        payloads[i] = payload;
        closeCodes[i] = closeCode;
        // A volatile store, not lazySet: with the load of `named` after it and writeQueued's store of `named` then
        // load of `tail`, neither side can miss the other (a lazySet may stay in the store buffer past the load of
        // `named`: the IO thread then resets `named` and reads the old tail, and this message waits for the next).
        tail.set(t + 1); // publishes the slot to the IO thread
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
            payloads[i] = null;
            h++;
            head.lazySet(h);
            if (closeCode != NO_CLOSE)
            {
                closer.close(closeCode, (String)payload);
            }
            else
            {
                write(payload);
            }
        }
    }

    private void write(final Object payload)
    {
        // From here the send waits for the peer (or completes at once on a closed connection): the slow-consumer
        // clock starts now, not when the group queued it for this thread.
        completion.writeStarted();
        if (!channel.isOpen() || closer.sent() || channel.isCloseFrameReceived())
        {
            completed(null); // the connection closed after this was queued: nothing more may go out on it
            return;
        }
        if (payload instanceof String text)
        {
            WebSockets.sendText(text, channel, DONE, this);
            return;
        }
        final ByteBuffer frame = (ByteBuffer)payload;
        // The header's send time is now, on the IO thread, not when the group queued the frame: the hand-over to
        // this thread takes a wake-up, and on a busy host that is most of a frame's lateness (protocol.md).
        AudioFrame.stamp(frame, System.nanoTime());
        TextOnlyDeflate.sendingBinary(true); // with compression on, audio frames stay uncompressed
        try
        {
            WebSockets.sendBinary(frame, channel, DONE, this);
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
        queue(reason, code);
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
