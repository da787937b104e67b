package io.ringcast.bridge;

import io.ringcast.bridge.support.Bridges;
import io.ringcast.bridge.support.CollectingListener;
import io.ringcast.bridge.support.MutableDiscovery;
import io.ringcast.bridge.worker.WorkerServer;
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
}
