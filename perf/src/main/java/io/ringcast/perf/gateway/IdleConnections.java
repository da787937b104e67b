package io.ringcast.perf.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens N idle WebSocket sessions to a running gateway (each waits for {@code ready}), then reads the
 * gateway's heap from {@code /metrics} after asking it nothing more. Usage:
 * {@code java -cp perf/target/benchmarks.jar io.ringcast.perf.gateway.IdleConnections [http://127.0.0.1:8080] [10000]}.
 * Run the gateway with a fixed heap (RINGCAST_HEAP=512m) and a connection limit above N.
 */
public final class IdleConnections
{
    private IdleConnections()
    {
    }

    /**
     * @param args base URL, connection count.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        final int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        final String ws = base.replaceFirst("^http", "ws") + "/v1/stream";
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        final long heapBefore = heap(http, base);
        final CountDownLatch ready = new CountDownLatch(n);
        final AtomicInteger failed = new AtomicInteger();
        final Semaphore inFlight = new Semaphore(200); // handshakes at once
        final List<WebSocket> open = new ArrayList<>(n);
        final long t0 = System.nanoTime();
        for (int i = 0; i < n; i++)
        {
            inFlight.acquire();
            final CompletableFuture<WebSocket> f =
                http.newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener()
                {
                    @Override
                    public CompletionStage<?> onText(final WebSocket w, final CharSequence data, final boolean last)
                    {
                        if (data.toString().contains("\"ready\""))
                        {
                            ready.countDown();
                            inFlight.release();
                        }
                        return null; // no more demand: the session stays idle
                    }
                });
            f.whenComplete((w, e) ->
            {
                if (e != null)
                {
                    failed.incrementAndGet();
                    ready.countDown();
                    inFlight.release();
                }
                else
                {
                    synchronized (open)
                    {
                        open.add(w);
                    }
                }
            });
            if (i % 1000 == 999)
            {
                System.err.printf("  %d connections requested, %d failed%n", i + 1, failed.get());
            }
        }
        ready.await(120, TimeUnit.SECONDS);
        final double seconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(2_000);
        final long heapAfter = heap(http, base);
        System.out.printf(
            "idle sessions: %d ready, %d failed in %.1f s; gateway heap used %d MB before, %d MB with them " +
                "(%.1f KB per session)%n",
            n - failed.get() - ready.getCount(), failed.get(), seconds, heapBefore >> 20, heapAfter >> 20,
            (heapAfter - heapBefore) / 1024.0 / Math.max(1, n - failed.get()));
        synchronized (open)
        {
            open.forEach(WebSocket::abort);
        }
    }

    private static long heap(final HttpClient http, final String base) throws Exception
    {
        final String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        for (final String line : metrics.split("\n"))
        {
            if (line.startsWith("ringcast_jvm_heap_used_bytes "))
            {
                return (long)Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        throw new IllegalStateException("no ringcast_jvm_heap_used_bytes in /metrics");
    }
}
