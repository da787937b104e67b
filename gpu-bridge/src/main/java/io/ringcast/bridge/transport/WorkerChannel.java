package io.ringcast.bridge.transport;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.ringcast.bridge.discovery.WorkerInfo;
import io.ringcast.bridge.protocol.BridgeMessage;
import io.ringcast.bridge.protocol.WorkerGrpc;
import io.ringcast.bridge.protocol.WorkerMessage;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The bridge's connection to one worker: a netty channel and, on it, at most one live
 * {@code Worker.Stream} call. Outbound messages wait in a queue written only while the call
 * {@code isReady()} (drained again by the onReady handler); inbound messages are requested
 * one at a time after the handler returns, so a slow handler slows the worker, not memory.
 * Callbacks run on the channel's netty event loop (direct executor). The stream to a worker in
 * this JVM ({@link WorkerInfo#IN_PROCESS_PREFIX}, registered in {@link InProcessWorkers}) is a
 * {@link DirectCall}: method calls both ways, the worker's answers handled on its own thread; its
 * health checks go over gRPC's in-process transport.
 */
public final class WorkerChannel
{

    /** Receives what the worker sends and the loss of the stream. */
    public interface Handler
    {
        /** One message from the worker. */
        void onMessage(WorkerMessage message);

        /** The stream ended (error, worker shutdown or transport loss); {@code cause} says why. */
        void onStreamLost(Throwable cause);
    }

    /** One live {@code Worker.Stream} call: over gRPC, or a {@link DirectCall} to a worker in this JVM. */
    interface Call
    {
        /** Queues {@code m}; false when the call has ended. */
        boolean send(BridgeMessage m);

        /** Ends the bridge's side politely; the worker finishes and completes the call. */
        void halfClose();

        /** Whether the call has ended. */
        boolean isDead();

        /** Ends the call at once (the channel shuts down). */
        void cancel();
    }

    private final String address;
    private final String inProcessName;
    private final ManagedChannel channel;
    private final Handler handler;
    private final Executor executor;
    private volatile Call current;

    /**
     * Creates the channel to {@code host:port} (or to {@code inprocess:name}); no stream yet (see {@link #openStream}).
     *
     * @param executor runs what a {@link DirectCall} must not run on the worker's thread (a send made while an answer
     *                 is handled); not used for a worker in another process.
     */
    public WorkerChannel(final String address, final Handler handler, final Executor executor)
    {
        this.address = address;
        this.handler = handler;
        this.executor = executor;
        this.inProcessName = address.startsWith(WorkerInfo.IN_PROCESS_PREFIX)
            ? address.substring(WorkerInfo.IN_PROCESS_PREFIX.length())
            : null;
        this.channel = inProcessName != null
            ? InProcessChannelBuilder.forName(inProcessName).build()
            : NettyChannelBuilder.forTarget(address)
                .usePlaintext()
                .directExecutor()
                .keepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveTimeout(2, TimeUnit.SECONDS)
                .build();
    }

    /** The worker's {@code host:port}. */
    public String address()
    {
        return address;
    }

    /** Starts a stream unless one is live. */
    public synchronized void openStream()
    {
        if (current == null || current.isDead())
        {
            final Function<StreamObserver<WorkerMessage>, StreamObserver<BridgeMessage>> direct =
                inProcessName == null ? null : InProcessWorkers.find(inProcessName);
            if (direct != null)
            {
                final DirectCall c = new DirectCall(address, handler, this, executor);
                current = c;
                c.start(direct);
            }
            else
            {
                final Job s = new Job();
                current = s;
                WorkerGrpc.newStub(channel).stream(s);
            }
        }
    }

    /** Whether a stream is live. */
    public boolean isStreamOpen()
    {
        final Call s = current;
        return s != null && !s.isDead();
    }

    /** Queues {@code m} on the live stream; false when there is none. */
    public boolean send(final BridgeMessage m)
    {
        final Call s = current;
        return s != null && s.send(m);
    }

    /** What a call ended by the worker (the stream completed from its side) is lost to. */
    IllegalStateException closedByWorker()
    {
        return new IllegalStateException("worker " + address + " closed the stream");
    }

    /** {@code call} ended: the handler hears of it if it is the live one. */
    void lost(final Call call, final Throwable cause)
    {
        if (current == call)
        {
            handler.onStreamLost(cause);
        }
    }

    /**
     * Checks the worker's {@code grpc.health.v1} status with a deadline; {@code result} gets
     * true only for SERVING. Runs asynchronously.
     */
    public void checkHealth(final Duration timeout, final Consumer<Boolean> result)
    {
        check(HealthGrpc.newStub(channel), timeout, result);
    }

    private static void check(final HealthGrpc.HealthStub stub, final Duration timeout, final Consumer<Boolean> result)
    {
        stub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
            .check(HealthCheckRequest.newBuilder().setService(WorkerGrpc.SERVICE_NAME).build(),
                new StreamObserver<>()
                {
                    @Override
                    public void onNext(final HealthCheckResponse r)
                    {
                        result.accept(r.getStatus() == HealthCheckResponse.ServingStatus.SERVING);
                    }

                    @Override
                    public void onError(final Throwable t)
                    {
                        result.accept(false);
                    }

                    @Override
                    public void onCompleted()
                    {
                    }
                });
    }

    /**
     * Probes an ejected worker: like {@link #checkHealth}, but first cuts the channel's reconnect backoff
     * short and waits (within the timeout) for a connection, so a worker restarted on the same address is
     * seen at the next probe rather than after gRPC's exponential reconnect backoff (up to minutes).
     */
    public void probe(final Duration timeout, final Consumer<Boolean> result)
    {
        if (channel.getState(true) == ConnectivityState.TRANSIENT_FAILURE)
        {
            channel.resetConnectBackoff();
        }
        check(HealthGrpc.newStub(channel).withWaitForReady(), timeout, result);
    }

    /** Ends the stream politely (half-close); the worker finishes and completes it. */
    public void closeStream()
    {
        final Call s = current;
        if (s != null)
        {
            s.halfClose();
        }
    }

    /** Closes the channel at once; a live stream is lost. */
    public void shutdownNow()
    {
        channel.shutdownNow();
        final Call s = current;
        if (s instanceof DirectCall)
        {
            s.cancel(); // gRPC cancels its own calls with the channel
        }
    }

    /** One {@code Worker.Stream} call over gRPC with flow control both ways. */
    private final class Job implements ClientResponseObserver<BridgeMessage, WorkerMessage>, Call
    {
        private final ConcurrentLinkedQueue<BridgeMessage> outbox = new ConcurrentLinkedQueue<>();
        private ClientCallStreamObserver<BridgeMessage> requests;
        private volatile boolean dead;
        private boolean halfClosed; // guarded by this

        @Override
        public void beforeStart(final ClientCallStreamObserver<BridgeMessage> r)
        {
            this.requests = r;
            r.disableAutoRequestWithInitial(1);
            r.setOnReadyHandler(this::drain);
        }

        @Override
        public boolean send(final BridgeMessage m)
        {
            if (dead)
            {
                return false;
            }
            outbox.add(m);
            drain();
            return true;
        }

        private synchronized void drain()
        {
            BridgeMessage m;
            while (!dead && !halfClosed && requests.isReady() && (m = outbox.poll()) != null)
            {
                requests.onNext(m);
            }
        }

        @Override
        public synchronized void halfClose()
        {
            if (!dead && !halfClosed)
            {
                halfClosed = true;
                requests.onCompleted();
            }
        }

        @Override
        public void onNext(final WorkerMessage m)
        {
            handler.onMessage(m);
            requests.request(1);
        }

        @Override
        public void onError(final Throwable t)
        {
            lost(t);
        }

        @Override
        public void onCompleted()
        {
            lost(closedByWorker());
        }

        @Override
        public boolean isDead()
        {
            return dead;
        }

        @Override
        public void cancel()
        {
            // gRPC cancels the call when the channel shuts down, and then calls onError.
        }

        private void lost(final Throwable t)
        {
            dead = true;
            outbox.clear();
            WorkerChannel.this.lost(this, t);
        }
    }
}
