package io.ringcast.bridge;

import io.ringcast.bridge.batching.BatchingConfig;
import io.ringcast.bridge.discovery.StaticDiscovery;
import io.ringcast.bridge.support.Bridges;
import io.ringcast.bridge.support.CollectingListener;
import io.ringcast.bridge.worker.CostModel;
import io.ringcast.bridge.worker.WorkerServer;
import io.ringcast.testsupport.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("integration")
class BatchingTest
{

    @RegisterExtension
    final Bridges bridges = new Bridges();

    private WorkerServer worker;
    private BridgeClient client;

    private BridgeClient client(final BatchingConfig batching)
    {
        client = bridges.client(BridgeClient.builder()
            .discovery(StaticDiscovery.parse("static:" + worker.address()))
            .batching(batching));
        return client;
    }

    @Test
    void shouldCloseBatchWhenMaxBatchReached() throws Exception
    {
        worker = bridges.worker(CostModel.NONE);
        client(BatchingConfig.builder().maxBatch(4).maxQueueDelay(Duration.ofSeconds(5)).maxConcurrent(1)
            .dispatchWhenIdle(false).build());
        final CollectingListener l = new CollectingListener(4);
        final long start = System.nanoTime();
        for (int i = 0; i < 4; i++)
        {
            assertEquals(SubmitResult.ACCEPTED, client.submit(BridgeRequest.synthesis("r" + i, "abc").build(), l));
        }
        assertTrue(l.await(Duration.ofSeconds(4)), "a full batch must leave without waiting for max_queue_delay (5 s)");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4));
        assertEquals(1, worker.stats().batches());
        assertEquals(1, worker.stats().batchesOfSize(4));
        assertEquals(1, client.metrics().providers().get(0).batchSizeCounts()[4]);
    }

    @Test
    void shouldCloseBatchAfterMaxQueueDelay() throws Exception
    {
        worker = bridges.worker(CostModel.NONE);
        client(BatchingConfig.builder().maxBatch(8).maxQueueDelay(Duration.ofMillis(300)).maxConcurrent(1)
            .dispatchWhenIdle(false).build());
        final CollectingListener l = new CollectingListener(2);
        final long start = System.nanoTime();
        client.submit(BridgeRequest.synthesis("a", "abc").build(), l);
        client.submit(BridgeRequest.synthesis("b", "abc").build(), l);
        Thread.sleep(150); // a window in which no batch may leave
        assertEquals(0, worker.stats().batches(), "a batch below max_batch must wait for max_queue_delay");
        assertTrue(l.await(Duration.ofSeconds(5)));
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMs >= 290, "closed too early: " + elapsedMs + " ms");
        assertEquals(1, worker.stats().batchesOfSize(2));
        assertTrue(l.result("a").done && l.result("b").done);
        final double delayMs = client.metrics().providers().get(0).queueDelayNanos().getMaxValue() / 1e6;
        assertTrue(delayMs >= 290 && delayMs < 3_000, "queue delay metric " + delayMs);
    }

    @Test
    void shouldRefuseAtOnceWhenProviderQueueFull() throws Exception
    {
        worker = bridges.worker(500, 1.0);
        client(BatchingConfig.builder().maxBatch(1).maxQueueDelay(Duration.ZERO).maxConcurrent(1).queueCapacity(2)
            .build());
        final CollectingListener l = new CollectingListener(3);
        for (int i = 0; i < 3; i++)
        {
            assertEquals(SubmitResult.ACCEPTED, client.submit(BridgeRequest.synthesis("r" + i, "abc").build(), l));
        }
        final long t0 = System.nanoTime();
        final SubmitResult refused = client.submit(BridgeRequest.synthesis("r3", "abc").build(), l);
        final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(SubmitResult.OVERLOADED, refused);
        assertEquals("overloaded", refused.protocolCode());
        assertTrue(tookMs < 100, "refusal must be immediate, took " + tookMs + " ms");
        // Admission is counted at submit; the queue is the bridge agent's and fills when it takes the hand-over.
        assertTrue(Await.until(() -> client.metrics().providers().get(0).queueDepth() == 2, Duration.ofSeconds(2)),
            "queue depth " + client.metrics().providers().get(0).queueDepth());
        assertEquals(1, client.metrics().overloaded());
        assertTrue(l.await(Duration.ofSeconds(10)), "the accepted requests still complete");
        assertEquals(SubmitResult.ACCEPTED,
            client.submit(BridgeRequest.synthesis("r4", "abc").build(), new CollectingListener(1)));
    }

    @Test
    void shouldRefuseByEstimatedWaitLongBeforeTheQueueIsFull() throws Exception
    {
        worker = bridges.worker(200, 1.0); // 200 ms to a first chunk, one request at a time
        client(BatchingConfig.builder().maxBatch(1).maxQueueDelay(Duration.ZERO).maxConcurrent(1).queueCapacity(1_000)
            .maxQueueWait(Duration.ofMillis(1_500)).build());
        // The latency estimate comes from served requests (the first ones are cold).
        for (int i = 0; i < 6; i++)
        {
            final CollectingListener served = new CollectingListener(1);
            assertEquals(SubmitResult.ACCEPTED,
                client.submit(BridgeRequest.synthesis("learn" + i, "abc").build(), served));
            assertTrue(served.await(Duration.ofSeconds(10)));
        }
        int accepted = 0;
        int refused = 0;
        final CollectingListener l = new CollectingListener(0);
        for (int i = 0; i < 30; i++)
        {
            final SubmitResult r = client.submit(BridgeRequest.synthesis("w" + i, "abc").build(), l);
            if (r == SubmitResult.ACCEPTED)
            {
                accepted++;
            }
            else
            {
                assertEquals(SubmitResult.OVERLOADED, r);
                refused++;
            }
        }
        // About 1.5 s / 200 ms = 7 rounds may queue ahead (fewer on a loaded host, where latency is higher): never the
        // 30 that fit by count.
        assertTrue(accepted >= 2 && accepted <= 15, "accepted " + accepted);
        assertEquals(30 - accepted, refused);
        assertEquals(refused, client.metrics().overloaded());
    }

    @Test
    void shouldDispatchAtOnceToAnIdleProviderAndBatchWhatArrivesWhileBusy() throws Exception
    {
        worker = bridges.worker(300, 1.0); // 300 ms batches
        client(BatchingConfig.builder().maxBatch(8).maxQueueDelay(Duration.ofSeconds(5)).maxConcurrent(1).build());
        final CollectingListener l = new CollectingListener(4);
        final long start = System.nanoTime();
        assertEquals(SubmitResult.ACCEPTED, client.submit(BridgeRequest.synthesis("a", "abc").build(), l));
        Await.until(() -> worker.stats().batches() > 0, Duration.ofSeconds(2));
        final long sentMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, worker.stats().batches());
        assertTrue(sentMs < 200,
            "an idle provider does not wait for max_queue_delay (5 s): sent after " + sentMs + " ms");
        for (final String id : new String[]{"b", "c", "d"})
        {
            assertEquals(SubmitResult.ACCEPTED, client.submit(BridgeRequest.synthesis(id, "abc").build(), l));
        }
        assertTrue(l.await(Duration.ofSeconds(4)),
            "the three that arrived while busy leave when the first batch is done");
        assertEquals(1, worker.stats().batchesOfSize(1));
        assertEquals(1, worker.stats().batchesOfSize(3), "they were batched together");
    }

    @Test
    void shouldRefuseDuplicateOpenId() throws Exception
    {
        worker = bridges.worker(300, 1.0);
        client(BatchingConfig.DEFAULTS);
        final CollectingListener l = new CollectingListener(1);
        assertEquals(SubmitResult.ACCEPTED, client.submit(BridgeRequest.synthesis("x", "abc").build(), l));
        assertEquals(SubmitResult.DUPLICATE_ID, client.submit(BridgeRequest.synthesis("x", "abc").build(), l));
        assertTrue(l.await(Duration.ofSeconds(5)));
        assertEquals(SubmitResult.ACCEPTED,
            client.submit(BridgeRequest.synthesis("x", "abc").build(), new CollectingListener(1)));
    }
}
