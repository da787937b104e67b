package io.ringcast.bridge;

import io.ringcast.bridge.batching.BatchingConfig;
import io.ringcast.bridge.batching.Job;
import io.ringcast.bridge.discovery.WorkerDiscovery;
import io.ringcast.bridge.kind.RequestKind;
import io.ringcast.bridge.selection.Placement;
import io.ringcast.bridge.selection.ProviderPool;
import io.ringcast.bridge.selection.SelectionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The gateway's door to GPU workers. {@link #submit} returns at once with what it did; an
 * accepted request's answer arrives on its {@link BridgeListener}. Requests are batched per
 * worker, spread over workers by load and latency, retried once elsewhere when a worker
 * fails before the first chunk, and bounded by a deadline.
 *
 * <p>Threads: {@link #submit}, {@link #cancel} and {@link #credit} take no lock and do no I/O. They admit
 * the request against a lock-free bound and hand the work to the bridge's agent thread
 * ({@code bridge-agent}) through a queue; that thread places requests on providers, batches and writes
 * them to gRPC. A stream group thread that calls them never waits on a netty or gRPC thread.
 *
 * <pre>{@code
 * BridgeClient bridge = BridgeClient.builder()
 *     .discovery(WorkerDiscovery.fromFlags(workersFlag, redisFlag))   // null, null: embedded worker
 *     .build();
 * SubmitResult r = bridge.submit(BridgeRequest.synthesis("s1:u7", "hello").build(), listener);
 * if (r != SubmitResult.ACCEPTED) reply error r.protocolCode();
 * ...
 * bridge.cancel("s1:u7");
 * bridge.close();
 * }</pre>
 *
 * <p>Lifecycle: open after {@link Builder#build()}, closed by {@link #close()}; after close
 * every submit returns {@link SubmitResult#WORKER_UNAVAILABLE} and open requests fail.
 * Thread-safe.
 */
public final class BridgeClient implements AutoCloseable
{

    /** Default deadline of a request from submit to done (key {@code default_timeout}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(BridgeClient.class);

    private final WorkerDiscovery discovery;
    private final ProviderPool pool;
    private final ScheduledThreadPoolExecutor timer;
    private final long defaultTimeoutNanos;
    private final Consumer<Throwable> errorHandler;
    private final Map<String, Job> open = new ConcurrentHashMap<>();
    private final Consumer<Job> forget = c -> open.remove(c.request().id(), c);
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong overloaded = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final BridgeAgent agent;
    private volatile boolean closed;

    private BridgeClient(final Builder b)
    {
        this.discovery = b.discovery;
        this.defaultTimeoutNanos = b.defaultTimeout.toNanos();
        this.errorHandler = b.errorHandler;
        final AtomicInteger n = new AtomicInteger();
        this.timer = new ScheduledThreadPoolExecutor(1, r ->
        {
            final Thread t = new Thread(r, "bridge-timer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.pool = new ProviderPool(b.selection, b.batching, timer, errorHandler);
        this.agent = new BridgeAgent(this::work, errorHandler, b.agentThreadFactory);
        discovery.start(pool::update);
    }

    /** A builder: embedded worker, default batching and selection, 10 s timeout, errors logged. */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Submits a request; never blocks, takes no lock and never throws for load or worker trouble.
     * Refusals known at once are returned; a placement that fails afterwards (a provider's queue filled
     * meanwhile, the last worker left) reaches the listener as {@link BridgeListener#onFailure} with
     * {@code overloaded} or {@code worker_unavailable} before any chunk.
     *
     * @return {@link SubmitResult#ACCEPTED} (the listener will be called), or why it was refused
     */
    public SubmitResult submit(final BridgeRequest request, final BridgeListener listener)
    {
        submitted.incrementAndGet();
        if (closed)
        {
            unavailable.incrementAndGet();
            return SubmitResult.WORKER_UNAVAILABLE;
        }
        final long now = System.nanoTime();
        final long timeout = request.timeout() == null ? defaultTimeoutNanos : request.timeout().toNanos();
        final Job job =
            new Job(request, Objects.requireNonNull(listener, "listener"), now, now + timeout, forget, errorHandler);
        final SubmitResult admission = submitResult(pool.admit(job));
        if (admission != SubmitResult.ACCEPTED)
        {
            (admission == SubmitResult.OVERLOADED ? overloaded : unavailable).incrementAndGet();
            return admission;
        }
        if (open.putIfAbsent(request.id(), job) != null)
        {
            job.releaseAdmission();
            return SubmitResult.DUPLICATE_ID;
        }
        job.request(Job.PLACE);
        if (!agent.offer(job))
        {
            open.remove(request.id(), job);
            job.releaseAdmission();
            overloaded.incrementAndGet();
            return SubmitResult.OVERLOADED;
        }
        accepted.incrementAndGet();
        return SubmitResult.ACCEPTED;
    }

    /**
     * Cancels an open request: it is unqueued, or the worker is told to stop producing (by the bridge's
     * agent, after this returns).
     *
     * @return true if the request was open; its listener then gets no further call
     */
    public boolean cancel(final String id)
    {
        final Job job = open.get(id);
        if (job == null || !job.cancel())
        {
            return false;
        }
        open.remove(id, job);
        job.request(Job.STOP);
        handOver(job);
        return true;
    }

    /**
     * Returns read-ahead to an open request's worker: the caller consumed {@code bytes} of its output (see
     * {@link BridgeRequest#readAheadBytes()}). Non-blocking; a request no longer open is ignored.
     */
    public void credit(final String id, final int bytes)
    {
        final Job job = open.get(id);
        if (job != null && bytes > 0)
        {
            job.addCredit(bytes);
            handOver(job);
        }
    }

    /** Queues a job's pending stop or credit; such work is never dropped, so a full queue is waited out. */
    private void handOver(final Job job)
    {
        while (!agent.offer(job))
        {
            if (closed)
            {
                return;
            }
            // 65,536 jobs queued: the agent is far behind; this is not a path that happens in service
            Thread.onSpinWait();
        }
    }

    /** The pending work of one job, on the agent's thread: place it, stop it, pass its credit on. */
    private void work(final Job job)
    {
        final int requested = job.takeRequested();
        if ((requested & Job.PLACE) != 0 && !job.isTerminal())
        {
            place(job);
        }
        if ((requested & Job.STOP) != 0)
        {
            pool.cancel(job);
        }
        final int credit = job.takeCredit();
        if (credit > 0 && !job.isTerminal())
        {
            pool.credit(job, credit);
        }
    }

    private static SubmitResult submitResult(final Placement placement)
    {
        switch (placement)
        {
            case ACCEPTED:
                return SubmitResult.ACCEPTED;
            case OVERLOADED:
                return SubmitResult.OVERLOADED;
            default:
                return SubmitResult.WORKER_UNAVAILABLE;
        }
    }

    private void place(final Job job)
    {
        final SubmitResult r = closed ? SubmitResult.WORKER_UNAVAILABLE : submitResult(pool.route(job));
        if (r != SubmitResult.ACCEPTED)
        {
            (r == SubmitResult.OVERLOADED ? overloaded : unavailable).incrementAndGet();
            accepted.decrementAndGet();
            job.fail(
                r == SubmitResult.OVERLOADED ? BridgeFailure.Code.OVERLOADED : BridgeFailure.Code.WORKER_UNAVAILABLE,
                "no worker could take it now");
        }
    }

    /** Requests accepted and not yet done, failed or cancelled. */
    public int openRequests()
    {
        return open.size();
    }

    /** A snapshot of the bridge's metrics (copies; safe to keep). */
    public BridgeMetrics metrics()
    {
        return new BridgeMetrics(discovery.describe(), discovery.degraded(), submitted.get(), accepted.get(),
            overloaded.get(), unavailable.get(), pool.retries(), pool.panicRouted(), pool.metrics());
    }

    /** The request kinds at least one healthy worker serves now; empty with no healthy worker. */
    public Set<RequestKind> healthyKinds()
    {
        return pool.healthyKinds();
    }

    /** The discovery in use (for an embedded worker: {@code ((EmbeddedDiscovery) discovery()).worker()}). */
    public WorkerDiscovery discovery()
    {
        return discovery;
    }

    /** Stops discovery, closes all worker connections; open requests fail with worker_unavailable. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        agent.close();
        // The pool first: closing discovery stops an embedded worker, which the pool would report as lost.
        pool.close();
        discovery.close();
        timer.shutdown();
        try
        {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        for (final Job c : open.values())
        {
            c.fail(BridgeFailure.Code.WORKER_UNAVAILABLE, "bridge closed");
        }
    }

    /** Builder of {@link BridgeClient}. */
    public static final class Builder
    {
        private WorkerDiscovery discovery;
        private BatchingConfig batching = BatchingConfig.DEFAULTS;
        private SelectionConfig selection = SelectionConfig.DEFAULTS;
        private Duration defaultTimeout = DEFAULT_TIMEOUT;
        private Consumer<Throwable> errorHandler = t -> LOG.warn("bridge error", t);
        private ThreadFactory agentThreadFactory = Thread::new;

        private Builder()
        {
        }

        /** Where workers come from (default: an embedded worker, {@link WorkerDiscovery#fromFlags}(null, null)). */
        public Builder discovery(final WorkerDiscovery v)
        {
            this.discovery = Objects.requireNonNull(v, "discovery");
            return this;
        }

        /** Batching per provider (default {@link BatchingConfig#DEFAULTS}). */
        public Builder batching(final BatchingConfig v)
        {
            this.batching = Objects.requireNonNull(v, "batching");
            return this;
        }

        /** Selection and health (default {@link SelectionConfig#DEFAULTS}). */
        public Builder selection(final SelectionConfig v)
        {
            this.selection = Objects.requireNonNull(v, "selection");
            return this;
        }

        /** Deadline for requests that set none (key {@code default_timeout}, default 10 s). */
        public Builder defaultTimeout(final Duration v)
        {
            if (v.isNegative() || v.isZero())
            {
                throw new IllegalArgumentException("default_timeout must be > 0, got " + v);
            }
            this.defaultTimeout = v;
            return this;
        }

        /** Where errors on bridge threads go, including listener exceptions (default: logged). */
        public Builder errorHandler(final Consumer<Throwable> v)
        {
            this.errorHandler = Objects.requireNonNull(v, "errorHandler");
            return this;
        }

        /**
         * What creates the bridge agent's thread (default {@code Thread::new}): an embedder sets its scheduling here
         * (real-time priority). The client names it {@code bridge-agent} and makes it a daemon thread.
         */
        public Builder agentThreadFactory(final ThreadFactory v)
        {
            this.agentThreadFactory = Objects.requireNonNull(v, "agentThreadFactory");
            return this;
        }

        /** Starts discovery and returns the open client. */
        public BridgeClient build()
        {
            if (discovery == null)
            {
                discovery = WorkerDiscovery.fromFlags(null, null);
            }
            return new BridgeClient(this);
        }
    }
}
