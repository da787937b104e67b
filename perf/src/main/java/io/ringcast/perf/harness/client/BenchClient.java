package io.ringcast.perf.harness.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One protocol v1 session on the JDK's {@link WebSocket}: consumes {@code ready}, decodes text and audio
 * frames for a {@link ClientHandler}, and queues outbound text so callers never wait on a send (the JDK
 * allows one outstanding send per socket). Reading can be stopped to play a stalled consumer.
 */
public final class BenchClient implements WebSocket.Listener, AutoCloseable
{
    /** Outbound messages queued beyond this are refused ({@link #send} returns false). */
    public static final int MAX_QUEUED = 65_536;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConcurrentLinkedQueue<String> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private volatile int frameMs;
    private volatile int prefillFrames = -1;
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partialText = new StringBuilder();
    private ByteBuffer partialBinary;
    private volatile ClientHandler handler;
    private volatile boolean reading = true;
    private volatile WebSocket socket;
    private final AtomicInteger sendFailures = new AtomicInteger();
    private volatile String closeReason = "";

    BenchClient(final ClientHandler handler)
    {
        this.handler = handler;
    }

    /** @param handler where inbound traffic goes from now on. */
    public void handler(final ClientHandler handler)
    {
        this.handler = handler;
    }

    /**
     * @param h a handler.
     * @return true when that handler receives this session's traffic.
     */
    public boolean isHandler(final ClientHandler h)
    {
        return handler == h;
    }

    /** @return {@code frame_ms} from {@code ready}, or {@code fallback} before it or when absent. */
    public int frameMs(final int fallback)
    {
        return frameMs > 0 ? frameMs : fallback;
    }

    /** @return {@code prefill_frames} from {@code ready} (an added field), or {@code fallback} when absent. */
    public int prefillFrames(final int fallback)
    {
        return prefillFrames >= 0 ? prefillFrames : fallback;
    }

    /** @return completes with the session id once {@code ready} arrived. */
    public CompletableFuture<String> ready()
    {
        return ready;
    }

    /** @return completes with the close code (-1 on a transport error). */
    public CompletableFuture<Integer> closed()
    {
        return closed;
    }

    /**
     * Queue one text message.
     *
     * @param json the message.
     * @return false when the socket is closed or {@link #MAX_QUEUED} messages are already waiting.
     */
    public boolean send(final String json)
    {
        if (socket == null || closed.isDone() || queued.get() >= MAX_QUEUED)
        {
            return false;
        }
        queued.incrementAndGet();
        outbound.add(json);
        drain();
        return true;
    }

    /** @return the reason of the server's close frame, empty if none came. */
    public String closeReason()
    {
        return closeReason;
    }

    /** @return messages waiting to be written. */
    public int queued()
    {
        return queued.get();
    }

    /** @return sends the JDK failed. */
    public int sendFailures()
    {
        return sendFailures.get();
    }

    /** Stop reading: the server's writes back up into TCP and then into its queues. */
    public void stall()
    {
        reading = false;
    }

    /** Read again after {@link #stall()}. */
    public void resumeReading()
    {
        if (!reading)
        {
            reading = true;
            final WebSocket ws = socket;
            if (ws != null)
            {
                ws.request(1);
            }
        }
    }

    private void drain()
    {
        // One send in flight at a time; a send that completed at once is followed in this loop, not by recursion.
        while (sending.compareAndSet(false, true))
        {
            final String next = outbound.poll();
            if (next == null)
            {
                sending.set(false);
                if (outbound.isEmpty())
                {
                    return;
                }
                continue;
            }
            queued.decrementAndGet();
            final CompletableFuture<WebSocket> f;
            try
            {
                f = socket.sendText(next, true);
            }
            catch (final RuntimeException e)
            {
                sendFailures.incrementAndGet();
                sending.set(false);
                continue;
            }
            if (f.isDone())
            {
                if (f.isCompletedExceptionally())
                {
                    sendFailures.incrementAndGet();
                }
                sending.set(false);
                continue;
            }
            f.whenComplete((w, e) ->
            {
                if (e != null)
                {
                    sendFailures.incrementAndGet();
                }
                sending.set(false);
                drain();
            });
            return;
        }
    }

    @Override
    public void onOpen(final WebSocket webSocket)
    {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(final WebSocket ws, final CharSequence data, final boolean last)
    {
        final long now = System.nanoTime();
        partialText.append(data);
        if (last)
        {
            final String text = partialText.toString();
            partialText.setLength(0);
            dispatch(text, now);
        }
        next(ws);
        return null;
    }

    private void dispatch(final String text, final long now)
    {
        final JsonNode message;
        try
        {
            message = JSON.readTree(text);
        }
        catch (final Exception e)
        {
            handler.onMessage(JSON.createObjectNode().put("type", "unparseable").put("text", text), now);
            return;
        }
        if (!ready.isDone() && "ready".equals(message.path("type").asText()))
        {
            frameMs = message.path("frame_ms").asInt(0);
            prefillFrames = message.path("prefill_frames").asInt(-1);
            ready.complete(message.path("session").asText());
            return;
        }
        handler.onMessage(message, now);
    }

    @Override
    public CompletionStage<?> onBinary(final WebSocket ws, final ByteBuffer data, final boolean last)
    {
        final long now = System.nanoTime();
        if (last && partialBinary == null)
        {
            emitFrame(data, now);
        }
        else
        {
            final ByteBuffer prior = partialBinary == null ? ByteBuffer.allocate(0) : partialBinary;
            final ByteBuffer joined = ByteBuffer.allocate(prior.remaining() + data.remaining());
            joined.put(prior).put(data).flip();
            partialBinary = joined;
            if (last)
            {
                partialBinary = null;
                emitFrame(joined, now);
            }
        }
        next(ws);
        return null;
    }

    private void emitFrame(final ByteBuffer frame, final long now)
    {
        if (frame.remaining() >= AudioHeader.V1_LENGTH)
        {
            handler.onAudio(frame.get(frame.position()) & 0xFF, AudioHeader.last(frame), AudioHeader.utterance(frame),
                AudioHeader.seq(frame), AudioHeader.serverNanos(frame), AudioHeader.pcmBytes(frame), now);
        }
    }

    @Override
    public CompletionStage<?> onClose(final WebSocket ws, final int statusCode, final String reason)
    {
        closeReason = reason;
        finish(statusCode);
        return null;
    }

    @Override
    public void onError(final WebSocket ws, final Throwable error)
    {
        finish(-1);
    }

    private void finish(final int code)
    {
        if (closed.complete(code))
        {
            ready.complete(null);
            handler.onClose(code);
        }
    }

    private void next(final WebSocket ws)
    {
        if (reading)
        {
            ws.request(1);
        }
    }

    /** Close normally (1000) and drop the connection after a short grace. */
    @Override
    public void close()
    {
        final WebSocket ws = socket;
        if (ws == null)
        {
            return;
        }
        if (!closed.isDone() && reading)
        {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done");
        }
        ws.abort();
        finish(WebSocket.NORMAL_CLOSURE);
    }
}
