package io.ringcast.bridge;

import io.ringcast.bridge.batching.BatchingConfig;
import io.ringcast.bridge.discovery.StaticDiscovery;
import io.ringcast.bridge.support.Bridges;
import io.ringcast.bridge.support.CollectingListener;
import io.ringcast.bridge.worker.CostModel;
import io.ringcast.bridge.worker.ToneSynthesizer;
import io.ringcast.bridge.worker.WorkerServer;
import io.ringcast.testsupport.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credit-based read-ahead over gRPC on loopback: a zero-cost worker sends a request's output only as far as its
 * read-ahead window, and more as the caller returns credit for what it consumed.
 */
@Tag("integration")
class ReadAheadTest
{
    // 10 frames of 20 ms at 16 kHz
    private static final int CHUNK = 6_400;

    @RegisterExtension
    final Bridges bridges = new Bridges();

    private WorkerServer worker;
    private BridgeClient client;

    @Test
    void shouldSendNoMoreThanTheWindowUntilCreditReturnsThenEverythingInOrder() throws Exception
    {
        worker = bridges.worker(CostModel.NONE);
        client = bridges.client(BridgeClient.builder().discovery(StaticDiscovery.parse("static:" + worker.address())));
        final CollectingListener l = new CollectingListener(1);
        final String text = "x".repeat(100); // 5 s of audio: 160,000 bytes in 25 chunks
        assertEquals(SubmitResult.ACCEPTED,
            client.submit(BridgeRequest.synthesis("r", text).readAheadBytes(2 * CHUNK).build(), l));

        assertTrue(Await.until(() -> l.result("r").data.size() >= 2 * CHUNK, Duration.ofSeconds(10)),
            "the window's worth of audio");
        Thread.sleep(300); // a zero-cost worker would have sent all 25 chunks by now without the window
        assertEquals(2 * CHUNK, l.result("r").data.size(), "the worker stops at the window");
        assertFalse(l.result("r").done);

        client.credit("r", CHUNK);
        assertTrue(Await.until(() -> l.result("r").data.size() >= 3 * CHUNK, Duration.ofSeconds(10)),
            "one more chunk per chunk of credit");
        Thread.sleep(200); // a window in which no chunk may come
        assertEquals(3 * CHUNK, l.result("r").data.size());

        for (int i = 0; i < 30 && !l.result("r").done; i++)
        {
            client.credit("r", 4 * CHUNK);
            Thread.sleep(20); // the caller takes audio as it plays
        }
        assertTrue(l.await(Duration.ofSeconds(10)), "done once the caller has taken everything");
        assertArrayEquals(new ToneSynthesizer().synthesize(text, "", 16_000), l.result("r").data.toByteArray());
        for (int s = 0; s < l.result("r").seqs.size(); s++)
        {
            assertEquals(s, l.result("r").seqs.get(s), "chunks in order without gaps");
        }
    }

    @Test
    void shouldLetAStreamingRequestOutliveItsDeadlineWhileItsConsumerPacesIt() throws Exception
    {
        worker = bridges.worker(CostModel.NONE);
        client = bridges.client(BridgeClient.builder().discovery(StaticDiscovery.parse("static:" + worker.address())));
        final CollectingListener warm = new CollectingListener(1);
        client.submit(BridgeRequest.synthesis("warm-up", "hi").build(), warm); // connect and load classes first
        assertTrue(warm.await(Duration.ofSeconds(10)));

        final CollectingListener l = new CollectingListener(1);
        assertEquals(SubmitResult.ACCEPTED, client.submit(BridgeRequest.synthesis("slow", "x".repeat(100))
            .readAheadBytes(2 * CHUNK).timeout(Duration.ofSeconds(1)).build(), l));
        // A listener taking a chunk every 100 ms: the last chunk comes 2.3 s after the first, well past the 1 s
        // deadline.
        assertTrue(Await.until(() -> l.result("slow").data.size() > 0, Duration.ofSeconds(1)),
            "first chunk within the deadline");
        for (int i = 0; i < 60 && !l.result("slow").done && l.result("slow").failure == null; i++)
        {
            Thread.sleep(100); // the consumer takes a chunk per 100 ms
            client.credit("slow", CHUNK);
        }
        assertTrue(l.await(Duration.ofSeconds(10)));
        assertTrue(l.result("slow").done,
            "paced by its consumer, not failed by its deadline: " + l.result("slow").failure);
        assertEquals(160_000, l.result("slow").data.size());
    }

    @Test
    void shouldNotHoldABatchSlotWhileAStreamingRequestWaitsForItsListener() throws Exception
    {
        worker = bridges.worker(CostModel.NONE);
        client = bridges.client(BridgeClient.builder().discovery(StaticDiscovery.parse("static:" + worker.address()))
            .batching(BatchingConfig.builder().maxBatch(1).maxConcurrent(1).build()));
        final CollectingListener first = new CollectingListener(1);
        final CollectingListener second = new CollectingListener(1);
        assertEquals(SubmitResult.ACCEPTED, client.submit(BridgeRequest.synthesis("a", "x".repeat(100))
            .readAheadBytes(2 * CHUNK).build(), first));
        assertTrue(Await.until(() -> first.result("a").data.size() > 0, Duration.ofSeconds(10)));
        // "a" now waits for its listener, who takes nothing; "b" must still get its first audio.
        assertEquals(SubmitResult.ACCEPTED, client.submit(BridgeRequest.synthesis("b", "x".repeat(100))
            .readAheadBytes(2 * CHUNK).build(), second));
        assertTrue(Await.until(() -> second.result("b").data.size() > 0, Duration.ofSeconds(5)),
            "a second utterance starts while the first one streams at its listener's pace");
    }

    @Test
    void shouldSendEverythingAtOnceWithoutAWindow() throws Exception
    {
        worker = bridges.worker(CostModel.NONE);
        client = bridges.client(BridgeClient.builder().discovery(StaticDiscovery.parse("static:" + worker.address())));
        final CollectingListener l = new CollectingListener(1);
        assertEquals(SubmitResult.ACCEPTED, client.submit(BridgeRequest.synthesis("r", "x".repeat(100)).build(), l));
        assertTrue(l.await(Duration.ofSeconds(10)));
        assertEquals(160_000, l.result("r").data.size());
    }
}
