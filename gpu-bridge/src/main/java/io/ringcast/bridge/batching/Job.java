package io.ringcast.bridge.batching;

import io.ringcast.bridge.BridgeFailure;
import io.ringcast.bridge.BridgeListener;
import io.ringcast.bridge.BridgeRequest;
import io.ringcast.bridge.kind.RequestKind;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The bridge's state of one accepted request (internal to the bridge). It guards the
 * listener contract: chunks in order without gaps, exactly one terminal callback, nothing
 * after a cancel. An attempt is one try on one provider; a request gets at most two.
 */
public final class Job
{

    /** {@link #deliverChunk} outcome: the listener got the chunk. */
    public static final int DELIVERED = 1;
    /** {@link #deliverChunk} outcome: the job is already over; the chunk was dropped. */
    public static final int IGNORED = 0;
    /** {@link #deliverChunk} outcome: the chunk's seq is not the next one. */
    public static final int GAP = -1;
    /** Pending work for the bridge's agent: place the job on a provider. */
    public static final int PLACE = 1;
    /** Pending work for the bridge's agent: stop the job where it was placed. */
    public static final int STOP = 2;

    private final BridgeRequest request;
    private final BridgeListener listener;
    private final long submitNanos;
    private final long deadlineNanos;
    private final Consumer<Job> onTerminal;
    private final Consumer<Throwable> errorHandler;
    private final AtomicReference<BatchTicket> ticket = new AtomicReference<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger credit = new AtomicInteger();
    private final AtomicReference<Consumer<Job>> admission = new AtomicReference<>();
    private volatile String wireId;
    private volatile Object provider;
    private volatile long enqueuedNanos;
    private volatile long sentNanos;
    private volatile boolean chunked;
    private int attempts; // guarded by this
    private int nextSeq; // guarded by this
    private boolean terminal; // guarded by this

    /**
     * Creates the job.
     *
     * @param onTerminal   run once when the job ends in done or failure (not on cancel), before the listener hears of
     * it
     * @param errorHandler receives exceptions thrown by the listener
     */
    public Job(final BridgeRequest request, final BridgeListener listener, final long submitNanos,
        final long deadlineNanos,
        final Consumer<Job> onTerminal, final Consumer<Throwable> errorHandler)
    {
        this.request = request;
        this.listener = listener;
        this.submitNanos = submitNanos;
        this.deadlineNanos = deadlineNanos;
        this.onTerminal = onTerminal;
        this.errorHandler = errorHandler;
    }

    /** The request. */
    public BridgeRequest request()
    {
        return request;
    }

    /** The request's kind; selection routes by it without reaching into the public request type. */
    public RequestKind kind()
    {
        return request.kind();
    }

    /** The request's read-ahead window in bytes (0: none), for the provider's flow control. */
    public int readAheadBytes()
    {
        return request.readAheadBytes();
    }

    /** When submit was called, {@link System#nanoTime()}. */
    public long submitNanos()
    {
        return submitNanos;
    }

    /** When the request's deadline passes, {@link System#nanoTime()}. */
    public long deadlineNanos()
    {
        return deadlineNanos;
    }

    /** Begins an attempt on {@code owner} under a new wire id; returns the attempt number (1, 2, ...). */
    public synchronized int startAttempt(final String newWireId, final Object owner)
    {
        this.wireId = newWireId;
        this.provider = owner;
        this.sentNanos = 0;
        return ++attempts;
    }

    /** Attempts started so far. */
    public synchronized int attempts()
    {
        return attempts;
    }

    /** The current attempt's id on the wire. */
    public String wireId()
    {
        return wireId;
    }

    /** The provider of the current attempt. */
    public Object provider()
    {
        return provider;
    }

    void enqueued(final long now)
    {
        this.enqueuedNanos = now;
    }

    /** When the current attempt was queued. */
    public long enqueuedNanos()
    {
        return enqueuedNanos;
    }

    void attachTicket(final BatchTicket t)
    {
        ticket.set(t);
    }

    /** Records that the current attempt went on the wire. */
    public void sent(final long now)
    {
        this.sentNanos = now;
    }

    /** When the current attempt went on the wire; 0 while queued. */
    public long sentNanos()
    {
        return sentNanos;
    }

