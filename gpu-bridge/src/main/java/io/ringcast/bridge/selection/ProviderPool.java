package io.ringcast.bridge.selection;

import io.ringcast.bridge.batching.BatchingConfig;
import io.ringcast.bridge.batching.Job;
import io.ringcast.bridge.discovery.WorkerInfo;
import io.ringcast.bridge.kind.RequestKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The set of providers and the choice among them. A request goes to the healthy provider
 * serving its kind with the lowest {@code (outstanding + 1) x EWMA(first-chunk latency)}
 * whose queue has room; a request that fails before its first chunk is retried once on
 * another provider, then fails with {@code worker_unavailable}. When no provider of a kind is
 * healthy, requests go to the ones ejected only for errors whose stream is still up (panic
 * routing, as Envoy does below its panic threshold): under overload deadlines pass and eject
 * every worker, and refusing all traffic until a probe would turn a slow service into none.
 * Discovery updates the set
 * through {@link #update}; a timer runs health checks, probes and deadline sweeps.
 */
public final class ProviderPool implements AutoCloseable
{

    private static final Logger LOG = LoggerFactory.getLogger(ProviderPool.class);
    private static final long RETIRE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long MIN_SWEEP_MILLIS = 10;
    private static final long MAX_SWEEP_MILLIS = 50;

    private final SelectionConfig selection;
    private final BatchingConfig batching;
    private final ScheduledExecutorService timer;
    /**
     * How often open requests' deadlines and workers' silence are checked: a tenth of {@code stall_timeout}, 10 to 50
     * ms. Every sweep wakes the timer thread; with requests always open (audio streaming) 100 sweeps a second cost
     * about 4 % of the daemon's CPU per audio frame.
     */
    private final long sweepMillis;
    private final CopyOnWriteArrayList<Provider> active = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Provider> retiring = new CopyOnWriteArrayList<>();
    private final AtomicLong wireIds = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong panicRouted = new AtomicLong();
    /** Whose turn it is among providers that score the same ({@link #takeTurnsOnTies}). */
    private final AtomicInteger tieTurns = new AtomicInteger();
    private volatile boolean panicking;
    private final Consumer<Throwable> errorHandler;
    private final AtomicBoolean sweepArmed = new AtomicBoolean();
    private final Runnable sweepTask = guarded(this::sweepAndRearm);
    /** Per {@link RequestKind}: jobs admitted and not yet out of their batch or ended (see {@link #admit}). */
    private final AtomicIntegerArray admittedByKind = new AtomicIntegerArray(RequestKind.values().length);
    private final Consumer<Job> releaseAdmission = c -> admittedByKind.decrementAndGet(c.kind().ordinal());

    /** Creates an empty pool whose timers run on {@code timer}; background errors go to {@code errorHandler}. */
    public ProviderPool(final SelectionConfig selection, final BatchingConfig batching,
        final ScheduledExecutorService timer,
        final Consumer<Throwable> errorHandler)
    {
        this.selection = selection;
        this.batching = batching;
        this.timer = timer;
        this.errorHandler = errorHandler;
        this.sweepMillis =
            Math.max(MIN_SWEEP_MILLIS, Math.min(MAX_SWEEP_MILLIS, selection.stallTimeout().toMillis() / 10));
        final long health = selection.healthInterval().toMillis();
        timer.scheduleWithFixedDelay(guarded(this::healthTick), health, health, TimeUnit.MILLISECONDS);
    }

    /**
     * Makes sure a sweep runs within {@link #sweepMillis}. Sweeps run only while there is something to sweep (a
     * request open on a provider, or an ejected provider to probe), so an idle bridge wakes no thread 100 times a
     * second; a placement and an ejection arm them. Any thread.
     */
    void armSweep()
    {
        if (sweepArmed.compareAndSet(false, true))
        {
            try
            {
                timer.schedule(sweepTask, sweepMillis, TimeUnit.MILLISECONDS);
            }
            catch (RejectedExecutionException closed)
            {
                sweepArmed.set(false); // the pool is closing: nothing left to sweep
            }
        }
    }

    private void sweepAndRearm()
    {
        try
        {
            sweep();
        }
        finally
        {
            sweepArmed.set(false);
            // Checked after disarming: an arm that raced with this one is not lost.
            if (needsSweep())
            {
                armSweep();
            }
        }
    }

    private boolean needsSweep()
    {
        for (final Provider p : active)
        {
            if (p.outstanding() > 0 || p.state() == ProviderState.EJECTED)
            {
                return true;
            }
        }
        for (final Provider p : retiring)
        {
            if (p.outstanding() > 0)
            {
                return true;
            }
        }
        return false;
    }

    /** A periodic task must never throw: a throwing task would silently stop repeating. */
    private Runnable guarded(final Runnable task)
    {
        return () ->
        {
            try
            {
                task.run();
            }
            catch (RuntimeException e)
            {
                errorHandler.accept(e);
            }
        };
    }

    Logger log()
    {
        return LOG;
    }

    /** Makes the provider set equal to {@code workers}: connects new ones, retires dropped ones. */
    public synchronized void update(final Collection<WorkerInfo> workers)
    {
        final Map<String, WorkerInfo> wanted = new HashMap<>();
        for (final WorkerInfo w : workers)
        {
            wanted.put(w.address(), w);
        }
        for (final Provider p : active)
        {
            final WorkerInfo w = wanted.remove(p.info().address());
            if (w == null || !w.equals(p.info()))
            {
                active.remove(p);
                p.retire();
                retiring.add(p);
                LOG.info("worker {} left", p.info().address());
                if (w != null)
                {
                    wanted.put(w.address(), w);
                }
            }
        }
        for (final WorkerInfo w : wanted.values())
        {
            active.add(new Provider(w, this, selection, batching, timer));
            LOG.info("worker {} joined (serves {})", w.address(), w.kinds());
        }
    }

    /**
     * Decides at once, without locks, whether a job of {@code job}'s kind may be taken. WORKER_UNAVAILABLE: no
     * provider serves the kind (healthy, or by panic routing). OVERLOADED, by time: the jobs admitted and not yet
     * out of their batches would keep this one waiting longer than {@code max_queue_wait} for its first chunk
     * (batch rounds ahead, {@code admitted / (max_concurrent x max_batch)} summed over the serving providers,
     * times the fastest one's first-chunk latency); or, by count, they already fill every serving provider's
     * {@code queue_capacity} and batch slots. Otherwise ACCEPTED, and the job holds one unit until it leaves its
     * batch or ends. Runs on the submitting thread; the placement itself ({@link #route}) runs on the bridge's agent.
     */
    public Placement admit(final Job job)
    {
        final RequestKind kind = job.kind();
        final int slotsPerProvider = batching.maxConcurrent() * batching.maxBatch();
        long capacity = 0;
        long slots = 0;
        double fastest = Double.NaN;
        for (final Provider p : active)
        {
            if (p.info().kinds().contains(kind) && (p.state() == ProviderState.HEALTHY || p.takesPanicTraffic()))
            {
                capacity += batching.queueCapacity() + slotsPerProvider;
                slots += slotsPerProvider;
                final double e = p.ewmaNanos();
                if (!Double.isNaN(e) && (Double.isNaN(fastest) || e < fastest))
                {
                    fastest = e;
                }
            }
        }
        if (capacity == 0)
        {
            return Placement.WORKER_UNAVAILABLE;
        }
        final int slot = kind.ordinal();
        final int ahead = admittedByKind.incrementAndGet(slot) - 1;
        final double roundNanos = Double.isNaN(fastest) ? selection.initialLatency().toNanos() : fastest;
        if (ahead >= capacity || (ahead / slots) * roundNanos > batching.maxQueueWait().toNanos())
        {
            admittedByKind.decrementAndGet(slot);
            return Placement.OVERLOADED;
        }
        job.admitted(releaseAdmission);
        return Placement.ACCEPTED;
    }

    /** Places a first attempt: ACCEPTED, OVERLOADED (all queues full) or WORKER_UNAVAILABLE. */
    public Placement route(final Job job)
    {
        return place(job, null);
    }

    private Placement place(final Job job, final Provider exclude)
    {
        List<Provider> candidates = candidates(job, exclude, false);
        final boolean panic = candidates.isEmpty();
        if (panic)
        {
            candidates = candidates(job, exclude, true);
            if (candidates.isEmpty())
            {
                return Placement.WORKER_UNAVAILABLE;
            }
        }
        notePanic(panic, job);
        final double fallback = initialLatency();
        candidates.sort((a, b) -> Double.compare(score(a, fallback), score(b, fallback)));
        takeTurnsOnTies(candidates, fallback);
        for (final Provider p : candidates)
        {
            if (p.offer(job, Long.toString(wireIds.incrementAndGet())))
            {
                armSweep();
                if (panic)
                {
                    panicRouted.incrementAndGet();
                }
                return Placement.ACCEPTED;
            }
        }
        return Placement.OVERLOADED;
    }

    /** Healthy providers of the job's kind, or with {@code panic} the ones that take panic traffic. */
    private List<Provider> candidates(final Job job, final Provider exclude, final boolean panic)
    {
        final List<Provider> out = new ArrayList<>(active.size());
        for (final Provider p : active)
        {
            final boolean eligible = panic ? p.takesPanicTraffic() : p.state() == ProviderState.HEALTHY;
            if (p != exclude && eligible && p.info().kinds().contains(job.kind()))
            {
                out.add(p);
            }
        }
        return out;
    }

    /** Logs the start and end of panic routing once each, not per request. */
    private void notePanic(final boolean panic, final Job job)
    {
        if (panic != panicking)
        {
            panicking = panic;
            if (panic)
            {
                LOG.warn(
                    "no healthy worker serves {}: routing to workers ejected for errors whose streams are up (panic)",
                    job.kind());
            }
            else
            {
                LOG.info("a healthy worker is back: panic routing ends");
            }
        }
    }

    /**
     * Providers that score the same take turns at the front. A provider without samples is scored with the best known
     * latency, and two idle ones then tie: the sort, being stable, gave every tie to the one that joined first, so at
     * low load a newcomer (or a provider probed back after an ejection) got no request and never a sample.
     */
    private void takeTurnsOnTies(final List<Provider> sorted, final double fallback)
    {
        final double best = score(sorted.get(0), fallback);
        int ties = 1;
        while (ties < sorted.size() && Double.compare(score(sorted.get(ties), fallback), best) == 0)
        {
            ties++;
        }
        if (ties > 1)
        {
            Collections.rotate(sorted.subList(0, ties), -Math.floorMod(tieTurns.getAndIncrement(), ties));
        }
    }

    private static double score(final Provider p, final double fallback)
    {
        final double e = p.ewmaNanos();
        return (p.outstanding() + 1) * (Double.isNaN(e) ? fallback : e);
    }

    /** Latency assumed for a provider without samples: the best known EWMA, so newcomers get traffic. */
    private double initialLatency()
    {
        double best = Double.NaN;
        for (final Provider p : active)
        {
            final double e = p.ewmaNanos();
            if (!Double.isNaN(e) && (Double.isNaN(best) || e < best))
            {
                best = e;
            }
        }
        return Double.isNaN(best) ? selection.initialLatency().toNanos() : best;
    }

    /** {@code job}'s attempt on {@code failed} ended before success: retry once elsewhere or fail it. */
    void retryOrFail(final Job job, final Provider failed, final String why)
    {
        if (job.isTerminal())
        {
            return;
        }
        if (job.hasChunks())
        {
            job.failUnavailable("failed after streaming began: " + why);
        }
        else if (job.attempts() >= 2)
        {
            job.failUnavailable("failed on two workers: " + why);
        }
        else if (System.nanoTime() - job.deadlineNanos() >= 0)
        {
            job.failDeadline("deadline passed: " + why);
        }
        else if (place(job, failed) == Placement.ACCEPTED)
        {
            retries.incrementAndGet();
        }
        else
        {
            job.failUnavailable("no other worker could take it: " + why);
        }
    }

    /** Stops {@code job} wherever it is. */
    public void cancel(final Job job)
    {
        if (job.provider() instanceof Provider p)
        {
            p.cancel(job);
        }
    }

    /** Passes read-ahead credit to the worker running {@code job}'s current attempt. */
    public void credit(final Job job, final int bytes)
    {
        if (job.provider() instanceof Provider p)
        {
            p.credit(job, bytes);
        }
    }

    /** Requests placed on a provider ejected for errors because none was healthy. */
    public long panicRouted()
    {
        return panicRouted.get();
    }

    /** Requests retried on a second provider so far. */
    public long retries()
    {
        return retries.get();
    }

    /** The request kinds at least one healthy provider serves now (for the gateway's readiness probe). */
    public Set<RequestKind> healthyKinds()
    {
        final Set<RequestKind> kinds = EnumSet.noneOf(RequestKind.class);
        for (final Provider p : active)
        {
            if (p.state() == ProviderState.HEALTHY)
            {
                kinds.addAll(p.info().kinds());
            }
        }
        return kinds;
    }

    /** Snapshots of every provider, active then retiring. */
    public List<ProviderMetrics> metrics()
    {
        final List<ProviderMetrics> out = new ArrayList<>();
        for (final Provider p : active)
        {
            out.add(p.metrics());
        }
        for (final Provider p : retiring)
        {
            out.add(p.metrics());
        }
        return out;
    }

    private void healthTick()
    {
        final long now = System.nanoTime();
        for (final Provider p : active)
        {
            p.healthTick(now);
        }
        for (final Provider p : retiring)
        {
            if (p.closeIfIdle(now, RETIRE_GRACE_NANOS))
            {
                retiring.remove(p);
            }
        }
    }

    private void sweep()
    {
        final long now = System.nanoTime();
        for (final Provider p : active)
        {
            p.sweepDeadlines(now);
            p.probeTick(now);
        }
        for (final Provider p : retiring)
        {
            p.sweepDeadlines(now);
        }
    }

    /** Closes every connection at once. */
    @Override
    public synchronized void close()
    {
        for (final Provider p : active)
        {
            p.shutdownNow();
        }
        for (final Provider p : retiring)
        {
            p.shutdownNow();
        }
        active.clear();
        retiring.clear();
    }
}
