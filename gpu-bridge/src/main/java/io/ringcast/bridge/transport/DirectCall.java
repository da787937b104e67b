package io.ringcast.bridge.transport;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.ringcast.bridge.protocol.BridgeMessage;
import io.ringcast.bridge.protocol.WorkerMessage;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One {@code Worker.Stream} call to a worker in this JVM by method calls: the worker's answers reach the bridge's
 * handler on the worker's own thread, and the bridge's messages reach the worker on the sending thread. gRPC's
 * in-process transport handed every answer to an executor thread instead: a wake-up and a thread hand-off per audio
 * chunk, and code the JIT had to compile for each hop.
 * <p>
 * Locks: the worker calls {@link #onNext} while it holds its own locks, and the bridge's handler may send from there
 * (a cancel, the next batch). Delivering that message to the worker on the same thread could take a worker lock out of
 * order, so a send made during an answer's delivery is queued and delivered by {@code deferred} (or by whichever
 * thread is already delivering). Sends are delivered in order by one thread at a time, which never waits for
 * another: no thread holds a lock of this call while it calls the worker.
 * <p>
 * Flow control: the bridge's handler runs on the worker's thread, so a slow handler slows the worker, as gRPC's
 * one-message-at-a-time reads did; the worker is always ready to send.
 */
final class DirectCall extends ServerCallStreamObserver<WorkerMessage> implements WorkerChannel.Call
{
    private static final Object HALF_CLOSE = new Object();
    /** Worker answers being delivered on this thread: while above 0, the thread may hold worker locks. */
    private static final ThreadLocal<int[]> DELIVERING = ThreadLocal.withInitial(() -> new int[1]);

    private final String address;
    private final WorkerChannel.Handler handler;
    private final WorkerChannel owner;
    private final Executor deferred;
    private final ConcurrentLinkedQueue<Object> toWorker = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private volatile StreamObserver<BridgeMessage> worker;
    private volatile Runnable onCancel;
    private volatile boolean cancelled;

    DirectCall(final String address, final WorkerChannel.Handler handler, final WorkerChannel owner,
        final Executor deferred)
    {
        this.address = address;
        this.handler = handler;
        this.owner = owner;
        this.deferred = deferred;
    }

    /** Opens the call on the worker's service. */
    void start(final Function<StreamObserver<WorkerMessage>, StreamObserver<BridgeMessage>> service)
    {
        worker = service.apply(this);
        drain();
    }

    // ---- the bridge's side ----

    @Override
    public boolean send(final BridgeMessage m)
    {
        if (ended.get())
        {
            return false;
        }
        toWorker.add(m);
        deliverSoon();
        return true;
    }

    @Override
    public void halfClose()
    {
        if (!ended.get())
        {
            toWorker.add(HALF_CLOSE);
            deliverSoon();
        }
    }

    @Override
    public boolean isDead()
    {
        return ended.get();
    }

    /** The channel shuts down: the worker stops producing for this call, and the bridge learns the stream is lost. */
    @Override
    public void cancel()
    {
        if (!ended.get())
        {
            cancelled = true;
            final Runnable r = onCancel;
            if (r != null)
            {
                r.run();
            }
            lost(Status.CANCELLED.withDescription("channel to " + address + " shut down").asRuntimeException());
        }
    }

    private void deliverSoon()
    {
        if (DELIVERING.get()[0] == 0)
        {
            drain();
            return;
        }
        try
        {
            deferred.execute(drainTask);
        }
        catch (final RejectedExecutionException closing)
        {
            // The bridge is closing: its close fails what is open; nothing waits for this message.
        }
    }

    /** Delivers queued messages to the worker in order; returns at once if another thread is doing so. */
    private void drain()
    {
        while (worker != null && !toWorker.isEmpty() && delivering.compareAndSet(false, true))
        {
            try
            {
                Object m;
                while ((m = toWorker.poll()) != null)
                {
                    if (m == HALF_CLOSE)
                    {
                        worker.onCompleted();
                    }
                    else
                    {
                        worker.onNext((BridgeMessage)m);
                    }
                }
            }
            catch (final RuntimeException e)
            {
                lost(e);
            }
            finally
            {
                delivering.set(false);
            }
        }
    }

    private void lost(final Throwable cause)
    {
        if (ended.compareAndSet(false, true))
        {
            toWorker.clear();
            final int[] depth = DELIVERING.get();
            depth[0]++;
            try
            {
                owner.lost(this, cause);
            }
            finally
            {
                depth[0]--;
            }
        }
    }

    // ---- the worker's side ----

    /** An answer from the worker, handled on the worker's thread. */
    @Override
    public void onNext(final WorkerMessage m)
    {
        if (ended.get())
        {
            return;
        }
        final int[] depth = DELIVERING.get();
        depth[0]++;
        try
        {
            handler.onMessage(m);
        }
        finally
        {
            depth[0]--;
        }
    }

    @Override
    public void onError(final Throwable t)
    {
        lost(t);
    }

    @Override
    public void onCompleted()
    {
        lost(owner.closedByWorker());
    }

    @Override
    public boolean isReady()
    {
        return !ended.get();
    }

    @Override
    public boolean isCancelled()
    {
        return cancelled;
    }

    @Override
    public void setOnCancelHandler(final Runnable r)
    {
        onCancel = r;
    }

    /** Never called back: the call is always ready while it lives. */
    @Override
    public void setOnReadyHandler(final Runnable r)
    {
    }

    /** Messages are delivered as they are sent; there is no read window to open. */
    @Override
    public void request(final int count)
    {
    }

    @Override
    public void disableAutoInboundFlowControl()
    {
    }

    @Override
    public void disableAutoRequest()
    {
    }

    /** Nothing is encoded on this path. */
    @Override
    public void setCompression(final String compression)
    {
    }

    @Override
    public void setMessageCompression(final boolean enable)
    {
    }
}
