package io.ringcast.engine.group;

import io.ringcast.engine.SendCompletion;
import org.agrona.concurrent.NanoClock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A stream's sends in flight. The group thread records each send it starts; the transport reports
 * completions from any thread by bumping one counter (sends complete in order), and the group thread
 * reaps them on its next cycle: completion comes back to the owning group without a lock or a queue.
 * The transport also stamps each completion's time (one connection completes on one thread at a time), so a
 * send's measured time does not depend on when the group thread next wakes, and, where it reports
 * {@link #writeStarted}, when it began writing each send: a send is then timed from there, so a transport thread
 * that lags (a busy host) does not make every peer look slow.
 */
final class SendTracker implements SendCompletion
{
    /** Told of each reaped send. */
    interface Reaped
    {
        void onSendDone(int priority, long nanos);
    }

    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong writing = new AtomicLong(); // sends the transport began writing
    private volatile boolean transportReportsWrites;
    private volatile Throwable failure;

    /** The group's completions of all its streams: tells the group thread that some stream has work. */
    private final CompletionSignal groupCompletions;
    private final NanoClock clock;
    private final long[] startedAt;
    private final long[] completedAt;
    private final long[] writtenAt;
    private final int[] sizes;
    private final byte[] priorities;
    private final int mask;
    private final int maxMessages;
    private final long maxBytes;
    private long issued;
    private long reaped;
    private long inflightBytes;

    SendTracker(final int maxMessages, final long maxBytes, final NanoClock clock,
        final CompletionSignal groupCompletions)
    {
        this.groupCompletions = groupCompletions;
        final int capacity = Integer.highestOneBit(Math.max(1, maxMessages - 1)) << 1;
        this.clock = clock;
        startedAt = new long[capacity];
        completedAt = new long[capacity];
        writtenAt = new long[capacity];
        sizes = new int[capacity];
        priorities = new byte[capacity];
        mask = capacity - 1;
        this.maxMessages = Math.max(1, maxMessages);
        this.maxBytes = maxBytes;
    }

    @Override
    public void writeStarted()
    {
        final long n = writing.get();
        writtenAt[(int)(n & mask)] = clock.nanoTime();
        writing.lazySet(n + 1); // publishes the stamp to the group thread
        if (!transportReportsWrites)
        {
            transportReportsWrites = true;
        }
    }

    @Override
    public void sendComplete()
    {
        completedAt[(int)(completed.get() & mask)] = clock.nanoTime();
        completed.incrementAndGet(); // publishes the stamp to the group thread
        groupCompletions.completed();
    }

    @Override
    public void sendFailed(final Throwable cause)
    {
        failure = cause;
        completedAt[(int)(completed.get() & mask)] = clock.nanoTime();
        completed.incrementAndGet();
        groupCompletions.completed();
    }

    /** @return the first failure reported, or null. */
    Throwable failure()
    {
        return failure;
    }

    /** An empty pipe takes one send of any size, so one large message is never stuck. */
    boolean canIssue(final int bytes)
    {
        final long outstanding = issued - reaped;
        // Exactly maxMessages: the slots are a power of two and may be more (1 used to allow 2 in flight).
        return outstanding == 0 || (outstanding < maxMessages && inflightBytes + bytes <= maxBytes);
    }

    /** Record a send before handing it to the transport (its completion may come before send returns). */
    void issue(final long now, final int bytes, final int priority)
    {
        final int i = (int)(issued & mask);
        startedAt[i] = now;
        sizes[i] = bytes;
        priorities[i] = (byte)priority;
        issued++;
        inflightBytes += bytes;
    }

    /** Undo the last {@link #issue} when the transport refused the send. */
    void unissue()
    {
        issued--;
        inflightBytes -= sizes[(int)(issued & mask)];
    }

    /** @return completions reaped. */
    int reap(final long now, final Reaped observer)
    {
        final long done = Math.min(completed.get(), issued);
        int n = 0;
        while (reaped < done)
        {
            final int i = (int)(reaped & mask);
            inflightBytes -= sizes[i];
            reaped++;
            n++;
            observer.onSendDone(priorities[i], Math.max(0, Math.min(now, completedAt[i]) - began(i)));
        }
        return n;
    }

    /** Group thread, for a send the transport began: when it began writing it, else when it was handed over. */
    private long began(final int slot)
    {
        return transportReportsWrites ? Math.max(startedAt[slot], writtenAt[slot]) : startedAt[slot];
    }

    /**
     * @return start time of the oldest send not completed (when the transport began writing it, where it reports
     *         that), or -1 when none is outstanding or the oldest is still waiting for the transport's thread.
     */
    long oldestStart()
    {
        if (reaped == issued)
        {
            return -1;
        }
        final int i = (int)(reaped & mask);
        if (!transportReportsWrites)
        {
            return startedAt[i];
        }
        return reaped < writing.get() ? began(i) : -1;
    }

    /** @return index of the oldest send not completed (to mark it slow only once). */
    long oldestIndex()
    {
        return reaped;
    }

    long inflightBytes()
    {
        return inflightBytes;
    }

    boolean idle()
    {
        return reaped == issued;
    }
}
