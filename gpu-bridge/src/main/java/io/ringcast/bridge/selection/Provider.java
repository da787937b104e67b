package io.ringcast.bridge.selection;

import io.ringcast.bridge.batching.Batcher;
import io.ringcast.bridge.batching.BatchingConfig;
import io.ringcast.bridge.batching.Job;
import io.ringcast.bridge.discovery.WorkerInfo;
import io.ringcast.bridge.protocol.Chunk;
import io.ringcast.bridge.protocol.Failed;
import io.ringcast.bridge.protocol.Request;
import io.ringcast.bridge.protocol.WorkerMessage;
import io.ringcast.bridge.transport.WireFormat;
import io.ringcast.bridge.transport.WorkerChannel;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One worker as a provider: its connection, its batcher, its open requests (by wire id),
 * health state, latency EWMA and metrics. Answers from the worker are routed here; failures
 * before a request's first chunk are handed to the pool for one retry elsewhere.
 */
public final class Provider
{

    /** Consecutive failed health checks before a healthy provider is ejected. */
    static final int UNHEALTHY_THRESHOLD = 2;

    private final WorkerInfo info;
    private final ProviderPool pool;
    private final SelectionConfig selection;
    private final WorkerChannel connection;
    private final Batcher batcher;
    private final ProviderStats stats;
    private final LatencyEwma ewma;
    private final Map<String, Job> open = new ConcurrentHashMap<>();
    private final AtomicInteger consecutiveErrors = new AtomicInteger();
    private final AtomicLong batchIds = new AtomicLong();
    private volatile ProviderState state = ProviderState.HEALTHY;
    private volatile boolean ejectedForErrors;
    private final AtomicInteger failedChecks = new AtomicInteger();
    private volatile long nextProbeNanos;
    private volatile long probeBackoffNanos;
    private volatile long retiredAtNanos;
    /** When the worker last sent anything on its stream (or answered a liveness check); 0 before it ever streamed. */
    private volatile long lastHeardNanos;
    private final AtomicBoolean livenessCheck = new AtomicBoolean();

    Provider(final WorkerInfo info, final ProviderPool pool, final SelectionConfig selection,
        final BatchingConfig batching,
        final ScheduledExecutorService timer)
    {
        this.info = info;
        this.pool = pool;
        this.selection = selection;
        this.stats = new ProviderStats(batching.maxBatch());
        this.ewma = new LatencyEwma(selection.ewmaAlpha());
        this.batcher = new Batcher(batching, timer, this::sendBatch, (size, wait) -> stats.batch(size));
        this.probeBackoffNanos = selection.probeBackoff().toNanos();
        this.connection = new WorkerChannel(info.address(), new WorkerChannel.Handler()
        {
            @Override
            public void onMessage(final WorkerMessage m)
            {
                route(m);
            }

            @Override
            public void onStreamLost(final Throwable cause)
            {
                streamLost(cause);
            }
        }, timer);
        connection.openStream();
    }

    /** The worker. */
    public WorkerInfo info()
    {
        return info;
    }

    /** The current state. */
    public ProviderState state()
    {
        return state;
    }

    int outstanding()
    {
        return open.size();
    }

    double ewmaNanos()
    {
        return ewma.nanos();
    }

    boolean isFull()
    {
        return batcher.isFull();
    }

    /** Takes an attempt of {@code job}; false when the queue is full. */
    boolean offer(final Job job, final String wireId)
    {
        job.startAttempt(wireId, this);
        open.put(wireId, job);
        if (!batcher.offer(job))
        {
            open.remove(wireId, job);
            return false;
        }
        stats.request();
        return true;
    }

    /** Stops {@code job}'s current attempt here: unqueue it, or tell the worker to stop. */
    void cancel(final Job job)
    {
        final String id = job.wireId();
        if (open.remove(id, job) && !batcher.remove(job))
        {
            job.leaveBatch();
            connection.send(WireFormat.cancel(id));
        }
    }

    /** Tells the worker that {@code bytes} more of {@code job}'s output may come (sent attempts only). */
    void credit(final Job job, final int bytes)
    {
        final String id = job.wireId();
        if (job.sentNanos() != 0 && open.get(id) == job)
        {
            connection.send(WireFormat.credit(id, bytes));
        }
    }

    private void sendBatch(final List<Job> batch)
    {
        final long now = System.nanoTime();
        final List<Request> wire = new ArrayList<>(batch.size());
        for (final Job c : batch)
        {
            if (c.isTerminal())
            {
                continue;
            }
            c.sent(now);
            stats.queueDelay(now - c.enqueuedNanos());
            wire.add(WireFormat.request(c.request(), c.wireId(), (c.deadlineNanos() - now) / 1_000_000));
        }
        if (!wire.isEmpty() && !connection.send(WireFormat.batch(batchIds.incrementAndGet(), wire)))
        {
            for (final Job c : batch)
            {
                if (open.remove(c.wireId(), c))
                {
                    c.leaveBatch();
                    pool.retryOrFail(c, this, "no stream to " + info.address());
                }
            }
            eject("no stream");
        }
    }

