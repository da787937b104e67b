package io.ringcast.gateway.overload;

import io.ringcast.gateway.GatewayServer;
import io.ringcast.gateway.support.Gateways;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hundreds of connections past the global limit: each refused with 1013, established sessions unaffected. */
@Tag("integration")
class ConnectionFloodTest
{
    private static final int LIMIT = 300;
    private static final int FLOOD = 1_500;

    @Test
    void shouldRefuseAFloodPastTheConnectionLimitWith1013WhileEstablishedSessionsKeepWorking() throws Exception
    {
        final List<RawWebSocket> established = new ArrayList<>();
        final ExecutorService pool = Executors.newFixedThreadPool(16);
        final ExecutorService pingPool = Executors.newSingleThreadExecutor();
        try (GatewayServer server =
            GatewayServer.start(Gateways.config().toBuilder().limits(LIMIT, 65_536, 16_384, 200, 64).build()))
        {
            for (int i = 0; i < LIMIT; i++)
            {
                final RawWebSocket ws = RawWebSocket.open(server.port(), 10_000);
                established.add(ws);
                assertEquals(101, ws.status);
                assertTrue(ws.readText().contains("\"ready\""));
            }
            final Histogram before = pingAll(established.subList(0, 20), 20);

            // The flood, from 16 threads, while 20 established sessions keep pinging.
            final AtomicBoolean flooding = new AtomicBoolean(true);
            final Histogram during = new Histogram(3);
            final Future<?> pinger = pingPool.submit(() ->
            {
                while (flooding.get())
                {
                    during.add(pingAll(established.subList(0, 20), 1));
                }
                return null;
            });
            final List<Future<Integer>> outcomes = new ArrayList<>();
            final long floodStart = System.nanoTime();
            for (int i = 0; i < FLOOD; i++)
            {
                outcomes.add(pool.submit(() ->
                {
                    try (RawWebSocket extra = RawWebSocket.open(server.port(), 10_000))
                    {
                        if (extra.status != 101)
                        {
                            return -extra.status;
                        }
                        final Integer code = extra.awaitClose();
                        return code == null ? 0 : code;
                    }
                }));
            }
            int refused1013 = 0;
            final List<Integer> other = new ArrayList<>();
            for (final Future<Integer> f : outcomes)
            {
                final int code = f.get(60, TimeUnit.SECONDS);
                if (code == 1013)
                {
                    refused1013++;
                }
                else
                {
                    other.add(code);
                }
            }
            final double floodSeconds = (System.nanoTime() - floodStart) / 1e9;
            flooding.set(false);
            pinger.get(30, TimeUnit.SECONDS);
            assertEquals(FLOOD, refused1013, "every connection past the limit is closed with 1013; others: " + other);

            // Every established session is still open and answers.
            for (int i = 0; i < established.size(); i++)
            {
                final RawWebSocket ws = established.get(i);
                ws.sendText("{\"type\":\"ping\",\"t\":" + i + "}");
                final String pong = ws.readText();
                assertNotNull(pong, "established session " + i + " answers after the flood");
                assertTrue(pong.contains("\"pong\""), pong);
            }
            assertEquals(LIMIT, server.stats().endpoint().openConnections());
            assertTrue(server.stats().endpoint().refusedConnections() >= FLOOD);
            System.out.printf(
                "[overload] connection flood: %d connections past the limit of %d refused with 1013 in %.1f s " +
                    "(%.0f/s); established sessions' ping RTT p99 %.2f ms before, %.2f ms during (max %.2f ms)%n",
                FLOOD, LIMIT, floodSeconds, FLOOD / floodSeconds, before.getValueAtPercentile(99) / 1e6,
                during.getValueAtPercentile(99) / 1e6, during.getMaxValue() / 1e6);
            assertTrue(during.getTotalCount() > 0, "pings were measured during the flood");
            assertTrue(during.getMaxValue() < TimeUnit.SECONDS.toNanos(2), "an established session waited " +
                during.getMaxValue() / 1e6 + " ms for a pong during the flood");
        }
        finally
        {
            pool.shutdownNow();
            pingPool.shutdownNow();
            for (final RawWebSocket ws : established)
            {
                ws.close();
            }
        }
    }

    /** Ping each session {@code rounds} times; RTTs in ns. */
    private static Histogram pingAll(final List<RawWebSocket> sessions, final int rounds) throws Exception
    {
        final Histogram h = new Histogram(3);
        for (int r = 0; r < rounds; r++)
        {
            for (final RawWebSocket ws : sessions)
            {
                final long t0 = System.nanoTime();
                ws.sendText("{\"type\":\"ping\",\"t\":" + r + "}");
                final String pong = ws.readText();
                assertNotNull(pong, "no pong within the socket timeout");
                h.recordValue(System.nanoTime() - t0);
            }
        }
        return h;
    }
}
