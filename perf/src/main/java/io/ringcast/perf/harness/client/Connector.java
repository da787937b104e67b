package io.ringcast.perf.harness.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Opens protocol sessions on one shared JDK {@link HttpClient} whose small executor serves every socket, so
 * hundreds of sessions cost a selector thread and a few workers, not a thread each.
 */
public final class Connector implements AutoCloseable
{
    private static final int CONNECT_BATCH = 32;

    private final URI uri;
    private final ExecutorService executor;
    private final HttpClient http;

    /**
     * @param url     ws://HOST:PORT/v1/stream
     * @param threads executor threads for the sockets' callbacks.
     */
    public Connector(final String url, final int threads)
    {
        this.uri = URI.create(url);
        this.executor = Executors.newFixedThreadPool(threads, r ->
        {
            final Thread t = new Thread(r, "bench-ws");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Open one session and wait for its {@code ready}.
     *
     * @param handler its inbound traffic.
     * @return the open session, or null when the handshake or {@code ready} failed within 10 s.
     */
    public BenchClient connect(final ClientHandler handler)
    {
        final List<BenchClient> one = connectAll(1, i -> handler);
        return one.isEmpty() ? null : one.get(0);
    }

    /**
     * Open sessions in batches, each waiting for {@code ready}.
     *
     * @param count    how many.
     * @param handlers the handler of session i.
     * @return the sessions that opened (fewer than count when some were refused).
     */
    public List<BenchClient> connectAll(final int count, final IntFunction<ClientHandler> handlers)
    {
        final List<BenchClient> open = new ArrayList<>(count);
        for (int start = 0; start < count; start += CONNECT_BATCH)
        {
            final List<BenchClient> batch = new ArrayList<>();
            final List<CompletableFuture<?>> pending = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + CONNECT_BATCH); i++)
            {
                final BenchClient client = new BenchClient(handlers.apply(i));
                batch.add(client);
                pending.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, client)
                    .thenCompose(ws -> client.ready()));
            }
            for (int i = 0; i < batch.size(); i++)
            {
                try
                {
                    if (pending.get(i).get(10, TimeUnit.SECONDS) != null)
                    {
                        open.add(batch.get(i));
                    }
                }
                catch (final Exception e)
                {
                    batch.get(i).close();
                }
            }
        }
        return open;
    }

    /** Stop the executor (sockets should be closed first). */
    @Override
    public void close()
    {
        executor.shutdownNow();
    }
}
