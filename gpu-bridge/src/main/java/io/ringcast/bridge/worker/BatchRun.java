package io.ringcast.bridge.worker;

import io.ringcast.bridge.worker.Synthesizer.SynthesisException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * One batch on one simulated GPU: produce every request's output, charge the cost model's
 * latency for the batch's total audio, release chunks on the model's schedule, then free the
 * GPU. Cancelled requests stop producing at the next chunk boundary.
 */
final class BatchRun implements Runnable {

    private final WorkerStream stream;
    private final List<WorkerStream.OpenRequest> items;
    private final GpuScheduler gpus;
    private final CostModel cost;
    private final RequestOutputs outputs;
    private final ChunkDelay delay;
    private final byte[][][] chunks;
    private final int[] next;
    private long startNanos;
    private long latencyNanos;

    BatchRun(final WorkerStream stream, final List<WorkerStream.OpenRequest> items, final GpuScheduler gpus,
             final CostModel cost, final RequestOutputs outputs, final ChunkDelay delay) {
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
    public void run() {
        try {
            startNanos = System.nanoTime();
            stream.batchStarted();
            latencyNanos = cost.batchLatencyNanos(prepare());
            step();
        } catch (RuntimeException e) {
            stream.errorHandler().accept(e);
            gpus.release();
        }
    }

    /** Produces all outputs; returns the batch's seconds of audio. */
    private double prepare() {
        double audio = 0;
        final long now = System.nanoTime();
        for (int i = 0; i < items.size(); i++) {
            final WorkerStream.OpenRequest r = items.get(i);
            if (r.isCancelled()) {
                continue;
            }
            if (r.deadlineNanos() != 0 && now - r.deadlineNanos() > 0) {
                stream.fail(r.id(), "deadline_exceeded", "the request's deadline passed before a GPU was free");
                continue;
            }
            try {
                final RequestOutputs.Output out = outputs.produce(r.request());
                chunks[i] = out.chunks();
                audio += out.audioSeconds();
            } catch (SynthesisException e) {
                stream.fail(r.id(), "synthesis_failed", e.getMessage());
            }
        }
        return audio;
    }

    private long due(final int index, final int count) {
        return cost.chunkOffsetNanos(latencyNanos, index, count) + delay.of(index);
    }

    /** Releases every chunk that is due, then reschedules itself for the next one. */
    private void step() {
        final long elapsed = System.nanoTime() - startNanos;
        long nextDue = Long.MAX_VALUE;
        for (int i = 0; i < items.size(); i++) {
            final byte[][] c = chunks[i];
            if (c == null) {
                continue;
            }
            final WorkerStream.OpenRequest r = items.get(i);
            while (next[i] < c.length && !r.isCancelled() && due(next[i], c.length) <= elapsed) {
                stream.sendChunk(r.id(), next[i], c[next[i]]);
                next[i]++;
            }
            if (r.isCancelled()) {
                chunks[i] = null;
            } else if (next[i] == c.length) {
                stream.finish(r.id(), c.length);
                chunks[i] = null;
            } else {
                nextDue = Math.min(nextDue, due(next[i], c.length));
            }
        }
        try {
            if (nextDue != Long.MAX_VALUE) {
                gpus.schedule(this::step, nextDue - elapsed);
            } else if (latencyNanos > elapsed) {
                gpus.schedule(gpus::release, latencyNanos - elapsed);
            } else {
                gpus.release();
            }
        } catch (RejectedExecutionException e) {
            // The worker was killed: nothing more will be sent.
        }
    }
}
