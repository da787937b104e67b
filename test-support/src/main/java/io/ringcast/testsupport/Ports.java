package io.ringcast.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback ports for tests. */
public final class Ports
{
    private Ports()
    {
    }

    /** @return a free loopback port (racy: another process may take it before the caller binds; fine for tests). */
    public static int free()
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param port a loopback port.
     * @return whether something accepts TCP connections on it now.
     */
    public static boolean accepts(final int port)
    {
        try
        {
            new Socket("127.0.0.1", port).close();
            return true;
        }
        catch (final IOException e)
        {
            return false;
        }
    }
}
