package io.ringcast.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A real WebSocket client written against docs/protocol.md only: records every text message (parsed) and every
 * binary audio frame (header decoded), in arrival order, and can stop reading to play a stalled client.
 */
public final class TestClient implements WebSocket.Listener, AutoCloseable
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SYNC = new AtomicLong();

    /** One received message: text (json != null) or an audio frame. */
    public record Received(JsonNode json, Frame frame, long arrivedNanos)
    {
        /** @return the text message's type, or "frame". */
        public String type()
        {
            return json != null ? json.path("type").asText() : "frame";
        }
    }

    /** A decoded binary frame. */
    public record Frame(int kind, int flags, int headerLength, long utterance, long seq, long sendNanos, int pcmLength,
        byte firstPcm)
    {
        /** @return true on the last frame of an utterance. */
        public boolean last()
        {
            return (flags & 1) != 0;
        }
    }

    private final List<Received> received = new ArrayList<>();
    private final StringBuilder partialText = new StringBuilder();
    private ByteBuffer partialBinary = ByteBuffer.allocate(0);
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile boolean reading = true;
    private WebSocket socket;

    /**
     * @param url ws://...
     * @return a connected client.
     */
    public static TestClient connect(final String url) throws Exception
    {
        return connect(url, null);
    }

    /**
     * @param url   ws://...
     * @param token Bearer token for the Authorization header, or null.
     * @return a connected client.
     */
    public static TestClient connect(final String url, final String token) throws Exception
    {
        final TestClient client = new TestClient();
        final WebSocket.Builder b =
            HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (token != null)
        {
            b.header("Authorization", "Bearer " + token);
        }
        client.socket = b.buildAsync(URI.create(url), client).get(10, TimeUnit.SECONDS);
        return client;
    }

    @Override
    public void onOpen(final WebSocket webSocket)
    {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(final WebSocket ws, final CharSequence data, final boolean last)
    {
        partialText.append(data);
        if (last)
        {
            final String text = partialText.toString();
            partialText.setLength(0);
            try
            {
                add(new Received(JSON.readTree(text), null, System.nanoTime()));
            }
            catch (final Exception e)
            {
                add(new Received(JSON.createObjectNode().put("type", "unparseable").put("text", text), null,
                    System.nanoTime()));
            }
        }
        next(ws);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(final WebSocket ws, final ByteBuffer data, final boolean last)
    {
        final ByteBuffer joined = ByteBuffer.allocate(partialBinary.remaining() + data.remaining());
        joined.put(partialBinary).put(data).flip();
        partialBinary = joined;
        if (last)
        {
            final ByteBuffer b = partialBinary.order(ByteOrder.BIG_ENDIAN);
            final int kind = b.get(0), flags = b.get(1), header = b.getShort(2);
            final Frame f =
                new Frame(kind, flags, header, b.getInt(4) & 0xFFFFFFFFL, b.getInt(8) & 0xFFFFFFFFL, b.getLong(12),
                    b.remaining() - header, b.remaining() > header ? b.get(header) : 0);
            partialBinary = ByteBuffer.allocate(0);
            add(new Received(null, f, System.nanoTime()));
        }
        next(ws);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(final WebSocket ws, final int statusCode, final String reason)
    {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(final WebSocket ws, final Throwable error)
    {
        closed.complete(-1);
    }

    private void next(final WebSocket ws)
    {
        if (reading)
        {
            ws.request(1);
        }
    }

    private synchronized void add(final Received r)
    {
        received.add(r);
        notifyAll();
    }

    /** Stop reading: the server's writes back up into TCP and then its queues. */
    public void stall()
    {
        reading = false;
    }

    /** Read again after {@link #stall()} (the JDK client delivers even onClose only on demand). */
    public void resume()
    {
        reading = true;
        socket.request(1);
    }

    /** @param json a text message to send. */
    public void send(final String json) throws Exception
    {
        socket.sendText(json, true).get(5, TimeUnit.SECONDS);
    }

    /**
     * Wait until the server has handled everything this client sent on the CONTROL ring so far
     * (subscribe, unsubscribe, pause, ...): a ping rides the same ring, in order, so its pong proves it.
     */
    public void sync() throws Exception
    {
        final long t = SYNC.incrementAndGet() + 1_000_000_000L;
        send("{\"type\":\"ping\",\"t\":" + t + "}");
        if (await(r -> "pong".equals(r.type()) && r.json().path("t").asLong() == t, 5_000) == null)
        {
            throw new AssertionError("no pong for sync ping " + t + " within 5 s");
        }
    }

    /** @param bytes a binary message to send (clients must not: close 1003). */
    public void sendBinary(final byte[] bytes) throws Exception
    {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(5, TimeUnit.SECONDS);
    }

    /** @return everything received so far. */
    public synchronized List<Received> received()
    {
        return new ArrayList<>(received);
    }

    /** @return text messages of that type received so far. */
    public List<JsonNode> ofType(final String type)
    {
        return received().stream().filter(r -> type.equals(r.type())).map(Received::json).toList();
    }

    /**
     * Forgets everything received so far, so that a long-running session's {@link #await} scans only what came
     * since (a bystander that speaks for minutes).
     */
    public synchronized void forget()
    {
        received.clear();
    }

    /** @return audio frames received so far. */
    public List<Frame> frames()
    {
        return received().stream().filter(r -> r.frame() != null).map(Received::frame).toList();
    }

    /**
     * @return the first message matching, waiting up to the timeout (null if none came).
     */
    public synchronized Received await(final Predicate<Received> match, final long millis) throws InterruptedException
    {
        final long end = System.currentTimeMillis() + millis;
        while (true)
        {
            for (final Received r : received)
            {
                if (match.test(r))
                {
                    return r;
                }
            }
            final long left = end - System.currentTimeMillis();
            if (left <= 0)
            {
                return null;
            }
            wait(left);
        }
    }

    /** @return the first text message of that type, waiting up to 5 s. */
    public JsonNode await(final String type) throws InterruptedException
    {
        final Received r = await(m -> type.equals(m.type()), 5_000);
        if (r == null)
        {
            throw new AssertionError(
                "no '" + type + "' within 5 s; got " + received().stream().map(Received::type).toList());
        }
        return r.json();
    }

    /** @return the close code received, waiting up to the timeout (null if still open). */
    public Integer awaitClose(final long millis) throws Exception
    {
        try
        {
            return closed.get(millis, TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException e)
        {
            return null;
        }
    }

    @Override
    public void close()
    {
        socket.abort();
    }
}
