package io.ringcast.bridge.support;

import io.ringcast.bridge.BridgeFailure;
import io.ringcast.bridge.BridgeListener;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/** Records everything the bridge tells it, per request id; records protocol violations too. */
public final class CollectingListener implements BridgeListener
{

    /** What one request received. */
    public static final class Result
    {
        public final List<Integer> seqs = new ArrayList<>();
        public final ByteArrayOutputStream data = new ByteArrayOutputStream();
        public volatile long firstChunkNanos;
        public volatile boolean done;
        public volatile BridgeFailure failure;
        public volatile int terminalCalls;
    }

    private final Map<String, Result> results = new ConcurrentHashMap<>();
    private final CountDownLatch terminal;
    private volatile BiConsumer<String, Integer> onChunk = (id, seq) ->
    {
    };

    /** A listener that expects {@code requests} terminal callbacks. */
    public CollectingListener(final int requests)
    {
        this.terminal = new CountDownLatch(requests);
    }

    /** Runs {@code hook} after each chunk (on the bridge thread). */
    public CollectingListener onChunk(final BiConsumer<String, Integer> hook)
    {
        this.onChunk = hook;
        return this;
    }

    /** The result of one id (created on first use). */
    public Result result(final String id)
    {
        return results.computeIfAbsent(id, k -> new Result());
    }

    @Override
    public void onChunk(final String id, final int seq, final ByteBuffer data)
    {
        final Result r = result(id);
        synchronized (r)
        {
            if (r.seqs.isEmpty())
            {
                r.firstChunkNanos = System.nanoTime();
            }
            r.seqs.add(seq);
            final byte[] b = new byte[data.remaining()];
            data.get(b);
            r.data.writeBytes(b);
        }
        onChunk.accept(id, seq);
    }

    @Override
    public void onDone(final String id)
    {
        final Result r = result(id);
        r.done = true;
        r.terminalCalls++;
        terminal.countDown();
    }

    @Override
    public void onFailure(final String id, final BridgeFailure failure)
    {
        final Result r = result(id);
        r.failure = failure;
        r.terminalCalls++;
        terminal.countDown();
    }

    /** Waits for all expected terminal callbacks; false on timeout. */
    public boolean await(final Duration timeout) throws InterruptedException
    {
        return terminal.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