    private void route(final WorkerMessage m)
    {
        lastHeardNanos = System.nanoTime();
        if (m.hasChunk())
        {
            onChunk(m.getChunk());
        }
        else if (m.hasDone())
        {
            final Job c = open.remove(m.getDone().getId());
            if (c != null)
            {
                c.leaveBatch();
                consecutiveErrors.set(0);
                c.complete();
            }
        }
        else if (m.hasFailed())
        {
            onFailed(m.getFailed());
        }
    }

    private void onChunk(final Chunk ch)
    {
        final Job c = open.get(ch.getId());
        if (c == null)
        {
            return;
        }
        if (!c.hasChunks())
        {
            final long latency = System.nanoTime() - c.sentNanos();
            ewma.record(latency);
            stats.firstChunk(latency);
            consecutiveErrors.set(0);
            if (c.readAheadBytes() > 0)
            {
                // Its delivery now goes at the listener's pace, not the GPU's: it must not hold one of the
                // provider's max_concurrent batch slots for the length of the utterance.
                c.leaveBatch();
            }
        }
        if (c.deliverChunk(ch.getSeq(), ch.getData().asReadOnlyByteBuffer()) == Job.GAP && open.remove(ch.getId(), c))
        {
            c.leaveBatch();
            connection.send(WireFormat.cancel(ch.getId()));
            recordError();
            c.failInternal("worker " + info.address() + " skipped a chunk");
        }
    }

    private void onFailed(final Failed f)
    {
        final Job c = open.remove(f.getId());
        if (c == null)
        {
            return;
        }
        c.leaveBatch();
        switch (f.getReason())
        {
            case "bad_request":
            case "unsupported_kind":
                c.failBadRequest(f.getMessage());
                break;
            case "deadline_exceeded":
                recordError();
                c.failDeadline(f.getMessage());
                break;
            default:
                recordError();
                pool.retryOrFail(c, this, f.getReason() + ": " + f.getMessage());
        }
    }

    private void streamLost(final Throwable cause)
    {
        eject("stream lost: " + cause.getMessage());
        abandonOpen("worker " + info.address() + " lost: " + cause.getMessage(), false);
    }

    /**
     * Hands every open request elsewhere: one without chunks is retried on another provider (or fails with
     * worker_unavailable), one that was streaming fails. {@code tellWorker} sends cancels, for a worker whose
     * stream is still up and may wake again.
     */
    private void abandonOpen(final String why, final boolean tellWorker)
    {
        batcher.drainQueued();
        final List<Job> jobs = new ArrayList<>(open.values());
        for (final Job c : jobs)
        {
            if (open.remove(c.wireId(), c))
            {
                c.leaveBatch();
                if (tellWorker)
                {
                    connection.send(WireFormat.cancel(c.wireId()));
                }
                pool.retryOrFail(c, this, why);
            }
        }
    }

