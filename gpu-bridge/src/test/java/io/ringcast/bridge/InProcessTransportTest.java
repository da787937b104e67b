package io.ringcast.bridge;

import io.ringcast.bridge.batching.BatchingConfig;
import io.ringcast.bridge.discovery.StaticDiscovery;
import io.ringcast.bridge.discovery.WorkerInfo;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded worker's path: the bridge calling a worker in this JVM directly (its stream a {@code DirectCall}, its
 * health checks over gRPC's in-process transport).
 */
@Tag("integration")
class InProcessTransportTest
{

    @RegisterExtension
    final Bridges bridges = new Bridges();

    private WorkerServer worker;
    private BridgeClient client;

    private void connectInProcess(final CostModel cost) throws Exception
    {
        connectInProcess(cost, BatchingConfig.builder().build());
    }

    private void connectInProcess(final CostModel cost, final BatchingConfig batching) throws Exception
    {
        worker = bridges.worker(cost);
        assertTrue(worker.inProcessAddress().startsWith(WorkerInfo.IN_PROCESS_PREFIX));
        client = bridges
            .client(BridgeClient.builder().discovery(StaticDiscovery.parse("static:" + worker.inProcessAddress()))
                .batching(batching));
    }

    @Test
    void shouldStreamTheSameAudioInProcessAsOverLoopback() throws Exception
    {
        connectInProcess(CostModel.NONE);
        final CollectingListener l = new CollectingListener(1);
        assertEquals(SubmitResult.ACCEPTED, client.submit(BridgeRequest.synthesis("u", "in process").build(), l));
        assertTrue(l.await(Duration.ofSeconds(5)));
        assertTrue(l.result("u").done, "failed: " + l.result("u").failure);
        assertArrayEquals(new ToneSynthesizer().synthesize("in process", "", 16_000), l.result("u").data.toByteArray());
        assertEquals(1, worker.stats().completed(), "the worker itself served it");
    }

    @Test
    void shouldHandleTheWorkersChunksOnTheWorkersThreadWithoutAHandOff() throws Exception
    {
        connectInProcess(CostModel.NONE);
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final CollectingListener l = new CollectingListener(1);
        l.onChunk((id, seq) -> threads.add(Thread.currentThread().getName()));
        assertEquals(SubmitResult.ACCEPTED,
            client.submit(BridgeRequest.synthesis("t", "a sentence long enough for several chunks").build(), l));
        assertTrue(l.await(Duration.ofSeconds(5)));
        assertTrue(l.result("t").done, "failed: " + l.result("t").failure);
        assertTrue(l.result("t").seqs.size() > 1, "several chunks");
        // gRPC's in-process transport ran every answer on one of its executor's threads: a hand-off per chunk.
        assertTrue(threads.stream().allMatch(t -> t.startsWith("worker-")),
            "chunks were handled on " + threads + ", not on the worker's own threads");
    }

    @Test
    void shouldNotDeadlockWhenCreditAndCancelsAreSentFromInsideTheWorkersCallbacks() throws Exception
    {
        // One batch in flight at a time: each request leaving its batch (first chunk, on a worker thread) sends the
        // next batch; credit is returned and some requests cancelled from the chunk callback itself, on the worker's
        // thread, while the worker holds its locks. All of it must reach the worker and every request must end.
        connectInProcess(CostModel.NONE, BatchingConfig.builder().maxBatch(4).maxConcurrent(1).build());
        final int requests = 200;
        final int chunk = 6_400;
        final CollectingListener l = new CollectingListener(requests);
        final Set<String> cancelled = ConcurrentHashMap.newKeySet();
        l.onChunk((id, seq) ->
        {
            if (seq == 2 && id.hashCode() % 5 == 0 && client.cancel(id))
            {
                cancelled.add(id);
            }
            else
            {
                client.credit(id, chunk);
            }
        });
        for (int i = 0; i < requests; i++)
        {
            assertEquals(SubmitResult.ACCEPTED, client.submit(
                BridgeRequest.synthesis("r" + i, "x".repeat(60)).readAheadBytes(chunk).build(), l));
        }
        Await.until(() -> terminals(l, requests) + cancelled.size() >= requests, Duration.ofSeconds(20));
        assertEquals(requests - cancelled.size(), terminals(l, requests), "requests left without an answer");
        for (int i = 0; i < requests; i++)
        {
            final CollectingListener.Result r = l.result("r" + i);
            assertTrue(cancelled.contains("r" + i) || r.done, "r" + i + " failed: " + r.failure);
        }
        Await.until(() -> client.openRequests() == 0, Duration.ofSeconds(5));
        assertEquals(0, client.openRequests());
    }

