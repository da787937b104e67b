package io.ringcast.bridge.worker;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's simulated GPUs: at most {@code gpus} batches run at once, the others wait in
 * arrival order (across all bridge connections). Synthesis runs on its own threads; chunk
 * release times are kept by one clock thread.
 */
final class GpuScheduler
{

    private final int gpus;
    private final ArrayDeque<BatchRun> waiting = new ArrayDeque<>();
    private final ExecutorService synth;
    private final ScheduledExecutorService clock;
    private int busy;

    GpuScheduler(final int gpus, final ThreadFactory threads)
    {
        if (gpus < 1)
        {
            throw new IllegalArgumentException("max concurrent batches must be >= 1, got " + gpus);
        }
        this.gpus = gpus;
        final ThreadPoolExecutor s = new ThreadPoolExecutor(gpus, gpus, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), daemon("worker-gpu", threads));
        final ScheduledThreadPoolExecutor c = new ScheduledThreadPoolExecutor(1, daemon("worker-clock", threads));
        c.setRemoveOnCancelPolicy(true);
        // Started now, not at the first batch: every thread exists (and has its scheduling) once the worker is up.
        s.prestartAllCoreThreads();
        c.prestartAllCoreThreads();
        this.synth = s;
        this.clock = c;
    }

    /** Runs the batch now if a GPU is free, else queues it. */
    void submit(final BatchRun run)
    {
        synchronized (this)
        {
            if (busy >= gpus)
            {
                waiting.add(run);
                return;
            }
            busy++;
        }
        synth.execute(run);
    }

    /** A batch's GPU time has passed: start the next waiting batch on that GPU. */
    void release()
    {
        final BatchRun next;
        synchronized (this)
        {
            next = waiting.poll();
            if (next == null)
            {
                busy--;
                return;
            }
        }
        synth.execute(next);
    }

    /** Runs {@code task} after {@code delayNanos} on the clock thread. */
    void schedule(final Runnable task, final long delayNanos)
    {
        clock.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    /** Stops all threads at once; queued and running batches are dropped. */
    void shutdownNow()
    {
        synth.shutdownNow();
        clock.shutdownNow();
    }

    static ThreadFactory daemon(final String name, final ThreadFactory threads)
    {
        final AtomicInteger n = new AtomicInteger();
        return r ->
        {
            final Thread t = threads.newThread(r);
            t.setName(name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
