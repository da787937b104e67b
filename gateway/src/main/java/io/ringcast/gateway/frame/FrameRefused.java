package io.ringcast.gateway.frame;

import java.io.IOException;

/**
 * A frame refused from its header alone, before any of its payload is read: thrown out of
 * {@code WebSocketChannel.receive()}, it carries the close code the connection is failed with.
 */
public final class FrameRefused extends IOException
{
    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * @param code   the close code (RFC 6455 7.4.1).
     * @param reason the close reason, short enough for a close frame.
     */
    public FrameRefused(final int code, final String reason)
    {
        super(reason);
        this.code = code;
    }

    /** No stack trace: a hostile client can make these at line rate, and the code and reason say it all. */
    @Override
    public synchronized Throwable fillInStackTrace()
    {
        return this;
    }

    /** @return the close code to fail the connection with. */
    public int code()
    {
        return code;
    }
}
