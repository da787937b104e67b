package io.ringcast.gateway.overload;

import io.ringcast.gateway.support.RawFrames;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * An attacker of issue 11 on its own thread: opens a connection, sends its kind of hostile frames, waits for the
 * daemon to close it (close frame, then the end of the TCP connection), and starts again, until told to stop.
 * What the daemon did with each connection goes into the kind's {@link Tally}.
 */
final class FrameAttacker
{
    /** How long the daemon has to close an attacker's connection (close frame, then TCP). */
    static final long CLOSE_WITHIN_MS = 5_000;

    /** The attacks. */
    enum Kind
    {
        /** A text frame that declares 2^40 bytes, then its payload as fast as the daemon takes it (item 1). */
        HUGE_FRAME(1009),
        /** A fragmented text that never ends: 1,000-byte continuations, one a millisecond (item 1). */
        ENDLESS_FRAGMENTS(1009),
        /** A text frame whose 64-bit length has its most significant bit set (item 2). */
        TOP_BIT_LENGTH(1002);

        final int expected;

        Kind(final int expected)
        {
            this.expected = expected;
        }
    }

    /** What the daemon did with the connections of one kind of attack, over all its attackers. */
    static final class Tally
    {
        private final Kind kind;
        private final Map<Integer, Integer> closeCodes = new TreeMap<>();
        private int connections;
        private int notClosed;
        private int refusedHandshakes;

        Tally(final Kind kind)
        {
            this.kind = kind;
        }

        synchronized void connection(final Integer code, final boolean closed)
        {
            connections++;
            closeCodes.merge(code == null ? 0 : code, 1, Integer::sum);
            notClosed += closed ? 0 : 1;
        }

        synchronized void refusedHandshake()
        {
            refusedHandshakes++;
        }

        Kind kind()
        {
            return kind;
        }

        synchronized int connections()
        {
            return connections;
        }

        /** @return connections the daemon did not close (close frame and TCP) within {@link #CLOSE_WITHIN_MS}. */
        synchronized int notClosed()
        {
            return notClosed;
        }

        synchronized int refusedHandshakes()
        {
            return refusedHandshakes;
        }

        /** @return close code to count (1006: the TCP connection ended without a close frame; 0: none in time). */
        synchronized Map<Integer, Integer> closeCodes()
        {
            return new TreeMap<>(closeCodes);
        }

        @Override
        public synchronized String toString()
        {
            return kind + ": " + connections + " connections, closes " + closeCodes + ", " + notClosed +
                " not closed in time, " + refusedHandshakes + " handshakes failed";
        }
    }

    private final Kind kind;
    private final int port;
    private final AtomicBoolean attacking;
    private final Tally tally;
    private final Thread thread;

    private FrameAttacker(final int port, final AtomicBoolean attacking, final Tally tally)
    {
        this.kind = tally.kind();
        this.port = port;
        this.attacking = attacking;
        this.tally = tally;
        this.thread = new Thread(this::run, "attacker-" + kind);
        this.thread.setDaemon(true);
    }

    /** @return an attacker of the tally's kind, attacking until {@code attacking} turns false. */
    static FrameAttacker start(final int port, final AtomicBoolean attacking, final Tally tally)
    {
        final FrameAttacker a = new FrameAttacker(port, attacking, tally);
        a.thread.start();
        return a;
    }

    /** Waits until the connection under way is done with. */
    void join() throws InterruptedException
    {
        thread.join(4 * CLOSE_WITHIN_MS);
    }

    private void run()
    {
        while (attacking.get())
        {
            try
            {
                attackOnce();
            }
            catch (final IOException e)
            {
                tally.refusedHandshake();
                LockSupport.parkNanos(10_000_000L);
            }
        }
    }

    private void attackOnce() throws IOException
    {
        final Thread writer;
        try (RawFrames c = RawFrames.connect(port))
        {
            writer = switch (kind)
            {
                case HUGE_FRAME -> writer(c, () ->
                {
                    c.write(RawFrames.zeroMaskHeader(0x81, 1L << 40));
                    final byte[] zeros = new byte[64 * 1024];
                    while (true)
                    {
                        c.write(zeros);
                    }
                });
                case ENDLESS_FRAGMENTS -> writer(c, () ->
                {
                    c.write(RawFrames.frame(0x01, true, new byte[]{'{'}));
                    final byte[] fragment = nuls(1_000);
                    while (true)
                    {
                        c.write(fragment);
                        LockSupport.parkNanos(1_000_000L);
                    }
                });
                case TOP_BIT_LENGTH -> writer(c, () ->
                {
                    // (int) of this length is 0x7FFFFFFF: Undertow's createView threw and the socket stayed open.
                    c.write(RawFrames.header(0x81, true, 0x800000007FFFFFFFL));
                    c.write(new byte[]{'{', '}'});
                });
            };
            final Integer code = c.awaitClose(CLOSE_WITHIN_MS); // the ready message before it is skipped
            tally.connection(code, code != null && c.serverClosedWithin(CLOSE_WITHIN_MS));
        }
        try
        {
            writer.join(CLOSE_WITHIN_MS); // the socket is closed: a blocked write has failed
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** What a writer does until its connection fails. */
    private interface Writes
    {
        void run() throws IOException;
    }

    private static Thread writer(final RawFrames c, final Writes writes)
    {
        final Thread t = new Thread(() ->
        {
            try
            {
                writes.run();
            }
            catch (final IOException e)
            {
                // the daemon closed the connection: what the attacker waits for
            }
        }, "attacker-writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** @return a continuation frame of {@code length} NUL characters (valid UTF-8) under a zero masking key. */
    private static byte[] nuls(final int length)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(RawFrames.zeroMaskHeader(0x00, length));
        out.writeBytes(new byte[length]);
        return out.toByteArray();
    }
}
