package io.ringcast.gateway.realtime;

import com.sun.jna.LastErrorException;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Linux real-time scheduling ({@code SCHED_FIFO}) for the threads a listener's schedule depends on: the stream groups'
 * pacing threads and the IO threads that write their frames, as PipeWire and JACK run their audio threads. A normal
 * thread woken for its next frame waits for a core behind whatever else is runnable: on the 2-core host, with the load
 * generator busy, a bare C thread woken every millisecond was late by 1.8-6.2 ms at p99 as a normal thread and by
 * 0.15-0.3 ms at {@code SCHED_FIFO} (docs/perf.md). A real-time thread runs until it blocks, so only threads that
 * park when idle may have it; the kernel's real-time throttling still leaves 5 % of each core to normal threads.
 * <p>
 * The process needs {@code CAP_SYS_NICE} or a real-time rlimit ({@code ulimit -r}) of at least the priority. Where it
 * has neither, or the OS has no such call, the threads run at normal priority and {@link #summary} says why: a
 * refusal is the caller's to report, not a failure of the daemon.
 */
public final class RealtimeScheduling
{
    /** The highest {@code SCHED_FIFO} priority. */
    public static final int MAX_PRIORITY = 99;

    private final int priority;
    private final CountDownLatch entered;
    private final AtomicInteger granted = new AtomicInteger();
    private final AtomicInteger grantedLower = new AtomicInteger();
    private volatile String refusal;

    /**
     * @param priority the {@code SCHED_FIFO} priority, 1 to {@value #MAX_PRIORITY}.
     * @param threads  how many threads will {@link #enter}, for {@link #summary}.
     */
    public RealtimeScheduling(final int priority, final int threads)
    {
        if (priority < 1 || priority > MAX_PRIORITY)
        {
            throw new IllegalArgumentException("realtime priority must be 1 to " + MAX_PRIORITY + ", was " + priority);
        }
        this.priority = priority;
        this.entered = new CountDownLatch(threads);
    }

    /**
     * Calling thread: from now on it runs {@code SCHED_FIFO} at the priority (threads it creates do not).
     *
     * @return null when granted, else why not, in words (the thread runs on at normal priority).
     */
    public String enter()
    {
        return enter(priority, granted);
    }

    /**
     * Calling thread: from now on it runs {@code SCHED_FIFO} one priority below {@link #enter}'s (at 1 when that is 1).
     * For threads on a first chunk's path (the bridge agent, an embedded worker): ahead of every normal thread, but
     * behind the pacing threads. Same-priority {@code SCHED_FIFO} threads never preempt each other, so a worker thread
     * synthesizing at the pacing threads' priority would keep a woken pacing thread off its core for as long as it
     * computes. (With the reference tones, microseconds an utterance, an A/B at 100 sessions measured no difference:
     * frame lateness p99 2.5 ms either way, docs/perf.md; a synthesizer that computes for milliseconds would.)
     *
     * @return null when granted, else why not, in words.
     */
    public String enterLower()
    {
        return enter(Math.max(1, priority - 1), grantedLower);
    }

    private String enter(final int at, final AtomicInteger count)
    {
        String why = null;
        try
        {
            LibC.Holder.C.sched_setscheduler(0, LibC.SCHED_FIFO | LibC.SCHED_RESET_ON_FORK, new int[]{at});
            count.incrementAndGet();
        }
        catch (final LastErrorException e)
        {
            why = e.getErrorCode() == 1 // EPERM
                ? "not permitted: the process needs CAP_SYS_NICE or a real-time rlimit of at least " + priority +
                    " (ulimit -r; systemd LimitRTPRIO=; docker --cap-add SYS_NICE --ulimit rtprio=" + priority + ")"
                : "sched_setscheduler failed with errno " + e.getErrorCode();
        }
        catch (final LinkageError e)
        {
            why = "not supported on " + System.getProperty("os.name") + " (" + e.getMessage() + ")";
        }
        if (why != null)
        {
            refusal = why;
        }
        entered.countDown();
        return why;
    }

    /** @return a factory whose threads {@link #enter} before they run their task. */
    public ThreadFactory threadFactory()
    {
        return factory(this::enter);
    }

    /** @return a factory whose threads {@link #enterLower} before they run their task. */
    public ThreadFactory lowerThreadFactory()
    {
        return factory(this::enterLower);
    }

    private static ThreadFactory factory(final Runnable enter)
    {
        return task -> new Thread(() ->
        {
            enter.run();
            task.run();
        });
    }

    /**
     * Waits, at most {@code timeout}, for the threads to have entered.
     *
     * @return one line: how many threads were granted the priority, and why the others were not.
     */
    public String summary(final Duration timeout)
    {
        try
        {
            entered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        final String why = refusal;
        final int lower = grantedLower.get();
        final String ok = granted.get() + lower + " thread(s) at SCHED_FIFO priority " + priority +
            (lower == 0 ? "" : " (" + lower + " of them at " + Math.max(1, priority - 1) + ")");
        return why == null
            ? "realtime scheduling: " + ok
            : "realtime scheduling: " + ok + "; the others run at normal priority: " + why;
    }

    /**
     * A hint for the start's log: with real-time priority, whether the pacing threads are spread over the cores. A
     * real-time thread still stops when its core does (a virtual machine's core can stop for milliseconds under load),
     * and a single group or IO thread holds every session's frames through such a stop; with one of each per core a
     * stop holds only the sessions on that core's threads (docs/perf.md, "ninth session").
     *
     * @return null when each is spread over the cores (or there is one core), else the advice, in words.
     */
    public static String spreadHint(final int groups, final int ioThreads, final int cores)
    {
        if (cores < 2 || groups > 1 && ioThreads > 1)
        {
            return null;
        }
        final int each = Math.min(cores, 4); // measured on 2 cores only: no advice past 4 of each
        return "realtime scheduling: " + groups + " stream group(s) and " + ioThreads + " IO thread(s) on " + cores +
            " cores: every session waits on the same " + (groups == 1 ? "group thread" : "IO thread") +
            " when its core stops; --groups " + each + " --io-threads " + each + " spreads them (docs/operations.md)";
    }

    /** @return whether every thread that entered so far was granted the priority (and at least one did). */
    public boolean allGranted()
    {
        return refusal == null && granted.get() + grantedLower.get() > 0;
    }
}
