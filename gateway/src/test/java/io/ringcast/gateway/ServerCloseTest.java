package io.ringcast.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.TestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link GatewayServer#close()} is idempotent, as its javadoc says: closed from several threads at once and then
 * again, it drains and stops once. Its old guard ({@code !accepting && engine == null}) could never be true, so
 * every call drained and stopped Undertow again (issue 11, item 6).
 */
@Tag("integration")
class ServerCloseTest
{
    @Test
    void shouldDrainAndStopOnceHoweverOftenAndFromWhereverItIsClosed() throws Exception
    {
        final Logger undertow = (Logger)LoggerFactory.getLogger("io.undertow");
        final Level level = undertow.getLevel();
        final ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        undertow.addAppender(log);
        undertow.setLevel(Level.INFO);
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try
        {
            final GatewayServer server = Gateways.start();
            try (TestClient c = TestClient.connect(Gateways.url(server)))
            {
                c.await("ready");
                final CountDownLatch go = new CountDownLatch(1);
                final List<Future<?>> closes = new ArrayList<>();
                for (int i = 0; i < 4; i++)
                {
                    closes.add(pool.submit(() ->
                    {
                        go.await();
                        server.close();
                        return null;
                    }));
                }
                go.countDown();
                for (final Future<?> f : closes)
                {
                    f.get(30, TimeUnit.SECONDS); // each returns, none throws
                }
                server.close();
                assertEquals(1001, c.awaitClose(5_000), "the client is drained with 1001");
            }
            assertEquals(1,
                log.list.stream().filter(e -> e.getFormattedMessage().startsWith("stopping server")).count(),
                "Undertow stopped once: " + log.list);
        }
        finally
        {
            pool.shutdownNow();
            undertow.setLevel(level);
            undertow.detachAppender(log);
        }
    }
}
