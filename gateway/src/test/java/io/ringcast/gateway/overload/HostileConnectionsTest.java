package io.ringcast.gateway.overload;

import io.ringcast.gateway.GatewayServer;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.RawFrames;
import io.ringcast.testsupport.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connections as a resource an attacker tries to hold: a frame that breaks Undertow must not leave its socket
 * half-closed (CLOSE-WAIT) holding a slot of {@code max_connections}, and one address cannot take every slot.
 */
@Tag("integration")
class HostileConnectionsTest
{
    private static final int SLOTS = 20;

    @Test
    void shouldFreeEverySlotOfConnectionsThatSentAFrameWithTheTopLengthBitSet() throws Exception
    {
        try (GatewayServer server =
            GatewayServer.start(Gateways.config().toBuilder().limits(SLOTS, 65_536, 16_384, 200, 64).build()))
        {
            final List<RawFrames> attackers = new ArrayList<>();
            try
            {
                for (int i = 0; i < SLOTS; i++)
                {
                    final RawFrames a = ready(server);
                    // (int) of this length is 0x7FFFFFFF: Undertow's createView threw, and nothing closed the socket.
                    a.write(RawFrames.header(0x81, true, 0x800000007FFFFFFFL));
                    a.write(new byte[]{'{', '}'});
                    attackers.add(a);
                }
                for (final RawFrames a : attackers)
                {
                    assertTrue(a.serverClosedWithin(5_000), "the server closed the attacker's socket");
                }
            }
            finally
            {
                for (final RawFrames a : attackers)
                {
                    a.close();
                }
            }
            // Every slot is free again: a full house of new clients is served.
            final List<RawFrames> clients = new ArrayList<>();
            try
            {
                for (int i = 0; i < SLOTS; i++)
                {
                    clients.add(ready(server));
                }
            }
            finally
            {
                for (final RawFrames c : clients)
                {
                    c.close();
                }
            }
        }
    }

    @Test
    void shouldRefuseAnAddressPastItsConnectionLimitWith1013AndServeItAgainWhenOneCloses() throws Exception
    {
        final GatewayServer server =
            GatewayServer.start(Gateways.config().toBuilder().connectionsPerIp(3, true).build());
        try
        {
            final RawFrames first = ready(server);
            final RawFrames second = ready(server);
            final RawFrames third = ready(server);
            try (RawFrames fourth = RawFrames.connect(server.port()))
            {
                assertEquals(101, fourth.status());
                assertEquals(1013, fourth.awaitClose(5_000), "a fourth connection from one address");
                assertTrue(fourth.serverClosedWithin(5_000));
            }
            first.close();
            Await.until(() -> server.stats().endpoint().openConnections() <= 2, Duration.ofSeconds(5));
            ready(server).close();
            second.close();
            third.close();
        }
        finally
        {
            server.close();
        }
    }

    @Test
    void shouldNotLimitLoopbackClientsByDefault() throws Exception
    {
        final GatewayServer server =
            GatewayServer.start(Gateways.config().toBuilder().connectionsPerIp(2, false).build());
        final List<RawFrames> clients = new ArrayList<>();
        try
        {
            for (int i = 0; i < 5; i++)
            {
                clients.add(ready(server));
            }
        }
        finally
        {
            for (final RawFrames c : clients)
            {
                c.close();
            }
            server.close();
        }
    }

    private static RawFrames ready(final GatewayServer server) throws Exception
    {
        final RawFrames c = RawFrames.connect(server.port());
        assertEquals(101, c.status());
        final String ready = c.readText(5_000);
        assertNotNull(ready, "no ready: refused?");
        assertTrue(ready.contains("\"ready\""), ready);
        return c;
    }
}
