package io.ringcast.gateway.connection;

import io.ringcast.gateway.frame.FrameRefused;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSocketException;
import io.undertow.websockets.core.WebSockets;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One connection's frames, read on its IO thread into buffers bounded by bytes before they are filled.
 * Undertow's {@code AbstractReceiveListener} buffered a text message whole, unbounded, before anyone could
 * look at its size. Here the channel ({@code BoundedChannel}) refuses an oversized message from its frame
 * headers, the message buffer grows only up to {@code max_message_bytes} and only by bytes reserved from
 * the gateway-wide {@link InboundBudget}, control frames use a fixed 125-byte buffer, and every failure of
 * the frame layer ends with the socket closed (never half-closed, never left in CLOSE-WAIT).
 */
final class FrameReader implements ChannelListener<WebSocketChannel>
{
    /** What a connection does with what the reader finds. */
    interface Inbound
    {
        /** @param text one complete text message, valid UTF-8, at most {@code max_message_bytes}. */
        void onText(String text);

        /** The client closed (its close frame has been answered). */
        void onClientClose();

        /**
         * The connection was failed and is being closed.
         *
         * @param code   the close code sent (or that Undertow sent).
         * @param reason why, for the refusal counters.
         */
        void onFailed(int code, String reason);
    }

    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int FIRST_CAPACITY = 4_096;

    private static final WebSocketCallback<FrameReader> PONG_SENT = new WebSocketCallback<>()
    {
        @Override
        public void complete(final WebSocketChannel channel, final FrameReader reader)
        {
            reader.pongInFlight = false;
        }

        @Override
        public void onError(final WebSocketChannel channel, final FrameReader reader, final Throwable cause)
        {
            reader.pongInFlight = false; // the connection is closing: nothing to tear down here
        }
    };

    private final WebSocketChannel channel;
    private final CloseHandshake closer;
    private final InboundBudget budget;
    private final int maxMessageBytes;
    private final Inbound inbound;
    private final ChannelListener<StreamSourceFrameChannel> textReadable = this::readText;
    private final ChannelListener<StreamSourceFrameChannel> controlReadable = this::readControl;
    private final byte[] control = new byte[MAX_CONTROL_PAYLOAD + 1];

    private StreamSourceFrameChannel text;
    private byte[] message;
    private int length;
    private StreamSourceFrameChannel controlFrame;
    private int controlLength;
    private volatile boolean pongInFlight;
    private boolean failed;
    private boolean closed;

    FrameReader(final WebSocketChannel channel, final CloseHandshake closer, final InboundBudget budget,
        final int maxMessageBytes,
        final Inbound inbound)
    {
        this.channel = channel;
        this.closer = closer;
        this.budget = budget;
        this.maxMessageBytes = maxMessageBytes;
        this.inbound = inbound;
        closer.whenClosed(() -> channel.getIoThread().execute(() ->
        {
            closed = true; // a frame channel may still call back after this: it must not reserve again
            releaseMessage();
        }));
    }

    @Override
    public void handleEvent(final WebSocketChannel ws)
    {
        final StreamSourceFrameChannel frame;
        try
        {
            frame = ws.receive();
        }
        catch (final IOException | RuntimeException e)
        {
            failed(e);
            return;
        }
        if (frame == null || failed)
        {
            return;
        }
        switch (frame.getType())
        {
            case TEXT ->
            {
                if (text != null)
                {
                    readText(text); // its last bytes were handed over before this header was parsed
                }
                text = frame;
                length = 0;
                readText(frame);
            }
            case PING, PONG, CLOSE ->
            {
                controlFrame = frame;
                controlLength = 0;
                readControl(frame);
            }
            default -> fail(1003, "binary frames are not accepted in protocol v1"); // BoundedChannel refuses them first
        }
    }

    private void readText(final StreamSourceFrameChannel frame)
    {
        if (failed || closed)
        {
            stop(frame);
            return;
        }
        try
        {
            while (!failed && !closed)
            {
                if ((message == null || length == message.length) && !grow())
                {
                    return;
                }
                final int n = frame.read(ByteBuffer.wrap(message, length, message.length - length));
                if (n == -1)
                {
                    final String complete = new String(message, 0, length, StandardCharsets.UTF_8);
                    text = null;
                    releaseMessage();
                    frame.getReadSetter().set(null);
                    inbound.onText(complete);
                    return;
                }
                if (n == 0 && closed)
                {
                    releaseMessage();
                    return;
                }
                if (n == 0)
                {
                    frame.getReadSetter().set(textReadable);
                    frame.resumeReads();
                    return;
                }
                length += n;
            }
        }
        catch (final IOException | RuntimeException e)
        {
            failed(e);
        }
    }