    /** Whether any chunk reached the listener (a job with chunks is never retried). */
    public boolean hasChunks()
    {
        return chunked;
    }

    /** The current attempt no longer counts towards its batch (answered, failed over or cancelled). */
    public void leaveBatch()
    {
        releaseAdmission();
        final BatchTicket t = ticket.getAndSet(null);
        if (t != null)
        {
            t.release();
        }
    }

    /** Adds {@link #PLACE} or {@link #STOP} to the work pending for the bridge's agent. */
    public void request(final int work)
    {
        pending.getAndAccumulate(work, (a, b) -> a | b);
    }

    /** Takes (and clears) the pending work bits. */
    public int takeRequested()
    {
        return pending.getAndSet(0);
    }

    /** Adds read-ahead credit to pass on to the worker. */
    public void addCredit(final int bytes)
    {
        credit.addAndGet(bytes);
    }

    /** Takes (and clears) the credit not yet passed on. */
    public int takeCredit()
    {
        return credit.getAndSet(0);
    }

    /**
     * The job holds one unit of its pool's admission bound until it leaves its batch or ends; then
     * {@code release} runs, once.
     */
    public void admitted(final Consumer<Job> release)
    {
        admission.set(release);
    }

    /** Gives the admission back (idempotent). */
    public void releaseAdmission()
    {
        final Consumer<Job> release = admission.get() == null ? null : admission.getAndSet(null);
        if (release != null)
        {
            release.accept(this);
        }
    }

    /**
     * Hands chunk {@code seq} to the listener if it is the next one: {@link #DELIVERED}, {@link #IGNORED} or {@link
     * #GAP}.
     */
    public synchronized int deliverChunk(final int seq, final ByteBuffer data)
    {
        if (terminal)
        {
            return IGNORED;
        }
        if (seq != nextSeq)
        {
            return GAP;
        }
        nextSeq++;
        chunked = true;
        try
        {
            listener.onChunk(request.id(), seq, data);
        }
        catch (RuntimeException e)
        {
            errorHandler.accept(e);
        }
        return DELIVERED;
    }

    /** Ends the job with done; false if it had already ended. */
    public boolean complete()
    {
        synchronized (this)
        {
            if (!end())
            {
                return false;
            }
            onTerminal.accept(this);
            try
            {
                listener.onDone(request.id());
            }
            catch (RuntimeException e)
            {
                errorHandler.accept(e);
            }
        }
        return true;
    }

    /** Ends the job with a failure; false if it had already ended. */
    public boolean fail(final BridgeFailure.Code code, final String message)
    {
        synchronized (this)
        {
            if (!end())
            {
                return false;
            }
            onTerminal.accept(this);
            try
            {
                listener.onFailure(request.id(), new BridgeFailure(code, message));
            }
            catch (RuntimeException e)
            {
                errorHandler.accept(e);
            }
        }
        return true;
    }

    /**
     * Ends the job with {@code worker_unavailable} (no worker could serve it); false if it had already ended. This and
     * the three below let selection fail a job without naming the public {@code BridgeFailure} codes.
     */
    public boolean failUnavailable(final String message)
    {
        return fail(BridgeFailure.Code.WORKER_UNAVAILABLE, message);
    }

    /** Ends the job because its deadline passed; false if it had already ended. */
    public boolean failDeadline(final String message)
    {
        return fail(BridgeFailure.Code.DEADLINE_EXCEEDED, message);
    }

    /** Ends the job because the worker refused it as malformed or of a kind it does not serve. */
    public boolean failBadRequest(final String message)
    {
        return fail(BridgeFailure.Code.BAD_REQUEST, message);
    }

    /** Ends the job because the worker failed after streaming part of it, or broke the protocol. */
    public boolean failInternal(final String message)
    {
        return fail(BridgeFailure.Code.INTERNAL, message);
    }

    /** Ends the job silently (the caller cancelled); false if it had already ended. */
    public synchronized boolean cancel()
    {
        return end();
    }

    /** Marks the job ended and gives back its admission unit, once; the caller holds the lock. */
    private boolean end()
    {
        if (terminal)
        {
            return false;
        }
        terminal = true;
        releaseAdmission();
        return true;
    }

    /** Whether the job has ended. */
    public synchronized boolean isTerminal()
    {
        return terminal;
    }
}
