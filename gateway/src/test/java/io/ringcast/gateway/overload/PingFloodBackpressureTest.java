package io.ringcast.gateway.overload;

import io.ringcast.gateway.GatewayServer;
import io.ringcast.gateway.support.Gateways;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that sends pings faster than the gateway can write the pongs meets TCP backpressure: the gateway
 * stops reading it while its replies pile up, instead of overflowing its CONTROL lane and closing it with 1008.
 */
@Tag("integration")
class PingFloodBackpressureTest
{
    private static final int PINGS = 50_000;

    @Test
    void shouldPushBackOnAPingFloodInsteadOfEvictingAndAnswerEveryPingInOrder() throws Exception
    {
        final ExecutorService writer = Executors.newSingleThreadExecutor();
        try (GatewayServer server = GatewayServer.start(Gateways.config().toBuilder()
            .limits(10_000, 65_536, 16_384, 10_000_000, 64).build());
            RawWebSocket ws = RawWebSocket.open(server.port(), 10_000, 8_192))
        {
            assertTrue(ws.readText().contains("\"ready\""));
            final Future<?> flood = writer.submit(() ->
            {
                for (int i = 0; i < PINGS; i++)
                {
                    ws.sendText("{\"type\":\"ping\",\"t\":" + i + "}");
                }
                return null;
            });
            int pongs = 0;
            for (RawWebSocket.Frame f = ws.read(); f != null && pongs < PINGS; f = ws.read())
            {
                assertEquals(1, f.opcode(), "only text frames expected; got opcode " + f.opcode() + " after " + pongs +
                    " pongs: " + (f.opcode() == 8 ? f.closeCode() + " " + f.text() : ""));
                final String m = f.text();
                assertTrue(m.contains("\"t\":" + pongs + ","), "pongs in ping order: expected t=" + pongs + " in " + m);
                pongs++;
            }
            flood.get(10, TimeUnit.SECONDS);
            assertEquals(PINGS, pongs, "every ping answered, the connection never closed");
            System.out.printf("ping flood: %d pings answered, reading paused %d times%n", pongs,
                server.stats().engine().snapshot().inboundPauses());
        }
        finally
        {
            writer.shutdownNow();
        }
    }
}
