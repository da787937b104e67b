package io.ringcast.bridge.discovery;

import io.ringcast.bridge.worker.WorkerConfig;
import io.ringcast.bridge.worker.WorkerServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * The gateway's default: starts an in-process reference worker (tones, H100 cost model unless
 * configured otherwise) and discovers only it, at its in-process address: the bridge reaches
 * it without sockets. It also listens on a loopback ephemeral port, so health probes and
 * other tools can reach it. No Redis.
 */
public final class EmbeddedDiscovery implements WorkerDiscovery
{

    private final WorkerConfig config;
    private WorkerServer worker;

    /** An embedded worker with default settings on 127.0.0.1, any free port. */
    public EmbeddedDiscovery()
    {
        this(WorkerConfig.builder().bind("127.0.0.1").port(0).build());
    }

    /** An embedded worker with {@code config}. */
    public EmbeddedDiscovery(final WorkerConfig config)
    {
        this.config = config;
    }

    /**
     * @param threads creates the worker's synthesis and clock threads ({@link WorkerConfig#threadFactory}).
     * @return an embedded worker like this one, not started, whose threads come from {@code threads}.
     */
    public EmbeddedDiscovery withThreadFactory(final ThreadFactory threads)
    {
        return new EmbeddedDiscovery(config.toBuilder().threadFactory(threads).build());
    }

    /** @return the threads the worker starts with: its simulated GPUs and its clock. */
    public int threads()
    {
        return config.maxConcurrent() + 1;
    }

    /** @throws UncheckedIOException when the worker cannot bind */
    @Override
    public synchronized void start(final Consumer<Set<WorkerInfo>> onChange)
    {
        try
        {
            worker = WorkerServer.start(config);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException("cannot start the embedded worker", e);
        }
        onChange.accept(Set.of(WorkerInfo.of(worker.inProcessAddress())));
    }

    /** The running worker, or null before {@link #start}. */
    public synchronized WorkerServer worker()
    {
        return worker;
    }

    @Override
    public synchronized String describe()
    {
        return "embedded" + (worker == null ? "" : " " + worker.inProcessAddress());
    }

    @Override
    public synchronized void close()
    {
        if (worker != null)
        {
            worker.close();
            worker = null;
        }
    }
}
