package io.ringcast.gateway.overload;

import io.ringcast.gateway.GatewayServer;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.RawFrames;
import io.ringcast.gateway.support.Scrape;
import io.ringcast.testsupport.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway-wide bound on bytes held in partly received messages ({@code max_inbound_buffer_bytes}): what the
 * connections hold is in {@code /metrics}, a connection that would pass the bound is closed with 1013 and its
 * socket released, and the bytes are given back when a message ends or its connection closes.
 */
@Tag("integration")
class InboundBufferTest
{
    private static final int MAX_MESSAGE_BYTES = 65_536;
    private static final String BUFFERED = "ringcast_inbound_buffered_bytes";

    @Test
    void shouldCountHeldBytesInMetricsAndRefuseAConnectionPastTheGlobalBoundWith1013() throws Exception
    {
        try (GatewayServer server = GatewayServer.start(Gateways.config().toBuilder()
            .limits(100, MAX_MESSAGE_BYTES, 16_384, 200, 64).maxInboundBufferBytes(MAX_MESSAGE_BYTES).build()))
        {
            final String http = Gateways.http(server);
            assertEquals(0, Scrape.value(http, BUFFERED));
            assertEquals(MAX_MESSAGE_BYTES, Scrape.value(http, "ringcast_inbound_buffer_limit_bytes"));
            try (RawFrames holder = ready(server); RawFrames late = ready(server))
            {
                // 40,000 of a declared 60,000 bytes: the buffer has grown (by doubling) to the whole bound.
                holder.write(RawFrames.zeroMaskHeader(0x81, 60_000));
                holder.write(new byte[40_000]);
                Await.until(() -> Scrape.value(http, BUFFERED) == MAX_MESSAGE_BYTES, Duration.ofSeconds(5));
                assertEquals(MAX_MESSAGE_BYTES, Scrape.value(http, BUFFERED), "held bytes in /metrics");

                late.write(RawFrames.zeroMaskHeader(0x81, 100));
                late.write(new byte[50]);
                assertEquals(1013, late.awaitClose(5_000), "no room left in the inbound bound");
                assertTrue(late.serverClosedWithin(5_000), "the refused connection's socket is closed");
                assertEquals(1, Scrape.value(http, "ringcast_inbound_buffer_refused_total"));

                assertEquals(MAX_MESSAGE_BYTES, Scrape.value(http, BUFFERED), "the holder's bytes stay counted");
            } // the holder goes away in the middle of its message

            Await.until(() -> Scrape.value(http, BUFFERED) == 0, Duration.ofSeconds(5));
            assertEquals(0, Scrape.value(http, BUFFERED), "bytes given back when the connection closed");
            try (RawFrames next = ready(server))
            {
                next.write(RawFrames.text("{\"type\":\"ping\",\"t\":9}"));
                final String pong = next.readText(5_000);
                assertNotNull(pong);
                assertTrue(pong.contains("\"pong\""), "served again once the bytes were given back: " + pong);
            }
        }
    }

    private static RawFrames ready(final GatewayServer server) throws IOException
    {
        final RawFrames c = RawFrames.connect(server.port());
        assertEquals(101, c.status());
        final String ready = c.readText(5_000);
        assertNotNull(ready);
        assertTrue(ready.contains("\"ready\""), ready);
        return c;
    }
}
