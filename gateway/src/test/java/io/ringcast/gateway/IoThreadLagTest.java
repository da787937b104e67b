package io.ringcast.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcast.engine.EngineConfig;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.TestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An IO thread that runs late (a busy host) is the server's delay, not the client's. An audio frame's header carries
 * the time it was handed to the socket (docs/protocol.md), which is when the IO thread writes it, not when the stream
 * group queued it for that thread: on a busy host the hand-over between the two is most of a frame's lateness, and a
 * stamp taken before it tells a listener the frame left earlier than it did. And a client reading everything at once
 * is not a slow consumer because the frames waited for the server's own IO thread: at 1,000 sessions on 2 busy cores
 * that wait passed {@code slow_send_ms}, and clients that kept up had half their utterances' audio shed.
 */
@Tag("integration")
class IoThreadLagTest
{
    private static final long MS = 1_000_000L;

    /** Holds every IO thread of {@code server} for {@code millis}; returns [from, until] in nanoTime once released. */
    private static long[] holdIoThreads(final GatewayServer server, final long millis) throws InterruptedException
    {
        final AtomicLong heldFrom = new AtomicLong();
        final AtomicLong heldUntil = new AtomicLong();
        final CountDownLatch released = new CountDownLatch(1);
        server.onEachIoThread(() ->
        {
            heldFrom.set(System.nanoTime());
            try
            {
                Thread.sleep(millis);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            heldUntil.set(System.nanoTime());
            released.countDown();
        });
        assertTrue(released.await(10, TimeUnit.SECONDS), "the IO thread ran the task");
        return new long[]{heldFrom.get(), heldUntil.get()};
    }

    @Test
    void shouldStampAFrameWhenTheIoThreadWritesItNotWhenTheGroupQueuedIt() throws Exception
    {
        try (GatewayServer server = GatewayServer.start(Gateways.config().toBuilder().ioThreads(1).build());
            TestClient client = TestClient.connect(Gateways.url(server)))
        {
            client.await("ready");
            client.send("{\"type\":\"speak\",\"id\":\"a\",\"text\":\"" + "hello there ".repeat(8) + "\"}");
            client.await("audio_start");

            // The one IO thread is held for 300 ms while the group goes on pacing frames to it (15 at 20 ms).
            final long[] held = holdIoThreads(server, 300);
            client.await("audio_end");

            final List<TestClient.Frame> frames = client.frames();
            long during = 0;
            long after = 0;
            for (final TestClient.Frame f : frames)
            {
                if (f.sendNanos() > held[0] && f.sendNanos() < held[1])
                {
                    during++;
                }
                else if (f.sendNanos() >= held[1])
                {
                    after++;
                }
            }
            assertTrue(after >= 10, "frames queued while the IO thread was held were written after it: " + after);
            assertTrue(during == 0, during + " of " + frames.size() + " frames carry a send time from the " +
                (held[1] - held[0]) / MS + " ms when the only IO thread could not write anything");
        }
    }

    @Test
    void shouldNotShedTheAudioOfAClientThatKeepsUpWhenTheServersOwnIoThreadRunsLate() throws Exception
    {
        // A send slower than 50 ms is a slow event; more than 2 make a slow consumer, whose audio is shed.
        final GatewayConfig config = Gateways.config().toBuilder().ioThreads(1)
            .engine(EngineConfig.builder().slowConsumer(50, 2, 5_000).build()).build();
        try (GatewayServer server = GatewayServer.start(config);
            TestClient client = TestClient.connect(Gateways.url(server)))
        {
            client.await("ready");
            client.send("{\"type\":\"speak\",\"id\":\"a\",\"text\":\"" + "hello there ".repeat(4) + "\"}");
            client.await("audio_start");
            for (int i = 0; i < 3; i++)
            {
                holdIoThreads(server, 300); // each time the frames paced meanwhile wait 300 ms for the IO thread
                Thread.sleep(100);
            }
            final JsonNode end = client.await("audio_end");

            assertEquals(0, client.ofType("backpressure").size(),
                "no shedding notice: " + client.ofType("backpressure"));
            // 48 characters at the embedded worker's 50 ms each: 120 frames of 20 ms, every one of them delivered.
            final long distinct = client.frames().stream().mapToLong(TestClient.Frame::seq).distinct().count();
            assertEquals(120, distinct, "frames shed from a client that kept up");
            assertEquals(120, end.path("frames").asInt());
        }
    }
}
