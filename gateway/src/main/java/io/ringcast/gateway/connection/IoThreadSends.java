package io.ringcast.gateway.connection;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.xnio.XnioIoThread;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The connections of one XNIO IO thread that have sends waiting, and the one task that writes them. Undertow
 * writes a frame sent from another thread by waking the connection's IO thread, once per frame: with audio
 * paced per frame that cost an eventfd write, a wake-up and a task per frame. Group threads instead queue
 * their sends on the connection ({@link WebSocketSink}) and name the connection here; the first one to do so
 * since the last run wakes the IO thread, and everything named until it runs is written in that one run. A group
 * thread that runs {@link #wakeDeferred()} at the end of its duty cycle (the engine's {@code cycleEnd}) wakes the IO
 * thread there instead: once, after all of the cycle's frames are queued, so the woken IO thread does not preempt
 * the group thread halfway through them (on 2 cores it did, and then needed waking again for the rest).
 */
final class IoThreadSends implements Runnable
{
    private static final int CAPACITY = 1 << 16;
    /** On a thread that wakes IO threads at the end of its duty cycle: those it owes a wake-up. */
    private static final ThreadLocal<ArrayList<IoThreadSends>> OWED = new ThreadLocal<>();

    private final XnioIoThread thread;
    private final ManyToOneConcurrentArrayQueue<WebSocketSink> ready = new ManyToOneConcurrentArrayQueue<>(CAPACITY);
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<WebSocketSink> write = WebSocketSink::writeQueued;

    private IoThreadSends(final XnioIoThread thread)
    {
        this.thread = thread;
    }

    /** One instance per IO thread, shared by every connection it serves. */
    static final class Registry
    {
        private final Map<XnioIoThread, IoThreadSends> byThread = new ConcurrentHashMap<>();

        IoThreadSends of(final XnioIoThread thread)
        {
            return byThread.computeIfAbsent(thread, IoThreadSends::new);
        }
    }

    /** Any thread: {@code sink} has sends queued; they are written on the IO thread soon. */
    void ready(final WebSocketSink sink)
    {
        if (!ready.offer(sink))
        {
            execute(sink::writeQueued); // 65,536 connections waiting on one IO thread: no batching, nothing lost
            return;
        }
        // The queue publishes the element with a release store, which may still be in this core's store buffer when
        // `scheduled` is read: the IO thread could then clear `scheduled`, find the slot empty and stop, while this
        // thread saw `scheduled` set and woke no one, leaving the connection unwritten until some other send. The
        // fence orders the element before the read, as run() orders its clear before the drain.
        VarHandle.fullFence();
        if (!scheduled.get() && scheduled.compareAndSet(false, true))
        {
            final ArrayList<IoThreadSends> owed = OWED.get();
            if (owed != null)
            {
                owed.add(this);
            }
            else
            {
                execute(this);
            }
        }
    }

    /**
     * A group thread's duty cycle ended: wakes each IO thread its sends named during the cycle, once. The first call
     * on a thread makes that thread's later sends wait for this call instead of waking their IO thread at once.
     */
    static void wakeDeferred()
    {
        final ArrayList<IoThreadSends> owed = OWED.get();
        if (owed == null)
        {
            OWED.set(new ArrayList<>(4));
            return;
        }
        for (int i = 0; i < owed.size(); i++)
        {
            final IoThreadSends io = owed.get(i);
            io.execute(io);
        }
        owed.clear();
    }

    private void execute(final Runnable task)
    {
        try
        {
            thread.execute(task);
        }
        catch (final RejectedExecutionException e)
        {
            // The IO thread is shutting down with the server: its connections are being closed.
        }
    }

    /** IO thread: writes what every named connection has queued. */
    @Override
    public void run()
    {
        scheduled.set(false); // first: a connection named from now on schedules another run
        ready.drain(write);
    }
}
