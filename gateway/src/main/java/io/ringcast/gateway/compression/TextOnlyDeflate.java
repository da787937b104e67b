package io.ringcast.gateway.compression;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.websockets.WebSocketExtension;
import io.undertow.websockets.core.StreamSinkFrameChannel;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketFrameType;
import io.undertow.websockets.extensions.ExtensionFunction;
import io.undertow.websockets.extensions.ExtensionHandshake;
import io.undertow.websockets.extensions.PerMessageDeflateHandshake;

import java.io.IOException;
import java.util.List;

/**
 * permessage-deflate (RFC 7692) for text messages only: audio frames are PCM, which deflate barely
 * shrinks at a real CPU cost, so they go out uncompressed (RSV1 clear), as the RFC allows per message.
 * <p>
 * Undertow decides a frame's RSV bits from the connection's one extension function when the frame is
 * created, on the sending thread, without saying whether it is text or binary. The gateway's sink
 * therefore marks the calling thread with {@link #sendingBinary} around each binary send; the write
 * transform also checks the frame type, so a binary frame is never compressed.
 */
public final class TextOnlyDeflate implements ExtensionHandshake
{
    private static final ThreadLocal<boolean[]> BINARY = ThreadLocal.withInitial(() -> new boolean[1]);

    private final PerMessageDeflateHandshake deflate;

    /** @param level deflate level, 1 (fast) to 9 (small). */
    public TextOnlyDeflate(final int level)
    {
        this.deflate = new PerMessageDeflateHandshake(false, level);
    }

    /**
     * Mark the calling thread while it sends a binary message, so the frame is created without RSV1.
     *
     * @param binary true before the send, false after it.
     */
    public static void sendingBinary(final boolean binary)
    {
        BINARY.get()[0] = binary;
    }

    @Override
    public String getName()
    {
        return deflate.getName();
    }

    @Override
    public WebSocketExtension accept(final WebSocketExtension extension)
    {
        return deflate.accept(extension);
    }

    @Override
    public boolean isIncompatible(final List<ExtensionHandshake> others)
    {
        return deflate.isIncompatible(others);
    }

    @Override
    public ExtensionFunction create()
    {
        return new Function(deflate.create());
    }

    private static final class Function implements ExtensionFunction
    {
        private final ExtensionFunction deflate;

        Function(final ExtensionFunction deflate)
        {
            this.deflate = deflate;
        }

        @Override
        public boolean hasExtensionOpCode()
        {
            return deflate.hasExtensionOpCode();
        }

        @Override
        public int writeRsv(final int rsv)
        {
            return BINARY.get()[0] ? rsv : deflate.writeRsv(rsv);
        }

        @Override
        public PooledByteBuffer transformForWrite(final PooledByteBuffer pooled, final StreamSinkFrameChannel channel,
            final boolean last)
            throws IOException
        {
            return channel.getType() == WebSocketFrameType.BINARY
                ? pooled
                : deflate.transformForWrite(pooled, channel, last);
        }

        @Override
        public PooledByteBuffer transformForRead(final PooledByteBuffer pooled, final StreamSourceFrameChannel channel,
            final boolean last)
            throws IOException
        {
            return deflate.transformForRead(pooled, channel, last);
        }

        @Override
        public void dispose()
        {
            deflate.dispose();
        }
    }
}
