package io.ringcast.gateway.support;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket that sends whatever bytes a test builds (frames with any header, any
 * length field, any mask), so RFC 6455 conformance and hostile input can be tested against a live gateway.
 * Reads frames back and tells whether the server closed the TCP connection.
 */
public final class RawFrames implements AutoCloseable
{
    /** What the server did: a frame, or the end of the connection. */
    public record Frame(int opcode, byte[] payload)
    {
        /** @return the payload as UTF-8. */
        public String text()
        {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** @return a close frame's code (1005 if it has none). */
        public int closeCode()
        {
            return payload.length >= 2 ? (payload[0] & 0xFF) << 8 | payload[1] & 0xFF : 1005;
        }
    }

    /** Opcode of {@link #read()} when the server ended the connection (EOF or reset). */
    public static final int END = -1;
    /** The key of RFC 6455's example handshake. */
    public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String statusLine;

    private RawFrames(final Socket socket, final DataInputStream in, final String statusLine) throws IOException
    {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.statusLine = statusLine;
    }

    /** @return a connection to {@code /v1/stream} after a valid handshake (status in {@link #status()}). */
    public static RawFrames connect(final int port) throws IOException
    {
        return handshake(port, "GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n" +
            "Connection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
    }

    /** @return a connection after sending {@code request} as it is, with the response headers read. */
    public static RawFrames handshake(final int port, final String request) throws IOException
    {
        final Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(5_000);
        s.setTcpNoDelay(true);
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        final DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
        final String status = line(in);
        for (String h = line(in); !h.isEmpty(); h = line(in))
        {
            // the tests judge by the status line
        }
        return new RawFrames(s, in, status);
    }

    /** @return the HTTP status of the handshake's answer. */
    public int status()
    {
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    /** @return the handshake's status line. */
    public String statusLine()
    {
        return statusLine;
    }

    /**
     * Builds a frame with a 4-byte mask (or none) and a length field chosen by size.
     *
     * @param first   the first byte: FIN, RSV1-3 and opcode.
     * @param masked  whether to mask (clients must).
     * @param payload the payload.
     * @return the bytes.
     */
    public static byte[] frame(final int first, final boolean masked, final byte[] payload)
    {
        final byte[] head = header(first, masked, payload.length);
        final byte[] f = new byte[head.length + payload.length];
        System.arraycopy(head, 0, f, 0, head.length);
        final int maskAt = head.length - 4;
        for (int i = 0; i < payload.length; i++)
        {
            f[head.length + i] = masked ? (byte)(payload[i] ^ head[maskAt + (i & 3)]) : payload[i];
        }
        return f;
    }

    /** @return a header declaring {@code length} bytes (any 64-bit value, even negative), masked if asked. */
    public static byte[] header(final int first, final boolean masked, final long length)
    {
        final int lengthBytes = length >= 0 && length < 126 ? 0 : length >= 0 && length < 65_536 ? 2 : 8;
        final byte[] h = new byte[2 + lengthBytes + (masked ? 4 : 0)];
        h[0] = (byte)first;
        final int m = masked ? 0x80 : 0;
        if (lengthBytes == 0)
        {
            h[1] = (byte)(m | length);
        }
        else if (lengthBytes == 2)
        {
            h[1] = (byte)(m | 126);
            h[2] = (byte)(length >> 8);
            h[3] = (byte)length;
        }
        else
        {
            h[1] = (byte)(m | 127);
            for (int k = 0; k < 8; k++)
            {
                h[2 + k] = (byte)(length >> (56 - 8 * k));
            }
        }
        if (masked)
        {
            final byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            System.arraycopy(mask, 0, h, h.length - 4, 4);
        }
        return h;
    }

    /**
     * @return a masked header whose masking key is zero, so payload bytes streamed after it arrive unchanged (zeros
     *         stay NUL characters, valid UTF-8): the way to stream a huge valid message without masking it.
     */
    public static byte[] zeroMaskHeader(final int first, final long length)
    {
        final byte[] h = header(first, true, length);
        Arrays.fill(h, h.length - 4, h.length, (byte)0);
        return h;
    }

    /** @return a masked final text frame. */
    public static byte[] text(final String text)
    {
        return frame(0x81, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return a masked close frame with this code and no reason. */
    public static byte[] close(final int code)
    {
        return frame(0x88, true, new byte[]{(byte)(code >> 8), (byte)code});
    }

    /** Writes bytes as they are. */
    public void write(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        out.flush();
    }

    /** @return the next frame; opcode {@link #END} once the server closed; null if none within the timeout. */
    public Frame read() throws IOException
    {
        try
        {
            final int b0 = in.read();
            if (b0 == -1)
            {
                return new Frame(END, new byte[0]);
            }
            final int b1 = in.readUnsignedByte();
            long len = b1 & 0x7F;
            if (len == 126)
            {
                len = in.readUnsignedShort();
            }
            else if (len == 127)
            {
                len = in.readLong();
            }
            if (len < 0 || len > 16 * 1024 * 1024)
            {
                throw new IOException("server frame of " + len + " bytes");
            }
            final byte[] payload = new byte[(int)len];
            in.readFully(payload);
            return new Frame(b0 & 0x0F, payload);
        }
        catch (final SocketTimeoutException e)
        {
            return null;
        }
        catch (final EOFException | SocketException e)
        {
            return new Frame(END, new byte[0]); // EOF mid-frame, or reset: the server ended it either way
        }
    }

    /**
     * Reads until the server's close frame.
     *
     * @return its code, 1006 if the connection ended without one, or null if nothing came within {@code millis}.
     */
    public Integer awaitClose(final long millis) throws IOException
    {
        final long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end)
        {
            final Frame f = read();
            if (f == null)
            {
                continue;
            }
            if (f.opcode() == 8)
            {
                return f.closeCode();
            }
            if (f.opcode() == END)
            {
                return 1006;
            }
        }
        return null;
    }

    /** @return the next text frame's content, skipping others; null on timeout or the end. */
    public String readText(final long millis) throws IOException
    {
        final long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end)
        {
            final Frame f = read();
            if (f == null)
            {
                continue;
            }
            if (f.opcode() == 1)
            {
                return f.text();
            }
            if (f.opcode() == END || f.opcode() == 8)
            {
                return null;
            }
        }
        return null;
    }

    /**
     * Reads and discards until the server closes the TCP connection.
     *
     * @return true if it did (EOF or reset) within {@code millis}: nothing of it is left open on the server.
     */
    public boolean serverClosedWithin(final long millis) throws IOException
    {
        final long end = System.nanoTime() + millis * 1_000_000L;
        socket.setSoTimeout(100);
        final byte[] sink = new byte[8_192];
        final InputStream raw = in;
        while (System.nanoTime() < end)
        {
            try
            {
                if (raw.read(sink) == -1)
                {
                    return true;
                }
            }
            catch (final SocketTimeoutException e)
            {
                // not yet
            }
            catch (final IOException e)
            {
                return true; // reset: the server closed with our data unread
            }
        }
        return false;
    }

    /** Ends the client's side of the connection (TCP FIN) without a close frame. */
    public void shutdownOutput() throws IOException
    {
        socket.shutdownOutput();
    }

    /** @param millis read timeout of {@link #read()}. */
    public void timeout(final int millis) throws IOException
    {
        socket.setSoTimeout(millis);
    }

    /** @return the raw output, for tests that stream. */
    public OutputStream output()
    {
        return out;
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }

    private static String line(final DataInputStream in) throws IOException
    {
        final StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read())
        {
            if (c == -1)
            {
                if (b.length() == 0)
                {
                    throw new EOFException("connection closed during the handshake");
                }
                break;
            }
            if (c != '\r')
            {
                b.append((char)c);
            }
        }
        return b.toString();
    }
}
