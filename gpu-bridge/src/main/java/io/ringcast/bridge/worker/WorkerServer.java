package io.ringcast.bridge.worker;

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.ringcast.bridge.protocol.BridgeMessage;
import io.ringcast.bridge.protocol.WorkerGrpc;
import io.ringcast.bridge.protocol.WorkerMessage;
import io.ringcast.bridge.registry.RedisRegistration;
import io.ringcast.bridge.transport.InProcessWorkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A running reference worker: the {@code ringcast.worker.v1.Worker} service and the standard
 * {@code grpc.health.v1} health service on one netty server, plus its Redis registration when
 * configured. The same services are also reachable in this JVM at {@link #inProcessAddress()}
 * through gRPC's in-process transport, which the gateway's embedded worker uses: no sockets,
 * no HTTP/2 framing, no serialization, and four fewer thread hand-offs per request.
 * Service callbacks run on the transport's thread (direct executor): they only queue work for
 * the simulated GPUs and never block. Start with {@link #start}; stop with {@link #close} (clean: deregisters, lets
 * open requests finish) or {@link #kill} (abrupt, as if the process died).
 */
public final class WorkerServer implements AutoCloseable
{

    /** Prefix of the address of a worker in this JVM (see {@link #inProcessAddress()}). */
    public static final String IN_PROCESS_PREFIX = "inprocess:";

    private static final Logger LOG = LoggerFactory.getLogger(WorkerServer.class);
    private static final long DRAIN_MILLIS = 2_000;

    private final WorkerConfig config;
    private final WorkerStats stats = new WorkerStats();
    private final GpuScheduler gpus;
    private final RequestOutputs outputs;
    private final HealthStatusManager health = new HealthStatusManager();
    private final Set<BridgeCall> streams = ConcurrentHashMap.newKeySet();
    private final Consumer<Throwable> errorHandler = t -> LOG.warn("worker error", t);
    private Server server;
    private Server inProcess;
    private int port;
    private RedisRegistration registration;

    private WorkerServer(final WorkerConfig config)
    {
        this.config = config;
        this.gpus = new GpuScheduler(config.maxConcurrent(), config.threadFactory());
        this.outputs = new RequestOutputs(config.synthesizer(), config.chunkFrames());
    }

    /**
     * Starts a worker: listens, reports SERVING, and registers in Redis when configured.
     *
     * @throws IOException when the port cannot be bound
     */
    public static WorkerServer start(final WorkerConfig config) throws IOException
    {
        final WorkerServer w = new WorkerServer(config);
        w.server = NettyServerBuilder.forAddress(new InetSocketAddress(config.bind(), config.port()))
            .directExecutor()
            .addService(w.new Service())
            .addService(w.health.getHealthService())
            .build()
            .start();
        w.port = w.server.getPort();
        final Service inProcessService = w.new Service();
        w.inProcess = InProcessServerBuilder.forName(w.inProcessName())
            .directExecutor()
            .addService(inProcessService)
            .addService(w.health.getHealthService())
            .build()
            .start();
        InProcessWorkers.register(w.inProcessName(), inProcessService::stream);
        w.setServing(true);
        if (config.redis() != null)
        {
            w.registration = RedisRegistration.start(config.redis(), w.address(), RedisRegistration.ALL_KINDS);
        }
        return w;
    }

    /** The port actually bound. */
    public int port()
    {
        return port;
    }

    /** {@code host:port} that clients use to reach this worker. */
    public String address()
    {
        return config.advertise() != null ? config.advertise() : config.bind() + ":" + port();
    }

    /** The address of this worker's in-process transport, reachable only from this JVM. */
    public String inProcessAddress()
    {
        return IN_PROCESS_PREFIX + inProcessName();
    }

    private String inProcessName()
    {
        return config.bind() + ":" + port();
    }

    /** Counters of what this worker did. */
    public WorkerStats stats()
    {
        return stats;
    }

    /** Sets the health status of the worker service and the server as a whole. */
    public void setServing(final boolean serving)
    {
        final ServingStatus s = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, s);
        health.setStatus(WorkerGrpc.SERVICE_NAME, s);
    }

    /** Clean shutdown: NOT_SERVING, deregister, finish open requests (up to 2 s), stop. */
    @Override
    public void close()
    {
        setServing(false);
        InProcessWorkers.unregister(inProcessName());
        if (registration != null)
        {
            registration.close();
        }
        for (final BridgeCall s : streams)
        {
            s.drainAndClose();
        }
        server.shutdown();
        inProcess.shutdown();
        try
        {
            final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
            while (!streams.isEmpty() && System.nanoTime() < end)
            {
                Thread.sleep(5);
            }
            server.shutdownNow();
            inProcess.shutdownNow();
            abortStreams("worker " + address() + " shut down");
            server.awaitTermination(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        health.enterTerminalState();
        gpus.shutdownNow();
    }

    /** Abrupt stop, as if the process died: connections drop, no deregistration, heartbeats stop. */
    public void kill()
    {
        if (registration != null)
        {
            registration.abandon();
        }
        InProcessWorkers.unregister(inProcessName());
        server.shutdownNow();
        inProcess.shutdownNow();
        abortStreams("worker " + address() + " died");
        gpus.shutdownNow();
    }

    /** Ends the streams gRPC does not end when it shuts down: those of bridges in this JVM that call directly. */
    private void abortStreams(final String why)
    {
        for (final BridgeCall s : streams)
        {
            s.abort(why);
        }
    }

    /** Blocks until the server has terminated. */
    public void awaitTermination() throws InterruptedException
    {
        server.awaitTermination();
        inProcess.awaitTermination();
    }

    GpuScheduler gpus()
    {
        return gpus;
    }

    CostModel costModel()
    {
        return config.costModel();
    }

    ChunkDelay chunkDelay()
    {
        return config.chunkDelay();
    }

    RequestOutputs outputs()
    {
        return outputs;
    }

    Consumer<Throwable> errorHandler()
    {
        return errorHandler;
    }

    void forget(final BridgeCall s)
    {
        streams.remove(s);
    }

    /** The gRPC service: one {@link BridgeCall} per bridge connection. */
    private final class Service extends WorkerGrpc.WorkerImplBase
    {
        @Override
        public StreamObserver<BridgeMessage> stream(final StreamObserver<WorkerMessage> responses)
        {
            final BridgeCall s = new BridgeCall((ServerCallStreamObserver<WorkerMessage>)responses, WorkerServer.this);
            streams.add(s);
            return s;
        }
    }
}
