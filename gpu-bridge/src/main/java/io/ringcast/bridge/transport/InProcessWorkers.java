package io.ringcast.bridge.transport;

import io.grpc.stub.StreamObserver;
import io.ringcast.bridge.protocol.BridgeMessage;
import io.ringcast.bridge.protocol.WorkerMessage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The workers of this JVM that a {@link WorkerChannel} may call directly, by the name of their in-process address: a
 * worker registers its {@code Worker.Stream} service here when it starts and leaves when it closes. A channel to such
 * a worker opens its stream as a {@link DirectCall} (method calls, no gRPC transport); health checks still go over
 * gRPC's in-process transport.
 */
public final class InProcessWorkers
{
    private static final Map<String, Function<StreamObserver<WorkerMessage>, StreamObserver<BridgeMessage>>> STREAMS =
        new ConcurrentHashMap<>();

    private InProcessWorkers()
    {
    }

    /**
     * Makes a worker reachable directly.
     *
     * @param name   its in-process name (its address without {@code inprocess:}).
     * @param stream its {@code Worker.Stream} service: given the observer of its answers, returns the observer of the
     *               bridge's messages (as the gRPC service method does).
     */
    public static void register(final String name,
        final Function<StreamObserver<WorkerMessage>, StreamObserver<BridgeMessage>> stream)
    {
        STREAMS.put(name, stream);
    }

    /** The worker named {@code name} is closing: channels opened from now on do not call it directly. */
    public static void unregister(final String name)
    {
        STREAMS.remove(name);
    }

    static Function<StreamObserver<WorkerMessage>, StreamObserver<BridgeMessage>> find(final String name)
    {
        return STREAMS.get(name);
    }
}
