package io.ringcast.gateway.overload;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal blocking RFC 6455 client on a plain socket, cheap enough to hold hundreds of connections from one
 * test (the JDK client starts a selector thread per HttpClient). Text frames only; no fragmentation on send.
 */
final class RawWebSocket implements AutoCloseable
{
    /** One frame read: opcode and payload (for a close frame, {@link #closeCode()}). */
    record Frame(int opcode, byte[] payload)
    {
        String text()
        {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode()
        {
            return payload.length >= 2 ? (payload[0] & 0xFF) << 8 | payload[1] & 0xFF : 1005;
        }
    }

    final int status;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(final Socket socket, final DataInputStream in, final int status) throws IOException
    {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.status = status;
    }

    /**
     * Open a connection and do the handshake.
     *
     * @return the socket; {@link #status} is the HTTP status (101 when upgraded).
     */
    static RawWebSocket open(final int port, final int timeoutMillis) throws IOException
    {
        return open(port, timeoutMillis, 0);
    }

    /**
     * @param receiveBuffer SO_RCVBUF in bytes set before connecting (0: the system's), so a client that stops
     *                      reading backs the server up quickly.
     */
    static RawWebSocket open(final int port, final int timeoutMillis, final int receiveBuffer) throws IOException
    {
        final Socket s = new Socket();
        if (receiveBuffer > 0)
        {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
        s.setSoTimeout(timeoutMillis);
        s.setTcpNoDelay(true);
        s.getOutputStream().write(("GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n" +
            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        final DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
        final String statusLine = line(in);
        for (String h = line(in); !h.isEmpty(); h = line(in))
        {
            // headers are not needed
        }
        return new RawWebSocket(s, in, Integer.parseInt(statusLine.split(" ")[1]));
    }

    private static String line(final DataInputStream in) throws IOException
    {
        final StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read())
        {
            if (c == -1)
            {
                throw new IOException("connection closed during the handshake");
            }
            if (c != '\r')
            {
                b.append((char)c);
            }
        }
        return b.toString();
    }

    /** @return the next frame, or null if none came within the socket timeout. */
    Frame read() throws IOException
    {
        final DataInputStream i = in;
        final int b0;
        try
        {
            b0 = i.read();
        }
        catch (final SocketTimeoutException e)
        {
            return null;
        }
        if (b0 == -1)
        {
            return new Frame(-1, new byte[0]);
        }
        final int b1 = i.readUnsignedByte();
        long len = b1 & 0x7F;
        if (len == 126)
        {
            len = i.readUnsignedShort();
        }
        else if (len == 127)
        {
            len = i.readLong();
        }
        final byte[] payload = new byte[(int)len];
        i.readFully(payload);
        return new Frame(b0 & 0x0F, payload);
    }

    /** @return the next text frame's content (skipping others), or null on timeout/close. */
    String readText() throws IOException
    {
        for (Frame f = read(); f != null; f = read())
        {
            if (f.opcode() == 1)
            {
                return f.text();
            }
            if (f.opcode() == 8 || f.opcode() == -1)
            {
                return null;
            }
        }
        return null;
    }

    /** @return the close code received (1006 if the connection ended without one), or null on timeout. */
    Integer awaitClose() throws IOException
    {
        for (Frame f = read(); f != null; f = read())
        {
            if (f.opcode() == 8)
            {
                return f.closeCode();
            }
            if (f.opcode() == -1)
            {
                return 1006;
            }
        }
        return null;
    }

    /** Send one masked text frame. */
    synchronized void sendText(final String text) throws IOException
    {
        final byte[] p = text.getBytes(StandardCharsets.UTF_8);
        final byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        final int header = p.length < 126 ? 2 : p.length < 65_536 ? 4 : 10;
        final byte[] f = new byte[header + 4 + p.length];
        f[0] = (byte)0x81;
        if (header == 2)
        {
            f[1] = (byte)(0x80 | p.length);
        }
        else if (header == 4)
        {
            f[1] = (byte)(0x80 | 126);
            f[2] = (byte)(p.length >> 8);
            f[3] = (byte)p.length;
        }
        else
        {
            f[1] = (byte)(0x80 | 127);
            for (int k = 0; k < 8; k++)
            {
                f[2 + k] = (byte)((long)p.length >> (56 - 8 * k));
            }
        }
        System.arraycopy(mask, 0, f, header, 4);
        for (int k = 0; k < p.length; k++)
        {
            f[header + 4 + k] = (byte)(p[k] ^ mask[k & 3]);
        }
        out.write(f);
        out.flush();
    }

    void timeout(final int millis) throws IOException
    {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
