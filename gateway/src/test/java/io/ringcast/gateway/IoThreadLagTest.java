package io.ringcast.gateway;

import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.TestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An audio frame's header carries the time it was handed to the socket (docs/protocol.md), which is when the IO
 * thread writes it, not when the stream group queued it for that thread: on a busy host the hand-over between the
 * two is most of a frame's lateness, and a stamp taken before it tells a listener the frame left earlier than it did.
 */
@Tag("integration")
class SendStampTest
{
    private static final long MS = 1_000_000L;

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
            final AtomicLong heldFrom = new AtomicLong();
            final AtomicLong heldUntil = new AtomicLong();
            final CountDownLatch released = new CountDownLatch(1);
            server.onEachIoThread(() ->
            {
                heldFrom.set(System.nanoTime());
                try
                {
                    Thread.sleep(300);
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
                heldUntil.set(System.nanoTime());
                released.countDown();
            });
            assertTrue(released.await(10, TimeUnit.SECONDS), "the IO thread ran the task");
            client.await("audio_end");

            final List<TestClient.Frame> frames = client.frames();
            long during = 0;
            long after = 0;
            for (final TestClient.Frame f : frames)
            {
                if (f.sendNanos() > heldFrom.get() && f.sendNanos() < heldUntil.get())
                {
                    during++;
                }
                else if (f.sendNanos() >= heldUntil.get())
                {
                    after++;
                }
            }
            assertTrue(after >= 10, "frames queued while the IO thread was held were written after it: " + after);
            assertTrue(during == 0, during + " of " + frames.size() + " frames carry a send time from the " +
                (heldUntil.get() - heldFrom.get()) / MS + " ms when the only IO thread could not write anything");
        }
    }
}