    private static int terminals(final CollectingListener l, final int requests)
    {
        int n = 0;
        for (int i = 0; i < requests; i++)
        {
            n += l.result("r" + i).terminalCalls;
        }
        return n;
    }

    @Test
    void shouldStopInProcessWorkerOutputWhenCancelled() throws Exception
    {
        connectInProcess(new CostModel(2_000, 0, 2_000, 0.05));
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
        client.submit(BridgeRequest.synthesis("c", "x".repeat(100)).build(), l);
        Await.until(() -> worker.stats().cancelled() > 0, Duration.ofSeconds(5));
        assertEquals(1, worker.stats().cancelled(), "the cancel must reach the worker");
        assertEquals(0, chunksAfterCancel.get());
        assertNull(l.result("c").failure, "no callback after cancel");
        assertFalse(l.result("c").done);
    }

    @Test
    void shouldAnswerEveryRequestWhenManyThreadsSubmitAndCancelAtOnce() throws Exception
    {
        // Worker callbacks run on the submitting thread here; this must not deadlock with chunks
        // flowing back on the worker's threads while other threads cancel.
        connectInProcess(CostModel.NONE, BatchingConfig.builder().queueCapacity(2_000).build());
        final int threads = 4;
        final int perThread = 300;
        final CollectingListener l = new CollectingListener(threads * perThread);
        final AtomicInteger cancelled = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final int id = t;
            final Thread th = new Thread(() ->
            {
                try
                {
                    start.await();
                }
                catch (InterruptedException e)
                {
                    return;
                }
                for (int i = 0; i < perThread; i++)
                {
                    final String rid = "t" + id + "-" + i;
                    if (client.submit(BridgeRequest.synthesis(rid, "abc" + i).build(), l) != SubmitResult.ACCEPTED)
                    {
                        refused.incrementAndGet();
                    }
                    else if (i % 3 == 0 && client.cancel(rid))
                    {
                        cancelled.incrementAndGet();
                    }
                }
            });
            submitters.add(th);
            th.start();
        }
        start.countDown();
        for (final Thread th : submitters)
        {
            th.join(10_000);
            assertFalse(th.isAlive(), "a submitting thread is stuck");
        }
        // Cancelled and refused requests get no callback; every other one gets exactly one.
        final int expected = threads * perThread - cancelled.get() - refused.get();
        Await.until(() -> terminals(l, threads, perThread) >= expected, Duration.ofSeconds(20));
        assertEquals(expected, terminals(l, threads, perThread), "requests left without an answer");
        assertEquals(0, refused.get(), "the queue holds every request");
        Await.until(() -> client.openRequests() == 0, Duration.ofSeconds(5));
        assertEquals(0, client.openRequests());
    }

    private static int terminals(final CollectingListener l, final int threads, final int perThread)
    {
        int n = 0;
        for (int t = 0; t < threads; t++)
        {
            for (int i = 0; i < perThread; i++)
            {
                final CollectingListener.Result r = l.result("t" + t + "-" + i);
                assertTrue(r.terminalCalls <= 1, "two terminal callbacks for t" + t + "-" + i);
                n += r.terminalCalls;
            }
        }
        return n;
    }

    @Test
    void shouldFailStreamingRequestsWhenInProcessWorkerIsKilled() throws Exception
    {
        connectInProcess(new CostModel(3_000, 0, 3_000, 0.05));
        final CollectingListener l = new CollectingListener(1);
        client.submit(BridgeRequest.synthesis("k", "x".repeat(40)).build(), l);
        Await.until(() -> !l.result("k").seqs.isEmpty(), Duration.ofSeconds(5));
        assertFalse(l.result("k").seqs.isEmpty(), "streaming began");
        worker.kill();
        assertTrue(l.await(Duration.ofSeconds(5)), "nothing may hang after the worker dies");
        assertEquals(BridgeFailure.Code.WORKER_UNAVAILABLE, l.result("k").failure.code());
    }
}
