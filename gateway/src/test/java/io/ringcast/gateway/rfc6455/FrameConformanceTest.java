package io.ringcast.gateway.rfc6455;

import io.ringcast.gateway.support.Bystander;
import io.ringcast.gateway.support.RawFrames;
import io.ringcast.gateway.support.TestGateway;
import io.ringcast.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 6455 conformance of the frame layer on raw sockets, against a live gateway: every malformed frame fails
 * the connection with the close code section 7.4.1 gives (1002 protocol error, 1003 binary in protocol v1,
 * 1007 invalid UTF-8, 1009 too big), and the server then closes the TCP connection itself within a bound (no
 * socket left half-closed). A bystander session speaks throughout and must get every utterance whole.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FrameConformanceTest
{
    @RegisterExtension
    static final TestGateway GATEWAY = TestGateway.withDefaults();

    private static final int MAX_MESSAGE_BYTES = 65_536;
    private static final long CLOSE_WITHIN_MS = 5_000;

    private static Bystander bystander;

    @BeforeAll
    static void start() throws Exception
    {
        bystander = Bystander.start(GATEWAY.url());
    }

    @AfterAll
    static void stop() throws Exception
    {
        bystander.close();
    }

    static Stream<Arguments> malformedFrames()
    {
        final byte[] hello = "{\"type\":\"ping\",\"t\":1}".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
            Arguments.of("unmasked text frame", RawFrames.frame(0x81, false, hello), 1002),
            Arguments.of("unmasked ping", RawFrames.frame(0x89, false, new byte[]{1}), 1002),
            Arguments.of("unmasked close", RawFrames.frame(0x88, false, new byte[]{3, (byte)0xE8}), 1002),
            Arguments.of("RSV1 without an extension", RawFrames.frame(0xC1, true, hello), 1002),
            Arguments.of("RSV2", RawFrames.frame(0xA1, true, hello), 1002),
            Arguments.of("RSV3", RawFrames.frame(0x91, true, hello), 1002),
            Arguments.of("reserved data opcode 3", RawFrames.frame(0x83, true, hello), 1002),
            Arguments.of("reserved data opcode 7", RawFrames.frame(0x87, true, hello), 1002),
            Arguments.of("reserved control opcode 0xB", RawFrames.frame(0x8B, true, new byte[0]), 1002),
            Arguments.of("reserved control opcode 0xF", RawFrames.frame(0x8F, true, new byte[0]), 1002),
            Arguments.of("fragmented ping", RawFrames.frame(0x09, true, new byte[]{1}), 1002),
            Arguments.of("fragmented close", RawFrames.frame(0x08, true, new byte[]{3, (byte)0xE8}), 1002),
            Arguments.of("ping of 126 bytes", RawFrames.frame(0x89, true, new byte[126]), 1002),
            Arguments.of("continuation without a start", RawFrames.frame(0x80, true, hello), 1002),
            Arguments.of("text inside a fragmented text", concat(RawFrames.frame(0x01, true, new byte[]{'{'}),
                RawFrames.frame(0x81, true, hello)), 1002),
            Arguments.of("close with a 1-byte payload", RawFrames.frame(0x88, true, new byte[]{3}), 1002),
            Arguments.of("length with the top bit set", concat(RawFrames.header(0x81, true, Long.MIN_VALUE + 5), hello),
                1002),
            Arguments.of("length -1", concat(RawFrames.header(0x81, true, -1L), hello), 1002),
            Arguments.of("length 2^63 + 2^31 - 1", concat(RawFrames.header(0x81, true, 0x800000007FFFFFFFL), hello),
                1002),
            Arguments.of("length 2^63 + 2^32 - 2", concat(RawFrames.header(0x81, true, 0x80000000FFFFFFFEL), hello),
                1002),
            Arguments.of("binary frame", RawFrames.frame(0x82, true, hello), 1003),
            Arguments.of("invalid UTF-8", RawFrames.frame(0x81, true, new byte[]{'"', (byte)0xC3, 0x28, '"'}), 1007),
            Arguments.of("text over max_message_bytes", RawFrames.frame(0x81, true, new byte[MAX_MESSAGE_BYTES + 1]),
                1009),
            Arguments.of("fragments over max_message_bytes", concat(nuls(0x01, MAX_MESSAGE_BYTES / 2),
                nuls(0x00, MAX_MESSAGE_BYTES / 2), nuls(0x80, 1)), 1009),
            Arguments.of("binary over max_message_bytes", RawFrames.header(0x82, true, 1L << 40), 1003),
            // Header only, no payload: refused from the header, not after max_message_bytes of data arrived.
            Arguments.of("header declaring 2^40 bytes", RawFrames.header(0x81, true, 1L << 40), 1009),
            Arguments.of("header declaring max_message_bytes + 1", RawFrames.header(0x81, true, MAX_MESSAGE_BYTES + 1),
                1009),
            Arguments.of("continuation header passing the limit", concat(nuls(0x01, 100),
                RawFrames.header(0x00, true, MAX_MESSAGE_BYTES)), 1009));
    }

    @Order(1)
    @ParameterizedTest(name = "{0} -> close {2}")
    @MethodSource("malformedFrames")
    void shouldFailAMalformedFrameWithTheRfcCloseCodeAndCloseTheSocket(final String what, final byte[] frame,
        final int code)
        throws Exception
    {
        try (RawFrames c = ready())
        {
            c.write(frame);
            assertEquals(code, c.awaitClose(CLOSE_WITHIN_MS), what);
            assertTrue(c.serverClosedWithin(CLOSE_WITHIN_MS), what + ": the server must close the TCP connection too");
        }
    }

    @Order(1)
    @ParameterizedTest(name = "close code {0} -> 1002")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65_535})
    void shouldFailACloseFrameWithAnInvalidCodeWith1002(final int invalid) throws Exception
    {
        try (RawFrames c = ready())
        {
            c.write(RawFrames.close(invalid));
            assertEquals(1002, c.awaitClose(CLOSE_WITHIN_MS), "close code " + invalid);
            assertTrue(c.serverClosedWithin(CLOSE_WITHIN_MS));
        }
    }

    @Order(1)
    @ParameterizedTest(name = "close code {0} echoed")
    @ValueSource(ints = {1000, 1001, 1003, 1007, 1011, 3000, 4999})
    void shouldAnswerAValidCloseWithTheSameCodeAndCloseTheSocket(final int valid) throws Exception
    {
        try (RawFrames c = ready())
        {
            c.write(RawFrames.close(valid));
            assertEquals(valid, c.awaitClose(CLOSE_WITHIN_MS));
            assertTrue(c.serverClosedWithin(CLOSE_WITHIN_MS));
        }
    }

    @Order(1)
    @Test
    void shouldAnswerAPingFrameWithAPongOfTheSamePayload() throws Exception
    {
        try (RawFrames c = ready())
        {
            c.write(RawFrames.frame(0x89, true, "are you there".getBytes(StandardCharsets.UTF_8)));
            RawFrames.Frame f = c.read();
            while (f != null && f.opcode() == 1)
            {
                f = c.read(); // a reply still on its way
            }
            assertNotNull(f);
            assertEquals(0xA, f.opcode());
            assertEquals("are you there", f.text());
        }
    }

    @Order(1)
    @Test
    void shouldAcceptAFragmentedTextWithAPingInTheMiddle() throws Exception
    {
        try (RawFrames c = ready())
        {
            final byte[] all = "{\"type\":\"ping\",\"t\":7}".getBytes(StandardCharsets.UTF_8);
            c.write(concat(RawFrames.frame(0x01, true, Arrays.copyOfRange(all, 0, 5)),
                RawFrames.frame(0x89, true, new byte[0]),
                RawFrames.frame(0x00, true, Arrays.copyOfRange(all, 5, 12)),
                RawFrames.frame(0x80, true, Arrays.copyOfRange(all, 12, all.length))));
            final String pong = c.readText(CLOSE_WITHIN_MS);
            assertNotNull(pong);
            assertTrue(pong.contains("\"pong\"") && pong.contains("\"t\":7"), pong);
        }
    }

    /** Item 1: a 2^40-byte text frame is refused from its header, not after buffering what streams in. */
    @Order(1)
    @Test
    void shouldRefuseAHugeDeclaredFrameFromItsHeaderWhileTheDataStillStreams() throws Exception
    {
        try (RawFrames c = ready())
        {
            final long[] written = new long[1];
            final Thread streamer = stream(c, RawFrames.zeroMaskHeader(0x81, 1L << 40), true, written);
            assertEquals(1009, c.awaitClose(CLOSE_WITHIN_MS));
            assertTrue(c.serverClosedWithin(CLOSE_WITHIN_MS), "the server closes the TCP connection");
            streamer.join(CLOSE_WITHIN_MS);
            assertTrue(written[0] < 64L * 1024 * 1024,
                "the server stopped reading early; " + written[0] + " bytes went in");
            System.out.printf("[hostile] 2^40-byte frame: closed 1009 after %,d bytes were written%n", written[0]);
        }
    }

    /**
     * Item 1: a fragmented text message that never ends is refused once its fragments pass the limit. The
     * fragments trickle in (one per millisecond), as an attacker's would: data that arrives between reads took
     * Undertow's unchecked path.
     */
    @Order(1)
    @Test
    void shouldRefuseAFragmentedMessageThatNeverEndsOnceItPassesTheLimit() throws Exception
    {
        try (RawFrames c = ready())
        {
            final Thread streamer = new Thread(() ->
            {
                try
                {
                    c.write(RawFrames.frame(0x01, true, new byte[]{'{'}));
                    for (int i = 0; i < 100_000; i++)
                    {
                        c.write(nuls(0x00, 1_000));
                        LockSupport.parkNanos(1_000_000L);
                    }
                }
                catch (final IOException e)
                {
                    // the server closed: what the test waits for
                }
            }, "fragments");
            streamer.setDaemon(true);
            streamer.start();
            assertEquals(1009, c.awaitClose(15_000));
            assertTrue(c.serverClosedWithin(CLOSE_WITHIN_MS));
            streamer.join(CLOSE_WITHIN_MS);
        }
    }

    /** Item 1: zero-length continuations must not go on forever either. */
    @Order(1)
    @Test
    void shouldRefuseAMessageOfEndlessEmptyFragments() throws Exception
    {
        try (RawFrames c = ready())
        {
            final ByteArrayOutputStream fragments = new ByteArrayOutputStream();
            fragments.write(RawFrames.frame(0x01, true, new byte[]{'{'}));
            for (int i = 0; i < 5_000; i++)
            {
                fragments.write(RawFrames.frame(0x00, true, new byte[0]));
            }
            stream(c, fragments.toByteArray(), false, new long[1]);
            assertEquals(1009, c.awaitClose(CLOSE_WITHIN_MS));
            assertTrue(c.serverClosedWithin(CLOSE_WITHIN_MS));
        }
    }

    /** Found by the frame fuzzer: a close frame cut short by the client's FIN held the socket open for good. */
    @Order(1)
    @ParameterizedTest(name = "{0} cut short by FIN")
    @ValueSource(strings = {"close", "text", "ping"})
    void shouldCloseTheSocketWhenTheClientEndsInTheMiddleOfAFrame(final String kind) throws Exception
    {
        final int first = switch (kind)
        {
            case "close" -> 0x88;
            case "ping" -> 0x89;
            default -> 0x81;
        };
        try (RawFrames c = ready())
        {
            c.write(concat(RawFrames.header(first, true, 100), new byte[]{0x0F, (byte)0xA0, 'x'}));
            c.shutdownOutput();
            assertTrue(c.serverClosedWithin(CLOSE_WITHIN_MS), kind + ": the server must close the socket");
        }
    }

    /** Every connection the attacks opened is gone from the daemon's count. */
    @Order(2)
    @Test
    void shouldHoldNoConnectionOfTheAttackersAfterwards() throws Exception
    {
        Await.until(() -> GATEWAY.server().stats().endpoint().openConnections() <= 1, Duration.ofSeconds(10));
        assertEquals(1, GATEWAY.server().stats().endpoint().openConnections(), "only the bystander is left");
        assertEquals(0, GATEWAY.server().stats().inboundBudget().buffered(), "no inbound bytes held");
    }

    @Order(3)
    @Test
    void shouldKeepTheBystandersAudioWholeThroughEveryAttack() throws InterruptedException
    {
        // The utterance that was playing while the attacks ran ends after them: wait for it (and one more).
        Await.until(() -> bystander.utterances() >= 2, Duration.ofSeconds(30));
        assertTrue(bystander.utterances() >= 2, "the bystander spoke during and after the attacks");
        assertEquals(List.of(), bystander.problems());
    }

    private static RawFrames ready() throws IOException
    {
        final RawFrames c = RawFrames.connect(GATEWAY.port());
        assertEquals(101, c.status());
        final String ready = c.readText(CLOSE_WITHIN_MS);
        assertNotNull(ready);
        assertTrue(ready.contains("\"ready\""), ready);
        return c;
    }

    /** Writes {@code first}, then (if asked) payload zeros as fast as the server takes them, on a thread. */
    private static Thread stream(final RawFrames c, final byte[] first, final boolean thenZeros, final long[] written)
    {
        final Thread t = new Thread(() ->
        {
            try
            {
                c.output().write(first);
                written[0] += first.length;
                final byte[] zeros = new byte[64 * 1024];
                while (thenZeros && written[0] < (1L << 40))
                {
                    c.output().write(zeros);
                    written[0] += zeros.length;
                }
            }
            catch (final IOException e)
            {
                // the server closed: what the test waits for
            }
        }, "streamer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** @return a frame of {@code length} NUL characters (valid UTF-8) under a zero masking key. */
    private static byte[] nuls(final int first, final int length)
    {
        return concat(RawFrames.zeroMaskHeader(first, length), new byte[length]);
    }

    private static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] p : parts)
        {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