    /**
     * Whether the worker may have stopped: a request has been on the wire for {@code stall_timeout} and nothing
     * at all came back since it was sent, nor since the worker last spoke (or answered a liveness check).
     */
    private boolean silent(final long now)
    {
        final long limit = selection.stallTimeout().toNanos();
        final long heard = lastHeardNanos;
        if (heard == 0)
        {
            // Never streamed yet: a cold worker (class loading, JIT, a loaded host) can be slow to its first answer,
            // and a health check then may be too. Its first requests fall back to health checks and deadlines.
            return false;
        }
        for (final Job c : open.values())
        {
            final long sent = c.sentNanos();
            if (sent != 0 && now - Math.max(sent, heard) > limit)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * A silent worker gets a health check ({@code health_timeout}). One that is only busy (its GPU on a long
     * batch) answers it, since health is served off the GPU threads; one frozen mid-utterance (SIGSTOP, a hung
     * GPU host) does not, and its requests would otherwise wait for their deadline in silence: they are retried
     * elsewhere before their first chunk, or fail after it.
     */
    private void checkLiveness()
    {
        if (!livenessCheck.compareAndSet(false, true))
        {
            return;
        }
        connection.checkHealth(selection.healthTimeout(), ok ->
        {
            livenessCheck.set(false);
            if (ok)
            {
                lastHeardNanos = Math.max(lastHeardNanos, System.nanoTime());
            }
            else if (state != ProviderState.RETIRED && silent(System.nanoTime()))
            {
                eject("stalled: nothing received for " + selection.stallTimeout().toMillis() +
                    " ms with requests open, and no answer to a health check");
                abandonOpen("worker " + info.address() + " stalled", true);
            }
        });
    }

    /** Fails every open request whose deadline has passed; checks a worker that went silent with requests open. */
    void sweepDeadlines(final long now)
    {
        if (state != ProviderState.RETIRED && silent(now))
        {
            checkLiveness();
        }
        for (final Job c : open.values())
        {
            if (c.hasChunks() && c.readAheadBytes() > 0)
            {
                // delivery is paced by the consumer's credit (a paused listener, a long text); stalls are caught above
                continue;
            }
            if (now - c.deadlineNanos() >= 0 && open.remove(c.wireId(), c))
            {
                if (!batcher.remove(c))
                {
                    c.leaveBatch();
                    connection.send(WireFormat.cancel(c.wireId()));
                    if (!c.hasChunks())
                    {
                        recordError();
                    }
                }
                c.failDeadline("deadline passed on worker " + info.address());
            }
        }
    }

    private void recordError()
    {
        stats.error();
        if (consecutiveErrors.incrementAndGet() >= selection.ejectAfterErrors())
        {
            eject(consecutiveErrors.get() + " consecutive errors", true);
        }
    }

    /** Stops selecting this provider until a probe finds it healthy. */
    void eject(final String why)
    {
        eject(why, false);
    }

    private void eject(final String why, final boolean forErrors)
    {
        if (state == ProviderState.HEALTHY)
        {
            ejectedForErrors = forErrors;
            state = ProviderState.EJECTED;
            nextProbeNanos = System.nanoTime() + probeBackoffNanos;
            pool.log().warn("ejected worker {}: {}", info.address(), why);
            pool.armSweep(); // the sweep probes it
        }
    }

    /**
     * Whether this provider may take requests when no provider of their kind is healthy: it was
     * ejected for errors (deadlines passing, failed requests), which overload causes too, and its
     * stream is still up. One that lost its stream or failed health checks is gone, not busy.
     */
    boolean takesPanicTraffic()
    {
        return state == ProviderState.EJECTED && ejectedForErrors && connection.isStreamOpen();
    }

    /** Health tick: check a healthy provider. */
    void healthTick(final long now)
    {
        if (state == ProviderState.HEALTHY)
        {
            connection.checkHealth(selection.healthTimeout(), ok ->
            {
                if (ok)
                {
                    failedChecks.set(0);
                }
                else if (failedChecks.incrementAndGet() >= UNHEALTHY_THRESHOLD)
                {
                    // One slow check on a loaded host is not a dead worker: eject on the second in a row.
                    eject(UNHEALTHY_THRESHOLD + " health checks failed in a row");
                }
            });
        }
    }

    /** Probes an ejected provider once its backoff has passed (run often, so a returned worker is seen fast). */
    void probeTick(final long now)
    {
        if (state == ProviderState.EJECTED && now - nextProbeNanos >= 0)
        {
            nextProbeNanos = now + Long.MAX_VALUE / 4;
            connection.probe(selection.healthTimeout(), this::probed);
        }
    }

    private void probed(final boolean ok)
    {
        if (state != ProviderState.EJECTED)
        {
            return;
        }
        if (ok)
        {
            lastHeardNanos = 0; // maybe a new process behind the address: cold again until it streams
            connection.openStream();
            consecutiveErrors.set(0);
            failedChecks.set(0);
            probeBackoffNanos = selection.probeBackoff().toNanos();
            state = ProviderState.HEALTHY;
            pool.log().info("worker {} is back", info.address());
        }
        else
        {
            probeBackoffNanos = Math.min(probeBackoffNanos * 2, selection.maxProbeBackoff().toNanos());
            nextProbeNanos = System.nanoTime() + probeBackoffNanos;
        }
    }

    /** Discovery dropped the worker: no new requests; closes when idle (see {@link #closeIfIdle}). */
    void retire()
    {
        state = ProviderState.RETIRED;
        retiredAtNanos = System.nanoTime();
    }

    /** Closes a retired provider once it has no open requests or after {@code graceNanos}; true when closed. */
    boolean closeIfIdle(final long now, final long graceNanos)
    {
        if (open.isEmpty() || now - retiredAtNanos > graceNanos)
        {
            connection.closeStream();
            connection.shutdownNow();
            return true;
        }
        return false;
    }

    /** Closes the connection at once; open requests are lost (the client is closing). */
    void shutdownNow()
    {
        state = ProviderState.RETIRED;
        connection.shutdownNow();
    }

    ProviderMetrics metrics()
    {
        final Histogram[] h = stats.histograms();
        final double e = ewma.nanos();
        return new ProviderMetrics(info.address(), state, batcher.queueDepth(), batcher.inFlight(), open.size(),
            e / 1e6, stats.requests(), stats.errors(), stats.batchSizeCounts(), h[0], h[1]);
    }
}
