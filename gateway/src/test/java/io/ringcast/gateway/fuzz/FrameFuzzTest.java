package io.ringcast.gateway.fuzz;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ringcast.gateway.GatewayServer;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.RawFrames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Coverage-guided fuzzing of the frame layer through a live gateway: each input is sent as it is, as the
 * bytes of a connection after a valid handshake, then the client ends its side (TCP FIN). Invariants: the
 * server answers only with well-formed frames; a close carries a code RFC 6455 allows (an echo of the
 * client's own code included); the server closes the socket within 5 s (nothing
 * left half-open); afterwards it holds no connection and no inbound bytes, and its engine reported no
 * error. Seeds are real frame sequences (valid, fragmented, control frames, lying and top-bit lengths).
 * Runs its corpus in the normal suite; fuzzes with {@code JAZZER_FUZZ=1} (docs/reliability.md).
 */
class FrameFuzzTest
{
    /** Codes the server may close with: its answers to client faults, 1005 (an empty close), and echoes of valid codes. */
    private static final Set<Integer> REGISTERED = Set.of(1000, 1001, 1002, 1003, 1005, 1007, 1008, 1009, 1010, 1011);
    private static final AtomicLong INPUTS = new AtomicLong();
    private static final AtomicLong BYTES = new AtomicLong();

    private static GatewayServer server;

    @BeforeAll
    static void start()
    {
        server = GatewayServer.start(Gateways.config().toBuilder().limits(10_000, 65_536, 16_384, 1_000_000, 64).build());
    }

    @AfterAll
    static void stop()
    {
        System.out.printf("[hostile] frame fuzz: %,d inputs, %,d bytes of frames%n", INPUTS.get(), BYTES.get());
        server.close();
    }

    @FuzzTest(maxDuration = "60m", maxExecutions = 1_000_000)
    void shouldCloseCleanlyAndHoldNothingForAnyFrameBytes(final byte[] input) throws Exception
    {
        allowLoopback();
        final long errorsBefore = server.stats().engine().snapshot().errors();
        try (RawFrames c = RawFrames.connect(server.port()))
        {
            assertEquals(101, c.status());
            try
            {
                c.write(input);
            }
            catch (final IOException e)
            {
                // the server failed the connection before it took everything: judged below
            }
            shutdownOutput(c);
            INPUTS.incrementAndGet();
            BYTES.addAndGet(input.length);
            c.timeout(5_000);
            final long end = System.nanoTime() + 5_000_000_000L;
            while (true)
            {
                final RawFrames.Frame f = c.read();
                if (f == null || System.nanoTime() > end)
                {
                    fail("the server left the connection open 5 s after the client ended it");
                }
                if (f.opcode() == RawFrames.END)
                {
                    break;
                }
                assertTrue(f.opcode() == 1 || f.opcode() == 2 || f.opcode() == 8 || f.opcode() == 0xA, "server opcode " + f.opcode());
                if (f.opcode() == 8)
                {
                    final int code = f.closeCode();
                    assertTrue(REGISTERED.contains(code) || code >= 3000 && code <= 4999, "close code " + code);
                }
                if (f.opcode() == 1)
                {
                    assertTrue(f.text().startsWith("{\"type\":\""), "not a protocol message: " + f.text());
                }
            }
        }
        awaitNothingHeld();
        assertEquals(errorsBefore, server.stats().engine().snapshot().errors(), "an error on an engine thread");
    }

    private static void awaitNothingHeld() throws InterruptedException
    {
        final long end = System.nanoTime() + 5_000_000_000L;
        while ((server.stats().endpoint().openConnections() > 0 || server.stats().inboundBudget().buffered() > 0)
            && System.nanoTime() < end)
        {
            Thread.sleep(1);
        }
        assertEquals(0, server.stats().endpoint().openConnections(), "a connection is still held");
        assertEquals(0, server.stats().inboundBudget().buffered(), "inbound bytes are still held");
    }

    private static void shutdownOutput(final RawFrames c)
    {
        try
        {
            c.shutdownOutput();
        }
        catch (final IOException e)
        {
            // already reset by the server
        }
    }

    private static void allowLoopback()
    {
        try
        {
            BugDetectors.allowNetworkConnections((host, port) -> "127.0.0.1".equals(host) || "localhost".equals(host));
        }
        catch (final IllegalStateException e)
        {
            // no bug detectors loaded (plain regression run): nothing to allow
        }
    }
}