    /** Room for more of the message, within max_message_bytes and the global budget; false if failed. */
    private boolean grow() throws IOException
    {
        final int capacity = message == null ? 0 : message.length;
        if (capacity >= maxMessageBytes)
        {
            // Headers said it fits; more bytes than declared (a decompressing extension) must not either.
            fail(1009, "message larger than max_message_bytes (" + maxMessageBytes + ")");
            return false;
        }
        final int next = (int)Math.min(maxMessageBytes, Math.max(FIRST_CAPACITY, 2L * capacity));
        if (!budget.tryReserve(next - capacity))
        {
            fail(1013, "the gateway's inbound buffers are full; try again later");
            return false;
        }
        final byte[] bigger = new byte[next];
        if (length > 0)
        {
            System.arraycopy(message, 0, bigger, 0, length);
        }
        message = bigger;
        return true;
    }

    private void releaseMessage()
    {
        if (message != null)
        {
            budget.release(message.length);
            message = null;
        }
    }

    private void readControl(final StreamSourceFrameChannel frame)
    {
        if (failed || closed)
        {
            stop(frame);
            return;
        }
        try
        {
            while (!failed)
            {
                final int n = frame.read(ByteBuffer.wrap(control, controlLength, control.length - controlLength));
                if (n == -1)
                {
                    frame.getReadSetter().set(null);
                    controlFrame = null;
                    control(frame);
                    return;
                }
                if (n == 0)
                {
                    frame.getReadSetter().set(controlReadable);
                    frame.resumeReads();
                    return;
                }
                controlLength += n;
                if (controlLength > MAX_CONTROL_PAYLOAD)
                {
                    fail(1002, "control frame payload over 125 bytes");
                    return;
                }
            }
        }
        catch (final IOException | RuntimeException e)
        {
            failed(e);
        }
    }

    private void control(final StreamSourceFrameChannel frame)
    {
        switch (frame.getType())
        {
            case PING ->
            {
                // RFC 6455 5.5.3: a pong may answer only the latest ping. One pong in flight at most, so a client
                // that pings without reading cannot grow Undertow's (unbounded) outbound queue.
                if (!pongInFlight && !closer.sent())
                {
                    pongInFlight = true;
                    final byte[] payload = Arrays.copyOf(control, controlLength);
                    WebSockets.sendPong(ByteBuffer.wrap(payload), channel, PONG_SENT, this);
                }
            }
            case CLOSE ->
            {
                final int code = controlLength >= 2 ? (control[0] & 0xFF) << 8 | control[1] & 0xFF : 1000;
                // Answer with the client's code; if our close went first, both have now crossed: the socket goes.
                if (!closer.close(code, ""))
                {
                    IoUtils.safeClose(channel);
                }
                inbound.onClientClose();
            }
            default ->
            {
                // an unsolicited pong: nothing to do
            }
        }
    }

    private void failed(final Throwable e)
    {
        if (e instanceof FrameRefused refused)
        {
            fail(refused.code(), refused.getMessage());
        }
        else if (e instanceof UnsupportedEncodingException)
        {
            fail(1007, "text is not valid UTF-8");
        }
        else if (e instanceof WebSocketException || e.getCause() instanceof WebSocketException
            || e instanceof RuntimeException)
        {
            fail(1002, "protocol error: " + e.getMessage()); // Undertow has usually sent its own 1002 already
        }
        else
        {
            failed = true;
            stop(text);
            stop(controlFrame);
            releaseMessage();
            IoUtils.safeClose(channel); // the connection itself failed (reset, end of stream): nothing to say
            inbound.onFailed(1006, "connection error");
        }
    }

    /**
     * Stops a frame channel's read callbacks. Undertow calls a frame's read listener again and again while the
     * frame has unread data and reads are resumed: a listener that returns without reading (the connection
     * failed) spun its IO thread forever (found by the frame fuzzer).
     */
    private static void stop(final StreamSourceFrameChannel frame)
    {
        if (frame != null)
        {
            frame.getReadSetter().set(null);
            frame.suspendReads();
        }
    }

    private void fail(final int code, final String reason)
    {
        if (failed)
        {
            return;
        }
        failed = true;
        stop(text);
        stop(controlFrame);
        releaseMessage();
        channel.suspendReceives();
        closer.fail(code, reason);
        inbound.onFailed(code, reason);
    }
}
