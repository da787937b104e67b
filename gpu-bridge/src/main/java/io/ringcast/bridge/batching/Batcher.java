package io.ringcast.bridge.batching;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The dynamic batcher of one provider (as Triton's): requests wait in a bounded queue; a batch
 * leaves when {@code max_batch} requests are queued or the oldest has waited
 * {@code max_queue_delay} (or at once when nothing is in flight and {@code dispatch_when_idle}),
 * and only while fewer than {@code max_concurrent} batches are in flight. A batch stays in flight until each of its
 * requests is answered, failed over or
 * cancelled. Thread-safe; sending happens outside the lock.
 */
public final class Batcher
{

    /** Where closed batches go (the provider's connection). */
    @FunctionalInterface
    public interface Sink
    {
        /** Sends one batch; called on the submitting thread or the bridge timer thread. */
        void send(List<Job> batch);
    }

    /** Observes closed batches, for metrics. */
    @FunctionalInterface
    public interface BatchObserver
    {
        /** A batch of {@code size} requests closed; the oldest waited {@code oldestWaitNanos}. */
        void batchClosed(int size, long oldestWaitNanos);
    }

    private final BatchingConfig config;
    private final long delayNanos;
    private final ScheduledExecutorService timer;
    private final Sink sink;
    private final BatchObserver observer;
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private int inFlight; // guarded by this
    private boolean timerArmed; // guarded by this

    /** Creates a batcher whose delay timer runs on {@code timer}. */
    public Batcher(final BatchingConfig config, final ScheduledExecutorService timer, final Sink sink,
        final BatchObserver observer)
    {
        this.config = config;
        this.delayNanos = config.maxQueueDelay().toNanos();
        this.timer = timer;
        this.sink = sink;
        this.observer = observer;
    }

    /** Queues {@code job}; false at once when the queue is full (the caller answers overloaded). */
    public boolean offer(final Job job)
    {
        final List<List<Job>> ready;
        synchronized (this)
        {
            if (queue.size() >= config.queueCapacity())
            {
                return false;
            }
            final long now = System.nanoTime();
            job.enqueued(now);
            queue.add(job);
            ready = takeDue(now);
            armIfWaiting(now);
        }
        sendAll(ready);
        return true;
    }

    /** Removes a queued job (cancel or timeout before sending); false if it already left. */
    public synchronized boolean remove(final Job job)
    {
        return queue.remove(job);
    }

    /** Removes and returns every queued job (the provider's connection is gone). */
    public synchronized List<Job> drainQueued()
    {
        final List<Job> all = new ArrayList<>(queue);
        queue.clear();
        return all;
    }

    /** Requests queued, not yet sent. */
    public synchronized int queueDepth()
    {
        return queue.size();
    }

    /** Batches sent and not yet fully answered. */
    public synchronized int inFlight()
    {
        return inFlight;
    }

    /** Whether another request would be refused now. */
    public synchronized boolean isFull()
    {
        return queue.size() >= config.queueCapacity();
    }

    void batchDone()
    {
        final List<List<Job>> ready;
        synchronized (this)
        {
            inFlight--;
            final long now = System.nanoTime();
            ready = takeDue(now);
            armIfWaiting(now);
        }
        sendAll(ready);
    }

    private void onTimer()
    {
        final List<List<Job>> ready;
        synchronized (this)
        {
            timerArmed = false;
            final long now = System.nanoTime();
            ready = takeDue(now);
            armIfWaiting(now);
        }
        sendAll(ready);
    }

    /** Closes every batch that may leave now. Caller holds the lock. */
    private List<List<Job>> takeDue(final long now)
    {
        List<List<Job>> out = null;
        while (inFlight < config.maxConcurrent() && !queue.isEmpty()
            && (queue.size() >= config.maxBatch() || now - queue.peek().enqueuedNanos() >= delayNanos
                || (inFlight == 0 && config.dispatchWhenIdle())))
        {
            final int n = Math.min(config.maxBatch(), queue.size());
            final List<Job> batch = new ArrayList<>(n);
            final BatchTicket ticket = new BatchTicket(n, this);
            final long oldestWait = now - queue.peek().enqueuedNanos();
            for (int i = 0; i < n; i++)
            {
                final Job c = queue.poll();
                c.attachTicket(ticket);
                batch.add(c);
            }
            inFlight++;
            observer.batchClosed(n, oldestWait);
            if (out == null)
            {
                out = new ArrayList<>(2);
            }
            out.add(batch);
        }
        return out;
    }

    /** Arms the delay timer for the oldest queued job when a batch could leave. Caller holds the lock. */
    private void armIfWaiting(final long now)
    {
        if (timerArmed || queue.isEmpty() || inFlight >= config.maxConcurrent())
        {
            return;
        }
        final long due = queue.peek().enqueuedNanos() + delayNanos - now;
        try
        {
            timer.schedule(this::onTimer, Math.max(0, due), TimeUnit.NANOSECONDS);
            timerArmed = true;
        }
        catch (RejectedExecutionException e)
        {
            // The client is closing; queued jobs are failed by its close.
        }
    }

    private void sendAll(final List<List<Job>> ready)
    {
        if (ready != null)
        {
            for (final List<Job> b : ready)
            {
                sink.send(b);
            }
        }
    }
}
