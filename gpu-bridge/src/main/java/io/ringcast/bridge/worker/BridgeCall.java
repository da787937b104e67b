package io.ringcast.bridge.worker;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.ringcast.bridge.protocol.BridgeMessage;
import io.ringcast.bridge.protocol.Chunk;
import io.ringcast.bridge.protocol.Done;
import io.ringcast.bridge.protocol.Failed;
import io.ringcast.bridge.protocol.Grant;
import io.ringcast.bridge.protocol.Request;
import io.ringcast.bridge.protocol.WorkerMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The worker's side of one bridge connection. Flow control both ways: answers wait in an
 * outbox that is written only while gRPC says the stream {@code isReady()}, and the next
 * inbound message is {@code request}ed only while the outbox holds less than
 * {@link #MAX_OUTBOX_BYTES} and fewer than {@link #MAX_WAITING_BATCHES} batches wait for a
 * GPU, so a slow bridge makes this worker stop reading rather than buffer without bound.
 */
final class BridgeCall implements StreamObserver<BridgeMessage>
{

    /** Outbox size above which the worker stops reading new batches from this connection. */
    static final long MAX_OUTBOX_BYTES = 4L << 20;
    /** Batches of this connection waiting for a GPU above which the worker stops reading. */
    static final int MAX_WAITING_BATCHES = 16;

    private final ServerCallStreamObserver<WorkerMessage> out;
    private final WorkerServer server;
    private final Map<String, OpenRequest> open = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<WorkerMessage> outbox = new ConcurrentLinkedQueue<>();
    private final Object writeLock = new Object();
    private long outboxBytes; // guarded by writeLock
    private int waitingBatches; // guarded by writeLock
    private boolean readPaused; // guarded by writeLock
    private boolean draining; // guarded by writeLock
    private boolean closed; // guarded by writeLock

    /** One request this connection has received and not yet answered with Done or Failed. */
    static final class OpenRequest
    {
        private final Request request;
        private final long deadlineNanos;
        /** Chunk bytes the bridge can still take (its read-ahead window, refilled by Credit). */
        private final AtomicLong credit;
        private volatile boolean cancelled;
        private volatile BatchRun run;

        OpenRequest(final Request request, final long deadlineNanos)
        {
            this.request = request;
            this.deadlineNanos = deadlineNanos;
            this.credit =
                new AtomicLong(request.getReadAheadBytes() == 0 ? Long.MAX_VALUE / 2 : request.getReadAheadBytes());
        }

        /** Whether the bridge can take another chunk now. */
        boolean hasCredit()
        {
            return credit.get() > 0;
        }

        void spend(final int bytes)
        {
            credit.addAndGet(-bytes);
        }

        void producedBy(final BatchRun batch)
        {
            this.run = batch;
        }

        private void grant(final long bytes)
        {
            if (credit.getAndAdd(bytes) <= 0 && credit.get() > 0)
            {
                final BatchRun r = run;
                if (r != null)
                {
                    r.wake(); // it was holding this request's next chunk back
                }
            }
        }

        String id()
        {
            return request.getId();
        }

        Request request()
        {
            return request;
        }

        long deadlineNanos()
        {
            return deadlineNanos;
        }

        boolean isCancelled()
        {
            return cancelled;
        }
    }

    BridgeCall(final ServerCallStreamObserver<WorkerMessage> out, final WorkerServer server)
    {
        this.out = out;
        this.server = server;
        out.disableAutoRequest();
        out.setOnReadyHandler(this::drain);
        out.setOnCancelHandler(this::closeAll);
        out.request(1);
    }

    Consumer<Throwable> errorHandler()
    {
        return server.errorHandler();
    }

    @Override
    public void onNext(final BridgeMessage msg)
    {
        if (msg.hasBatch())
        {
            onBatch(msg.getBatch().getRequestsList());
        }
        else if (msg.hasCancel())
        {
            for (final String id : msg.getCancel().getIdsList())
            {
                cancel(id);
            }
        }
        else if (msg.hasCredit())
        {
            for (final Grant g : msg.getCredit().getGrantsList())
            {
                final OpenRequest r = open.get(g.getId());
                if (r != null)
                {
                    r.grant(Integer.toUnsignedLong(g.getBytes()));
                }
            }
        }
        synchronized (writeLock)
        {
            if (closed)
            {
                return;
            }
            if (backlogAllowsReading())
            {
                out.request(1);
            }
            else
            {
                readPaused = true;
            }
        }
    }

    private void onBatch(final List<Request> requests)
    {
        server.stats().batchReceived(requests.size());
        final long now = System.nanoTime();
        final List<OpenRequest> items = new ArrayList<>(requests.size());
        final boolean refuse;
        synchronized (writeLock)
        {
            refuse = draining;
            if (!refuse)
            {
                waitingBatches++;
            }
        }
        for (final Request r : requests)
        {
            if (refuse)
            {
                send(failed(r.getId(), "shutting_down", "the worker is shutting down"));
                server.stats().countFailed();
                continue;
            }
            final long deadline = r.getTimeoutMs() == 0 ? 0 : now + TimeUnit.MILLISECONDS.toNanos(r.getTimeoutMs()) | 1;
            final OpenRequest o = new OpenRequest(r, deadline);
            if (open.putIfAbsent(r.getId(), o) != null)
            {
                send(failed(r.getId(), "bad_request", "duplicate request id on this stream"));
                continue;
            }
            items.add(o);
        }
        if (!refuse)
        {
            server.gpus().submit(
                new BatchRun(this, items, server.gpus(), server.costModel(), server.outputs(), server.chunkDelay()));
        }
    }

    private void cancel(final String id)
    {
        final OpenRequest r = open.remove(id);
        if (r != null)
        {
            r.cancelled = true;
            server.stats().countCancelled();
            send(failed(id, "cancelled", "cancelled by the bridge"));
        }
    }

    /** A batch of this connection got a GPU: one fewer waiting, maybe read again. */
    void batchStarted()
    {
        synchronized (writeLock)
        {
            waitingBatches--;
        }
        resumeReadingIfAllowed();
    }

    void sendChunk(final String id, final int seq, final byte[] data)
    {
        if (open.containsKey(id))
        {
            server.stats().chunkSent();
            send(WorkerMessage.newBuilder()
                .setChunk(Chunk.newBuilder().setId(id).setSeq(seq).setData(ByteString.copyFrom(data))).build());
        }
    }

    void finish(final String id, final int chunks)
    {
        if (open.remove(id) != null)
        {
            server.stats().countCompleted();
            send(WorkerMessage.newBuilder().setDone(Done.newBuilder().setId(id).setChunks(chunks)).build());
        }
        completeIfDrained();
    }

    void fail(final String id, final String reason, final String message)
    {
        if (open.remove(id) != null)
        {
            server.stats().countFailed();
            send(failed(id, reason, message));
        }
        completeIfDrained();
    }

    private static WorkerMessage failed(final String id, final String reason, final String message)
    {
        return WorkerMessage.newBuilder()
            .setFailed(Failed.newBuilder().setId(id).setReason(reason).setMessage(message)).build();
    }

    private void send(final WorkerMessage m)
    {
        synchronized (writeLock)
        {
            if (closed)
            {
                return;
            }
            outbox.add(m);
            outboxBytes += m.getSerializedSize();
        }
        drain();
    }

    /** Writes queued answers while the transport is ready (called on onReady and after each send). */
    private void drain()
    {
        synchronized (writeLock)
        {
            WorkerMessage m;
            while (!closed && out.isReady() && (m = outbox.poll()) != null)
            {
                outboxBytes -= m.getSerializedSize();
                out.onNext(m);
            }
        }
        resumeReadingIfAllowed();
        completeIfDrained();
    }

    private void resumeReadingIfAllowed()
    {
        synchronized (writeLock)
        {
            if (readPaused && !closed && backlogAllowsReading())
            {
                readPaused = false;
                out.request(1);
            }
        }
    }

    private boolean backlogAllowsReading()
    {
        return outboxBytes < MAX_OUTBOX_BYTES && waitingBatches < MAX_WAITING_BATCHES;
    }

    /** Clean shutdown: refuse new batches, finish open ones, then complete the stream. */
    void drainAndClose()
    {
        synchronized (writeLock)
        {
            draining = true;
        }
        completeIfDrained();
    }

    private void completeIfDrained()
    {
        synchronized (writeLock)
        {
            if (!draining || closed || !open.isEmpty() || !outbox.isEmpty())
            {
                return;
            }
            closed = true;
            out.onCompleted();
        }
        server.forget(this);
    }

    @Override
    public void onError(final Throwable t)
    {
        closeAll();
    }

    @Override
    public void onCompleted()
    {
        closeAll();
        synchronized (writeLock)
        {
            try
            {
                out.onCompleted();
            }
            catch (RuntimeException ignored)
            {
                // Already cancelled by the transport.
            }
        }
    }

    /** The worker stops at once: the bridge learns its stream is lost, and nothing more is produced for it. */
    void abort(final String why)
    {
        closeAll();
        try
        {
            out.onError(Status.UNAVAILABLE.withDescription(why).asRuntimeException());
        }
        catch (final RuntimeException ignored)
        {
            // Already ended by the transport.
        }
    }

    /** The bridge went away: stop producing for every open request. */
    private void closeAll()
    {
        synchronized (writeLock)
        {
            closed = true;
            outbox.clear();
        }
        for (final OpenRequest r : open.values())
        {
            r.cancelled = true;
        }
        open.clear();
        server.forget(this);
    }
}
