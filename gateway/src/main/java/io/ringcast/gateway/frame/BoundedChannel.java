package io.ringcast.gateway.frame;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.protocol.framed.FrameHeaderData;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.protocol.version13.WebSocket13Channel;
import io.undertow.websockets.extensions.ExtensionFunction;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * An RFC 6455 server channel that judges every frame by its header, before Undertow hands out (or anyone
 * reads) a byte of its payload: a length with the most significant bit set fails the connection with 1002
 * (Undertow would throw {@code IllegalArgumentException} from {@code createView} and leave the socket
 * half-closed); a binary frame with 1003 (protocol v1 is text only); a message whose declared length, or
 * running total of fragment lengths, passes {@code max_message_bytes}, or that has too many fragments, with
 * 1009; an unmasked control frame with 1002 (Undertow checks masking on data frames only). Undertow's own
 * header checks (RSV bits, opcodes, control frames) run first and answer 1002. When the client's side of
 * the TCP connection ends, the socket is closed within {@link #EOF_GRACE_MS}, whatever frame was cut short
 * (Undertow sends its close only if no close frame had started, and then waits). Runs on the connection's
 * IO thread only.
 */
public final class BoundedChannel extends WebSocket13Channel
{
    /** Fragments one message may have: zero-length continuations must not spin forever. */
    public static final int MAX_FRAGMENTS = 1_024;

    /** After the client's FIN: time left to write what is queued (a close frame) before the socket goes. */
    public static final long EOF_GRACE_MS = 1_000;

    private static final int OPCODE_CONTINUATION = 0x0;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int FIRST_CONTROL_OPCODE = 0x8;

    private final long maxMessageBytes;
    private final LongAdder framesParsed;
    private volatile Runnable endOfInput;
    private int headerBytesSeen;
    private int opcode;
    private boolean masked;
    private long messageBytes;
    private int fragments;

    BoundedChannel(final StreamConnection channel, final ByteBufferPool pool, final String wsUrl,
        final String subProtocol,
        final boolean allowExtensions, final ExtensionFunction extensions, final Set<WebSocketChannel> peers,
        final OptionMap options, final long maxMessageBytes, final LongAdder framesParsed)
    {
        super(channel, pool, wsUrl, subProtocol, false, allowExtensions, extensions, peers, options);
        this.maxMessageBytes = maxMessageBytes;
        this.framesParsed = framesParsed;
    }

    @Override
    protected FrameHeaderData parseFrame(final ByteBuffer data) throws IOException
    {
        // Undertow does not expose a parsed header's opcode or mask bit: read its first two bytes before it
        // consumes them (a header may arrive split over several reads).
        for (int at = data.position(); headerBytesSeen < 2 && at < data.limit(); at++, headerBytesSeen++)
        {
            final byte b = data.get(at);
            if (headerBytesSeen == 0)
            {
                opcode = b & 0x0F;
            }
            else
            {
                masked = (b & 0x80) != 0;
            }
        }
        final FrameHeaderData header = super.parseFrame(data);
        if (header != null)
        {
            framesParsed.increment(); // before check(): a frame refused by its header was parsed too
            headerBytesSeen = 0;
            check(header.getFrameLength());
        }
        return header;
    }

    /** @param task what closes the connection once the client's side has ended (default: close after a grace). */
    public void onEndOfInput(final Runnable task)
    {
        this.endOfInput = task;
    }

    @Override
    protected void lastDataRead()
    {
        super.lastDataRead();
        final Runnable task = endOfInput;
        if (task != null)
        {
            task.run();
        }
        else
        {
            getIoThread().executeAfter(() -> IoUtils.safeClose(this), EOF_GRACE_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void check(final long length) throws FrameRefused
    {
        if (!masked)
        {
            throw new FrameRefused(1002, "client frames must be masked (RFC 6455 5.1)");
        }
        if (length < 0)
        {
            throw new FrameRefused(1002, "frame length out of range (its most significant bit must be 0)");
        }
        if (opcode >= FIRST_CONTROL_OPCODE)
        {
            return; // Undertow refuses control frames over 125 bytes, fragmented or reserved ones
        }
        if (opcode == OPCODE_BINARY)
        {
            throw new FrameRefused(1003, "binary frames are not accepted in protocol v1");
        }
        if (opcode == OPCODE_TEXT)
        {
            messageBytes = 0;
            fragments = 0;
        }
        if (opcode == OPCODE_TEXT || opcode == OPCODE_CONTINUATION)
        {
            messageBytes += length; // both terms are at most 2^63 - 1 and the sum was checked at each step: no overflow
            if (messageBytes > maxMessageBytes)
            {
                throw new FrameRefused(1009, "message larger than max_message_bytes (" + maxMessageBytes + ")");
            }
            if (++fragments > MAX_FRAGMENTS)
            {
                throw new FrameRefused(1009, "message in more than " + MAX_FRAGMENTS + " fragments");
            }
        }
    }
}
