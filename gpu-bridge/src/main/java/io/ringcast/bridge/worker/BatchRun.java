package io.ringcast.bridge.worker;

import io.ringcast.bridge.worker.Synthesizer.SynthesisException;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * One batch on one simulated GPU: produce every request's output, charge the cost model's
 * latency for the batch's total audio (then free the GPU), and release chunks on the model's
 * schedule while each request's read-ahead credit lasts; a request out of credit waits for a
 * grant ({@link #wake}). Cancelled requests stop producing at the next chunk boundary.
 */
final class BatchRun implements Runnable
{

    private final BridgeCall stream;
    private final List<BridgeCall.OpenRequest> items;
    private final GpuScheduler gpus;
    private final CostModel cost;
    private final RequestOutputs outputs;
    private final ChunkDelay delay;
    private final byte[][][] chunks;
    private final int[] next;
    private long startNanos;
    private long latencyNanos;
    private volatile boolean started;
    /** Only the newest step's scheduled successor runs: one timer chain per batch, however many wakes. */
    private long generation;

    BatchRun(final BridgeCall stream, final List<BridgeCall.OpenRequest> items, final GpuScheduler gpus,
        final CostModel cost, final RequestOutputs outputs, final ChunkDelay delay)
    {
        this.stream = stream;
        this.items = items;
        this.gpus = gpus;
        this.cost = cost;
        this.outputs = outputs;
        this.delay = delay;
        this.chunks = new byte[items.size()][][];
        this.next = new int[items.size()];
    }

    @Override
    public void run()
    {
        boolean gpuReleaseScheduled = false;
        try
        {
            synchronized (this)
            {
                startNanos = System.nanoTime();
                stream.batchStarted();
                latencyNanos = cost.batchLatencyNanos(prepare());
                started = true;
            }
            // The GPU is busy for the batch's compute time; delivering its output to a slow reader is not GPU time.
            gpus.schedule(gpus::release, latencyNanos);
            gpuReleaseScheduled = true;
            step();
        }
        catch (RejectedExecutionException e)
        {
            // The worker was killed: nothing more will be sent.
        }
        catch (RuntimeException e)
        {
            stream.errorHandler().accept(e);
            if (!gpuReleaseScheduled)
            {
                gpus.release();
            }
        }
    }

    /** Produces all outputs; returns the batch's seconds of audio. */
    private double prepare()
    {
        double audio = 0;
        final long now = System.nanoTime();
        for (int i = 0; i < items.size(); i++)
        {
            final BridgeCall.OpenRequest r = items.get(i);
            if (r.isCancelled())
            {
                continue;
            }
            if (r.deadlineNanos() != 0 && now - r.deadlineNanos() > 0)
            {
                stream.fail(r.id(), "deadline_exceeded", "the request's deadline passed before a GPU was free");
                continue;
            }
            try
            {
                final RequestOutputs.Output out = outputs.produce(r.request());
                chunks[i] = out.chunks();
                audio += out.audioSeconds();
                r.producedBy(this);
            }
            catch (SynthesisException e)
            {
                stream.fail(r.id(), "synthesis_failed", e.getMessage());
            }
        }
        return audio;
    }

    /**
     * A request that was out of credit got some: release what is due now. Called on a transport thread, which
     * must take no lock of this run (with the in-process transport it is the bridge's caller's thread, and a
     * step holds this run's lock while it writes to that transport): the step runs on the clock thread.
     */
    void wake()
    {
        if (started)
        {
            try
            {
                gpus.schedule(this::step, 0);
            }
            catch (RejectedExecutionException e)
            {
                // The worker was killed: nothing more will be sent.
            }
        }
    }

    private void schedule(final long g, final long delayNanos)
    {
        try
        {
            gpus.schedule(() ->
            {
                synchronized (this)
                {
                    if (g != generation)
                    {
                        return; // superseded by a newer step's schedule
                    }
                }
                step();
            }, delayNanos);
        }
        catch (RejectedExecutionException e)
        {
            // The worker was killed: nothing more will be sent.
        }
    }

    private long due(final int index, final int count)
    {
        return cost.chunkOffsetNanos(latencyNanos, index, count) + delay.of(index);
    }

    /** Releases every chunk that is due and has credit, then reschedules itself for the next one. */
    private synchronized void step()
    {
        final long elapsed = System.nanoTime() - startNanos;
        long nextDue = Long.MAX_VALUE;
        for (int i = 0; i < items.size(); i++)
        {
            final byte[][] c = chunks[i];
            if (c == null)
            {
                continue;
            }
            final BridgeCall.OpenRequest r = items.get(i);
            while (next[i] < c.length && !r.isCancelled() && r.hasCredit() && due(next[i], c.length) <= elapsed)
            {
                r.spend(c[next[i]].length);
                stream.sendChunk(r.id(), next[i], c[next[i]]);
                next[i]++;
            }
            if (r.isCancelled())
            {
                chunks[i] = null;
            }
            else if (next[i] == c.length)
            {
                stream.finish(r.id(), c.length);
                chunks[i] = null;
            }
            else if (r.hasCredit())
            {
                nextDue = Math.min(nextDue, due(next[i], c.length));
            }
            // else: out of credit; a grant wakes this run
        }
        if (nextDue != Long.MAX_VALUE)
        {
            schedule(++generation, nextDue - elapsed);
        }
    }
}
