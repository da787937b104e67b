package io.ringcast.bridge;

import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import io.ringcast.bridge.discovery.WorkerInfo;
import io.ringcast.bridge.protocol.BridgeMessage;
import io.ringcast.bridge.protocol.Done;
import io.ringcast.bridge.protocol.Request;
import io.ringcast.bridge.protocol.WorkerGrpc;
import io.ringcast.bridge.protocol.WorkerMessage;
import io.ringcast.bridge.support.CollectingListener;
import io.ringcast.bridge.support.MutableDiscovery;
import io.ringcast.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The calling thread (a stream group thread in the gateway) only hands requests over: placing, batching and writing
 * them to gRPC happen on the bridge's agent thread. The worker here is reached in-process with a direct executor,
 * so its request handler runs on whichever thread writes the request: a handler that blocks shows which one.
 */
@Tag("integration")
class BridgeAgentTest
{

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<Thread> handlerThread = new AtomicReference<>();
    private Server server;
    private BridgeClient client;

    @AfterEach
    void tearDown()
    {
        release.countDown();
        if (client != null)
        {
            client.close();
        }
        if (server != null)
        {
            server.shutdownNow();
        }
    }

    @Test
    void shouldReturnFromSubmitWhileTheWorkersRequestHandlerIsBlocked() throws Exception
    {
        final String name = "bridge-agent-test-" + System.nanoTime();
        final HealthStatusManager health = new HealthStatusManager();
        server = InProcessServerBuilder.forName(name).directExecutor()
            .addService(new BlockingWorker())
            .addService(health.getHealthService())
            .build().start();
        client = BridgeClient.builder().discovery(new MutableDiscovery(WorkerInfo.IN_PROCESS_PREFIX + name)).build();
        // One request answered first: the stream is up and the worker has asked for its next message, which gRPC's
        // in-process transport then hands to the worker's handler on the thread that writes it.
        final CollectingListener warm = new CollectingListener(1);
        assertEquals(SubmitResult.ACCEPTED, client.submit(BridgeRequest.synthesis("warm", "answered").build(), warm));
        assertTrue(warm.await(Duration.ofSeconds(10)), "the warm-up request is answered");

        final CollectingListener l = new CollectingListener(2);
        final long start = System.nanoTime();
        assertEquals(SubmitResult.ACCEPTED, client.submit(BridgeRequest.synthesis("a", "blocked").build(), l));
        assertEquals(SubmitResult.ACCEPTED, client.submit(BridgeRequest.synthesis("b", "queued").build(), l));
        assertTrue(client.cancel("b"), "cancel hands over too");
        final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        Await.until(() -> handlerThread.get() != null, Duration.ofSeconds(5));
        assertTrue(tookMs < 1_000, "submit and cancel waited on the worker's handler: " + tookMs + " ms");
        assertNotEquals(null, handlerThread.get(), "the request reached the worker");
        assertNotEquals(Thread.currentThread(), handlerThread.get(),
            "the worker's handler ran on the submitting thread");
        assertEquals("bridge-agent", handlerThread.get().getName());
    }

    /** A worker that answers the warm-up request at once, and whose handler then blocks until the test ends. */
    private final class BlockingWorker extends WorkerGrpc.WorkerImplBase
    {
        @Override
        public StreamObserver<BridgeMessage> stream(final StreamObserver<WorkerMessage> out)
        {
            return new StreamObserver<>()
            {
                @Override
                public void onNext(final BridgeMessage m)
                {
                    if (m.hasBatch() && "answered".equals(m.getBatch().getRequests(0).getText()))
                    {
                        for (final Request r : m.getBatch().getRequestsList())
                        {
                            out.onNext(WorkerMessage.newBuilder().setDone(Done.newBuilder().setId(r.getId())).build());
                        }
                        return;
                    }
                    handlerThread.compareAndSet(null, Thread.currentThread());
                    try
                    {
                        release.await(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
                    }
                    catch (InterruptedException e)
                    {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void onError(final Throwable t)
                {
                }

                @Override
                public void onCompleted()
                {
                    out.onCompleted();
                }
            };
        }
    }
}
