package io.ringcast.bridge;

import io.ringcast.bridge.batching.Job;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The bridge's own thread, as Aeron's conductor: callers (stream group threads) hand it jobs with work
 * pending (place, cancel, credit) through a lock-free queue and return at once; this agent alone places them
 * on providers, which is where selection sorts, batchers lock, protobuf encodes and gRPC writes (and, with the
 * embedded worker, where the worker's own code runs). The queue holds references to the jobs themselves,
 * so a hand-over allocates nothing; a job queued twice is processed twice, and its pending work is
 * taken once. When idle the thread parks; an offer wakes it.
 */
final class BridgeAgent implements Agent
{

    /** Jobs waiting at most; beyond this a submit is refused as overloaded. */
    static final int QUEUE_CAPACITY = 1 << 16;
    private static final int DRAIN_LIMIT = 256;
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ManyToOneConcurrentArrayQueue<Job> queue = new ManyToOneConcurrentArrayQueue<>(QUEUE_CAPACITY);
    private final Consumer<Job> work;
    private final WakeableIdle idle = new WakeableIdle();
    private final AgentRunner runner;

    /**
     * Starts the agent's thread.
     *
     * @param work         runs the pending work of one job, on the agent's thread.
     * @param errorHandler where an exception escaping {@code work} goes; the agent keeps running.
     * @param threads      creates the agent's thread (it parks when idle, so it may run at real-time priority).
     */
    BridgeAgent(final Consumer<Job> work, final Consumer<Throwable> errorHandler, final ThreadFactory threads)
    {
        this.work = work;
        this.runner = new AgentRunner(idle, errorHandler::accept, null, this);
        AgentRunner.startOnThread(runner, r ->
        {
            final Thread t = threads.newThread(r);
            t.setName("bridge-agent");
            t.setDaemon(true);
            return t;
        });
    }

    /** Hands {@code job} over; false when the queue is full (the caller refuses or retries). */
    boolean offer(final Job job)
    {
        if (!queue.offer(job))
        {
            return false;
        }
        idle.wake();
        return true;
    }

    @Override
    public int doWork()
    {
        return queue.drain(work, DRAIN_LIMIT);
    }

    @Override
    public String roleName()
    {
        return "bridge-agent";
    }

    /** Stops the thread; jobs still queued are left to the caller's close. */
    void close()
    {
        runner.close();
    }

    /** Spins briefly, then parks until {@link #wake} (or {@link #MAX_PARK_NANOS}). */
    private final class WakeableIdle implements IdleStrategy
    {
        private static final int SPINS = 100;
        private volatile Thread parked;
        private int idleCycles;

        @Override
        public void idle(final int workCount)
        {
            if (workCount > 0)
            {
                idleCycles = 0;
                return;
            }
            idle();
        }

        @Override
        public void idle()
        {
            if (++idleCycles < SPINS)
            {
                Thread.onSpinWait();
                return;
            }
            parked = Thread.currentThread();
            // Checked after announcing the park: an offer in between sees it and unparks.
            if (queue.isEmpty())
            {
                LockSupport.parkNanos(this, MAX_PARK_NANOS);
            }
            parked = null;
        }

        void wake()
        {
            final Thread t = parked;
            if (t != null)
            {
                LockSupport.unpark(t);
            }
        }

        @Override
        public void reset()
        {
            idleCycles = 0;
        }
    }
}
