package io.ringcast.bridge;

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

import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("integration")
class SelectionTest
{

    @RegisterExtension
    final Bridges bridges = new Bridges();

    private WorkerServer fast;
    private WorkerServer slow;
    private BridgeClient client;

    @Test
    void shouldPreferTheFasterOfTwoWorkers() throws Exception
    {
        fast = bridges.worker(5, 1.0);
        slow = bridges.worker(80, 1.0);
        client = bridges.client(BridgeClient.builder().discovery(new MutableDiscovery(fast.address(), slow.address())));
        for (int wave = 0; wave < 30; wave++)
        {
            final CollectingListener l = new CollectingListener(2);
            client.submit(BridgeRequest.synthesis("a" + wave, "hi").build(), l);
            client.submit(BridgeRequest.synthesis("b" + wave, "hi").build(), l);
            assertTrue(l.await(Duration.ofSeconds(5)));
        }
        final long onFast = fast.stats().requests();
        final long onSlow = slow.stats().requests();
        assertTrue(onFast + onSlow == 60, "all requests served");
        assertTrue(onFast > 3 * onSlow, "fast worker should get most requests: fast " + onFast + ", slow " + onSlow);
        assertTrue(onSlow > 0, "the slow worker is still used when the fast one is busy");
    }

    @Test
    void shouldGiveAWorkerWithoutSamplesItsTurnWhenItTiesWithTheBest() throws Exception
    {
        // Requests one at a time, each after the last is done: both workers idle at every placement. The one without
        // samples is scored with the best latency known, a tie, which the worker that joined first won every time.
        final WorkerServer first = bridges.worker(CostModel.NONE);
        final WorkerServer second = bridges.worker(CostModel.NONE);
        client = bridges.client(BridgeClient.builder().discovery(new MutableDiscovery(first.address(),
            second.address())));
        for (int i = 0; i < 6; i++)
        {
            final CollectingListener l = new CollectingListener(1);
            client.submit(BridgeRequest.synthesis("r" + i, "hi").build(), l);
            assertTrue(l.await(Duration.ofSeconds(5)));
            assertTrue(Await.until(() -> client.metrics().providers().stream().allMatch(p -> p.outstanding() == 0),
                Duration.ofSeconds(5)), "the request leaves its worker's count");
        }
        assertTrue(first.stats().requests() > 0 && second.stats().requests() > 0,
            "both workers get requests: " + first.stats().requests() + " and " + second.stats().requests());
    }
}
