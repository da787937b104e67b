package io.ringcast.perf.bridge;

import io.ringcast.bridge.BridgeClient;
import io.ringcast.bridge.BridgeFailure;
import io.ringcast.bridge.BridgeListener;
import io.ringcast.bridge.BridgeRequest;
import io.ringcast.bridge.SubmitResult;
import io.ringcast.bridge.batching.BatchingConfig;
import io.ringcast.bridge.discovery.StaticDiscovery;
import io.ringcast.bridge.selection.ProviderMetrics;
import io.ringcast.bridge.worker.CostModel;
import io.ringcast.bridge.worker.WorkerConfig;
import io.ringcast.bridge.worker.WorkerServer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One open-loop run against a fresh reference worker: requests are submitted at fixed intended
 * times (a late submit does not delay the next ones), and first-chunk latency is measured
 * from the intended time, so queueing is never hidden (coordinated omission corrected).
 */
final class LoadRun
{

    /** What one run measured. */
    record Result(double offeredPerSec, double servedPerSec, long overloaded, long failed, Histogram firstChunkNanos,
        Histogram workerFirstChunkNanos, double meanBatch)
    {
    }

    private final CostModel cost;
    private final int gpus;
    private final BatchingConfig batching;
    private final String text;

    LoadRun(final CostModel cost, final int gpus, final BatchingConfig batching, final String text)
    {
        this.cost = cost;
        this.gpus = gpus;
        this.batching = batching;
        this.text = text;
    }

    /** Offers {@code rate} requests/s for {@code warmupSeconds + seconds}; measures the last {@code seconds}. */
    Result run(final double rate, final double warmupSeconds, final double seconds) throws Exception
    {
        final WorkerServer worker =
            WorkerServer.start(WorkerConfig.builder().port(0).costModel(cost).maxConcurrent(gpus).build());
        final BridgeClient client = BridgeClient.builder()
            .discovery(StaticDiscovery.parse("static:" + worker.address())).batching(batching).build();
        try
        {
            return drive(client, rate, warmupSeconds, seconds);
        }
        finally
        {
            client.close();
            worker.kill();
        }
    }

    private Result drive(final BridgeClient client, final double rate, final double warmupSeconds, final double seconds)
        throws InterruptedException
    {
        final long interval = (long)(1e9 / rate);
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        final long measureFrom = start + (long)(warmupSeconds * 1e9);
        final long end = measureFrom + (long)(seconds * 1e9);
        final Recorder firstChunk = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
        final AtomicLong served = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final Map<String, Long> intended = new ConcurrentHashMap<>();
        final BridgeListener listener = new BridgeListener()
        {
            @Override
            public void onChunk(final String id, final int seq, final ByteBuffer data)
            {
                if (seq == 0)
                {
                    final long t = intended.get(id);
                    if (t >= measureFrom && t < end)
                    {
                        firstChunk.recordValue(System.nanoTime() - t);
                    }
                }
            }

            @Override
            public void onDone(final String id)
            {
                final long now = System.nanoTime();
                if (now >= measureFrom && now < end)
                {
                    served.incrementAndGet();
                }
                intended.remove(id);
            }

            @Override
            public void onFailure(final String id, final BridgeFailure failure)
            {
                failed.incrementAndGet();
                intended.remove(id);
            }
        };
        long overloaded = 0;
        long offered = 0;
        for (long i = 0;; i++)
        {
            final long at = start + i * interval;
            if (at >= end)
            {
                break;
            }
            while (System.nanoTime() < at)
            {
                LockSupport.parkNanos(at - System.nanoTime());
            }
            final String id = "r" + i;
            intended.put(id, at);
            final SubmitResult r = client.submit(BridgeRequest.synthesis(id, text).build(), listener);
            if (at >= measureFrom)
            {
                offered++;
                if (r == SubmitResult.OVERLOADED)
                {
                    overloaded++;
                }
            }
            if (r != SubmitResult.ACCEPTED)
            {
                intended.remove(id);
            }
        }
        final long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (client.openRequests() > 0 && System.nanoTime() < drainEnd)
        {
            Thread.sleep(5);
        }
        final ProviderMetrics p = client.metrics().providers().get(0);
        return new Result(offered / seconds, served.get() / seconds, overloaded, failed.get(),
            firstChunk.getIntervalHistogram(),
            p.firstChunkNanos(), meanBatch(p.batchSizeCounts()));
    }

    private static double meanBatch(final long[] counts)
    {
        long batches = 0;
        long requests = 0;
        for (int i = 1; i < counts.length; i++)
        {
            batches += counts[i];
            requests += i * counts[i];
        }
        return batches == 0 ? 0 : (double)requests / batches;
    }
}
