package io.ringcast.bridge;

import io.ringcast.bridge.discovery.EmbeddedDiscovery;
import io.ringcast.bridge.discovery.StaticDiscovery;
import io.ringcast.bridge.support.Bridges;
import io.ringcast.bridge.support.CollectingListener;
import io.ringcast.bridge.worker.CostModel;
import io.ringcast.bridge.worker.ToneSynthesizer;
import io.ringcast.bridge.worker.WorkerServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("integration")
class StreamingTest
{

    @RegisterExtension
    final Bridges bridges = new Bridges();

    private WorkerServer worker;
    private BridgeClient client;

    @Test
    void shouldDeliverChunksInOrderWithoutGaps() throws Exception
    {
        client = bridges.client(BridgeClient.builder()); // embedded default worker, H100 cost model
        final int n = 24;
        final CollectingListener l = new CollectingListener(n);
        final String text = "the quick brown fox jumps over the lazy dog";
        for (int i = 0; i < n; i++)
        {
            assertEquals(SubmitResult.ACCEPTED, client.submit(BridgeRequest.synthesis("u" + i, text + i).build(), l));
        }
        assertTrue(l.await(Duration.ofSeconds(20)));
        final ToneSynthesizer tones = new ToneSynthesizer();
        for (int i = 0; i < n; i++)
        {
            final CollectingListener.Result r = l.result("u" + i);
            assertTrue(r.done, "u" + i + " failed: " + r.failure);
            assertEquals(1, r.terminalCalls);
            assertTrue(r.seqs.size() > 5, "expected many chunks, got " + r.seqs.size());
            for (int s = 0; s < r.seqs.size(); s++)
            {
                assertEquals(s, r.seqs.get(s), "chunk order of u" + i);
            }
            assertArrayEquals(tones.synthesize(text + i, "", 16_000), r.data.toByteArray(), "PCM of u" + i);
        }
        assertTrue(((EmbeddedDiscovery)client.discovery()).worker().stats().largestBatch() > 1,
            "requests were batched");
        assertEquals(0, client.openRequests());
    }

    @Test
    void shouldStopWorkerOutputWhenCancelled() throws Exception
    {
        // One 2 s batch; first chunk after 100 ms, then the other 24 chunks over the next 1.9 s.
        worker = bridges.worker(2_000, 0.05);
        client = bridges.client(BridgeClient.builder().discovery(StaticDiscovery.parse("static:" + worker.address())));
        final AtomicInteger chunksAfterCancel = new AtomicInteger();
        final CollectingListener l = new CollectingListener(1);
        l.onChunk((id, seq) ->
        {
            if (seq == 0)
            {
                assertTrue(client.cancel(id));
            }
            else
            {
                chunksAfterCancel.incrementAndGet();
            }
        });
        final String text = "x".repeat(100); // 5 s of audio = 25 chunks of 200 ms
        assertEquals(SubmitResult.ACCEPTED, client.submit(BridgeRequest.synthesis("c", text).build(), l));
        Thread.sleep(2_600); // a window in which the worker must stop
        assertEquals(1, worker.stats().cancelled(), "the cancel must reach the worker");
        assertTrue(worker.stats().chunks() < 5, "worker kept producing: " + worker.stats().chunks() + " chunks");
        assertEquals(0, worker.stats().completed());
        assertEquals(0, chunksAfterCancel.get());
        assertFalse(l.result("c").done);
        assertNull(l.result("c").failure, "no callback after cancel");
        assertFalse(client.cancel("c"), "a cancelled request is no longer open");
    }

    @Test
    void shouldServeFusionWindowsWithoutNewProtocol() throws Exception
    {
        worker = bridges.worker(CostModel.NONE);
        client = bridges.client(BridgeClient.builder().discovery(StaticDiscovery.parse("static:" + worker.address())));
        final CollectingListener l = new CollectingListener(1);
        final byte[] window = "{\"visual\":[1,2],\"text\":[\"hi\"]}".getBytes(StandardCharsets.UTF_8);
        client.submit(BridgeRequest.fusion("f1", "fuse-small", window).build(), l);
        assertTrue(l.await(Duration.ofSeconds(5)));
        assertTrue(l.result("f1").done);
        assertEquals("{\"model\":\"fuse-small\",\"input_bytes\":" + window.length + "}",
            l.result("f1").data.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldFailRequestWhoseDeadlinePasses() throws Exception
    {
        worker = bridges.worker(3_000, 1.0);
        client = bridges.client(BridgeClient.builder().discovery(StaticDiscovery.parse("static:" + worker.address())));
        final CollectingListener l = new CollectingListener(1);
        client.submit(BridgeRequest.synthesis("d", "abc").timeout(Duration.ofMillis(300)).build(), l);
        assertTrue(l.await(Duration.ofSeconds(2)), "a deadline must end the request");
        assertEquals(BridgeFailure.Code.DEADLINE_EXCEEDED, l.result("d").failure.code());
        assertEquals(0, client.openRequests());
    }
}
