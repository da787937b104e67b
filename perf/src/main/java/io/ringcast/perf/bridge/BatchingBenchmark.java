package io.ringcast.perf.bridge;

import io.ringcast.bridge.batching.BatchingConfig;
import io.ringcast.bridge.worker.CostModel;
import io.ringcast.bridge.worker.ToneSynthesizer;

import java.time.Duration;
import java.util.Locale;

/**
 * GPU bridge batching benchmark (issue 3). Against the reference worker with the default H100
 * cost model (one simulated GPU), at a fixed offered load above what unbatched requests can be
 * served at, it measures:
 * <ol>
 *   <li>throughput with dynamic batching versus {@code max_batch=1}, against the cost model's
 *       ideal batched throughput (target: at least 90%);</li>
 *   <li>first-chunk latency p50/p99 (from each request's intended send time) versus
 *       {@code max_queue_delay} (target: p99 at most the worker's own p99 first-chunk latency
 *       + max_queue_delay + 1 ms).</li>
 * </ol>
 * Usage: {@code java -cp perf/target/benchmarks.jar io.ringcast.perf.bridge.BatchingBenchmark
 * [rate/s (300)] [seconds per run (5)]}. Each request is 20 characters = 1 s of audio.
 */
public final class BatchingBenchmark
{

    private static final int MAX_BATCH = 8;
    private static final double WARMUP_SECONDS = 1.5;
    private static final CostModel COST = CostModel.H100;

    private BatchingBenchmark()
    {
    }

    /** Runs the benchmark and prints a report; exits 1 when a target is missed. */
    public static void main(final String[] args) throws Exception
    {
        final double rate = args.length > 0 ? Double.parseDouble(args[0]) : 300;
        final double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        final String text = "a".repeat(1000 / ToneSynthesizer.DEFAULT_MS_PER_CHAR); // 1 s of audio
        final double audio = 1.0;
        final double unbatchedCapacity = 1e9 / COST.batchLatencyNanos(audio);
        final double batchedCapacity = MAX_BATCH * 1e9 / COST.batchLatencyNanos(MAX_BATCH * audio);
        System.out.printf(Locale.ROOT, "cost model %s, 1 GPU, 1 s of audio per request%n", COST);
        System.out.printf(Locale.ROOT,
            "capacity: unbatched %.0f req/s, max_batch=%d %.0f req/s; offered load %.0f req/s%n%n",
            unbatchedCapacity, MAX_BATCH, batchedCapacity, rate);
        boolean ok = true;

        System.out.println("== throughput at the offered load ==");
        final double ideal = Math.min(rate, batchedCapacity);
        final LoadRun.Result batched = run(batching(MAX_BATCH, Duration.ofMillis(2)), text, rate, seconds);
        final LoadRun.Result single = run(batching(1, Duration.ZERO), text, rate, seconds);
        System.out.printf(Locale.ROOT, "%-26s %10s %10s %10s %10s%n", "config", "served/s", "refused", "mean batch",
            "of ideal");
        row("max_batch=8 delay=2ms", batched, ideal);
        row("max_batch=1", single, ideal);
        final double ratio = batched.servedPerSec() / ideal;
        ok &= check(ratio >= 0.9,
            String.format(Locale.ROOT, "batched throughput %.1f%% of ideal %.0f req/s (target >= 90%%)",
                100 * ratio, ideal));
        System.out.printf(Locale.ROOT, "batching speed-up over max_batch=1: %.1fx%n%n",
            batched.servedPerSec() / single.servedPerSec());

        System.out.println("== saturation: offered 2x batched capacity ==");
        final LoadRun.Result sat = run(batching(MAX_BATCH, Duration.ofMillis(2)), text, 2 * batchedCapacity, seconds);
        row("max_batch=8 delay=2ms", sat, batchedCapacity);
        ok &= check(sat.servedPerSec() >= 0.9 * batchedCapacity, String.format(Locale.ROOT,
            "saturated throughput %.0f req/s = %.1f%% of the cost model's batched capacity %.0f req/s (target >= 90%%)",
            sat.servedPerSec(), 100 * sat.servedPerSec() / batchedCapacity, batchedCapacity));
        System.out.println();

        System.out.println("== first-chunk latency vs max_queue_delay, at the offered load ==");
        System.out.printf(Locale.ROOT, "%-10s %9s %9s %9s %11s %11s %8s%n", "delay ms", "p50 ms", "p99 ms", "max ms",
            "worker p99", "bound", "batch");
        for (final double delayMs : new double[]{1, 2, 5, 10, 20})
        {
            final Duration d = Duration.ofNanos((long)(delayMs * 1e6));
            final LoadRun.Result r = run(batching(MAX_BATCH, d), text, rate, seconds);
            final double p50 = r.firstChunkNanos().getValueAtPercentile(50) / 1e6;
            final double p99 = r.firstChunkNanos().getValueAtPercentile(99) / 1e6;
            final double worker = r.workerFirstChunkNanos().getValueAtPercentile(99) / 1e6;
            final double bound = worker + delayMs + 1;
            System.out.printf(Locale.ROOT, "%-10.1f %9.2f %9.2f %9.2f %11.2f %11.2f %8.2f %s%n", delayMs, p50, p99,
                r.firstChunkNanos().getMaxValue() / 1e6, worker, bound, r.meanBatch(), p99 <= bound ? "ok" : "MISS");
            ok &= p99 <= bound;
        }
        System.out.println();
        System.out.println(ok ? "all targets met" : "some targets missed");
        System.exit(ok ? 0 : 1);
    }

    private static BatchingConfig batching(final int maxBatch, final Duration delay)
    {
        return BatchingConfig.builder().maxBatch(maxBatch).maxQueueDelay(delay).build();
    }

    private static LoadRun.Result run(final BatchingConfig b, final String text, final double rate,
        final double seconds)
        throws Exception
    {
        return new LoadRun(COST, 1, b, text).run(rate, WARMUP_SECONDS, seconds);
    }

    private static void row(final String name, final LoadRun.Result r, final double ideal)
    {
        System.out.printf(Locale.ROOT, "%-26s %10.1f %10d %10.2f %9.1f%%%n", name, r.servedPerSec(), r.overloaded(),
            r.meanBatch(),
            100 * r.servedPerSec() / ideal);
    }

    private static boolean check(final boolean pass, final String what)
    {
        System.out.println((pass ? "ok   " : "MISS ") + what);
        return pass;
    }
}
