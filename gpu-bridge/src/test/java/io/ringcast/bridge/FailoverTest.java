package io.ringcast.bridge;

import io.ringcast.bridge.batching.BatchingConfig;
import io.ringcast.bridge.selection.ProviderMetrics;
import io.ringcast.bridge.selection.ProviderState;
import io.ringcast.bridge.selection.SelectionConfig;
import io.ringcast.bridge.support.Bridges;
import io.ringcast.bridge.support.CollectingListener;
import io.ringcast.bridge.support.MutableDiscovery;
import io.ringcast.bridge.worker.CostModel;
import io.ringcast.bridge.worker.WorkerServer;
import io.ringcast.testsupport.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("integration")
class FailoverTest
{

    @RegisterExtension
    final Bridges bridges = new Bridges();

    private BridgeClient client;

    private static void await(final BooleanSupplier condition, final Duration timeout, final String what)
        throws InterruptedException
    {
        assertTrue(Await.until(condition::getAsBoolean, timeout), "timed out waiting for " + what);
    }

    private ProviderMetrics provider(final String address)
    {
        return client.metrics().providers().stream().filter(p -> p.address().equals(address)).findFirst().orElseThrow();
    }

    @Test
    void shouldRetryRequestsBeforeFirstChunkAndFailOthersWhenWorkerKilled() throws Exception
    {
        // A: one GPU, 6 s batches with first chunks after 150 ms (long, so the kill lands mid-stream
        // even on a loaded machine); B: instant.
        final WorkerServer a = bridges.worker(new CostModel(6_000, 0, 6_000, 0.025));
        final WorkerServer b = bridges.worker(CostModel.NONE);
        final MutableDiscovery discovery = new MutableDiscovery(a.address());
        // Batches close on max_batch only, never on time: a 1 ms window on a loaded machine once
        // split the first four into two batches, the second of which queued 6 s behind the first.
        client = bridges.client(BridgeClient.builder().discovery(discovery)
            .batching(BatchingConfig.builder().maxBatch(4).maxQueueDelay(Duration.ofSeconds(5)).maxConcurrent(2)
                .dispatchWhenIdle(false).build()));
        final CollectingListener l = new CollectingListener(8);
        final String text = "x".repeat(40); // 2 s of audio, 10 chunks
        for (int i = 0; i < 4; i++)
        {
            assertEquals(SubmitResult.ACCEPTED,
                client.submit(BridgeRequest.synthesis("streaming" + i, text).build(), l));
        }
        await(() ->
        {
            for (int i = 0; i < 4; i++)
            {
                if (l.result("streaming" + i).seqs.isEmpty())
                {
                    return false;
                }
            }
            return true;
        }, Duration.ofSeconds(10), "first chunks of the first batch");
        for (int i = 0; i < 4; i++)
        {
            assertEquals(SubmitResult.ACCEPTED, client.submit(BridgeRequest.synthesis("waiting" + i, text).build(), l));
        }
        await(() -> a.stats().requests() == 8, Duration.ofSeconds(5), "second batch at worker A");
        discovery.set(a.address(), b.address());
        a.kill();
        assertTrue(l.await(Duration.ofSeconds(10)), "nothing may hang after a worker dies");
        for (int i = 0; i < 4; i++)
        {
            final CollectingListener.Result s = l.result("streaming" + i);
            assertEquals(BridgeFailure.Code.WORKER_UNAVAILABLE, s.failure.code(), "streaming" + i);
            assertEquals("worker_unavailable", s.failure.code().protocolCode());
            final CollectingListener.Result w = l.result("waiting" + i);
            assertTrue(w.done, "waiting" + i + " should be retried on B, got " + w.failure);
            assertNull(w.failure);
            assertEquals(1, w.terminalCalls);
        }
        assertEquals(4, b.stats().completed());
        assertEquals(4, client.metrics().retries());
        assertEquals(0, client.openRequests());
        assertEquals(ProviderState.EJECTED, provider(a.address()).state());
    }

    @Test
    void shouldFailWithWorkerUnavailableWhenNoOtherWorkerTakesTheRetry() throws Exception
    {
        final WorkerServer a = bridges.worker(new CostModel(2_000, 0, 2_000, 1.0));
        client = bridges.client(BridgeClient.builder().discovery(new MutableDiscovery(a.address())));
        final CollectingListener l = new CollectingListener(1);
        client.submit(BridgeRequest.synthesis("r", "hello").build(), l);
        await(() -> a.stats().requests() == 1, Duration.ofSeconds(5), "request at worker");
        a.kill();
        assertTrue(l.await(Duration.ofSeconds(5)));
        assertEquals(BridgeFailure.Code.WORKER_UNAVAILABLE, l.result("r").failure.code());
        assertEquals(SubmitResult.WORKER_UNAVAILABLE, client.submit(BridgeRequest.synthesis("s", "x").build(), l));
    }

    @Test
    void shouldEjectWorkerFailingHealthChecksAndProbeItBack() throws Exception
    {
        final WorkerServer a = bridges.worker(CostModel.NONE);
        final WorkerServer b = bridges.worker(CostModel.NONE);
        client = bridges.client(BridgeClient.builder().discovery(new MutableDiscovery(a.address(), b.address()))
            .selection(SelectionConfig.builder().healthInterval(Duration.ofMillis(200))
                .probeBackoff(Duration.ofMillis(200)).build()));
        a.setServing(false);
        await(() -> provider(a.address()).state() == ProviderState.EJECTED, Duration.ofSeconds(5), "ejection of A");
        final long before = a.stats().requests();
        final CollectingListener l = new CollectingListener(20);
        for (int i = 0; i < 20; i++)
        {
            client.submit(BridgeRequest.synthesis("r" + i, "ab").build(), l);
        }
        assertTrue(l.await(Duration.ofSeconds(5)));
        assertEquals(before, a.stats().requests(), "an ejected worker gets no requests");
        a.setServing(true);
        await(() -> provider(a.address()).state() == ProviderState.HEALTHY, Duration.ofSeconds(5), "A probed back");
        final long start = System.nanoTime();
        final CollectingListener l2 = new CollectingListener(1);
        while (a.stats().requests() == before && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5))
        {
            client.submit(BridgeRequest.synthesis("again" + System.nanoTime(), "ab").build(), l2);
            Thread.sleep(5); // a client's pause between tries
        }
        assertTrue(a.stats().requests() > before, "A takes requests again after the probe");
    }
}
