package io.ringcast.bridge;

import io.ringcast.bridge.batching.BatchingConfig;
import io.ringcast.bridge.selection.ProviderState;
import io.ringcast.bridge.selection.SelectionConfig;
import io.ringcast.bridge.support.Bridges;
import io.ringcast.bridge.support.CollectingListener;
import io.ringcast.bridge.support.MutableDiscovery;
import io.ringcast.bridge.worker.CostModel;
import io.ringcast.bridge.worker.WorkerServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When every worker of a kind is ejected for errors (deadlines passing under overload) but its stream is
 * still up, the bridge keeps routing to it rather than refusing everything until a probe: a busy worker
 * is slow, not gone. A worker that is gone (stream lost) gets nothing.
 */
@Tag("integration")
class PanicRoutingTest
{

    @RegisterExtension
    final Bridges bridges = new Bridges();

    private BridgeClient client;

    private BridgeClient clientOf(final WorkerServer w)
    {
        // Probes far apart, so the test sees the ejected state rather than a quick comeback.
        return bridges.client(BridgeClient.builder().discovery(new MutableDiscovery(w.address()))
            .selection(SelectionConfig.builder().ejectAfterErrors(2).probeBackoff(Duration.ofSeconds(30))
                .maxProbeBackoff(Duration.ofSeconds(30)).build())
            .batching(BatchingConfig.builder().maxBatch(1).maxQueueDelay(Duration.ZERO).maxConcurrent(1).build()));
    }

    private void ejectByDeadlines() throws Exception
    {
        // Requests with 50 ms deadlines pass them while queued or running.
        final CollectingListener l = new CollectingListener(4);
        for (int i = 0; i < 4; i++)
        {
            client.submit(BridgeRequest.synthesis("late" + i, "ab").timeout(Duration.ofMillis(50)).build(), l);
        }
        assertTrue(l.await(Duration.ofSeconds(5)));
        for (int i = 0; i < 4; i++)
        {
            assertEquals(BridgeFailure.Code.DEADLINE_EXCEEDED, l.result("late" + i).failure.code());
        }
        assertEquals(ProviderState.EJECTED, client.metrics().providers().get(0).state(), "deadlines eject the worker");
    }

    /** The only worker (one GPU, 400 ms batches), ejected by passed deadlines while its stream stays up. */
    private WorkerServer onlyWorkerEjectedForDeadlines() throws Exception
    {
        final WorkerServer w = bridges.worker(new CostModel(400, 0, 400, 1.0));
        client = clientOf(w);
        ejectByDeadlines();
        return w;
    }

    @Test
    void shouldKeepServingThroughTheOnlyWorkerWhenItIsEjectedForDeadlinesButStillConnected() throws Exception
    {
        onlyWorkerEjectedForDeadlines();

        final CollectingListener l = new CollectingListener(1);
        assertEquals(SubmitResult.ACCEPTED,
            client.submit(BridgeRequest.synthesis("after", "ab").timeout(Duration.ofSeconds(10)).build(), l));
        assertTrue(l.await(Duration.ofSeconds(10)));
        assertTrue(l.result("after").done, "served by the ejected but connected worker: " + l.result("after").failure);
        assertEquals(1, client.metrics().panicRouted());
    }

    @Test
    void shouldRefuseWhenTheOnlyWorkerIsEjectedAndItsStreamIsGone() throws Exception
    {
        onlyWorkerEjectedForDeadlines().kill();
        final long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        SubmitResult r = SubmitResult.ACCEPTED;
        final CollectingListener l = new CollectingListener(100);
        for (int i = 0; r == SubmitResult.ACCEPTED && System.nanoTime() < end; i++)
        {
            r = client.submit(BridgeRequest.synthesis("gone" + i, "ab").build(), l);
            Thread.sleep(20); // a client's pause between tries
        }
        assertEquals(SubmitResult.WORKER_UNAVAILABLE, r, "a dead worker gets no traffic, panic or not");
    }
}
