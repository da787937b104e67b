package io.ringcast.gateway.connection;

import io.ringcast.engine.Engine;
import io.ringcast.engine.Priority;
import io.ringcast.gateway.frame.BoundedChannel;
import io.ringcast.gateway.protocol.MessageDecoder;
import io.ringcast.gateway.protocol.ServerMessages;
import io.ringcast.gateway.topics.Topics;
import io.undertow.util.AttachmentKey;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;

import java.net.InetAddress;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code /v1/stream}: each upgraded connection becomes a {@link Connection} and an engine stream, and gets
 * {@code ready} first. Past the connection limit, or past the per-address limit, a connection is closed at
 * once with 1013. Its frames are read by a {@link FrameReader} bounded by {@code max_message_bytes} and the
 * gateway-wide {@link InboundBudget}.
 */
public final class StreamEndpoint implements WebSocketConnectionCallback
{
    /** Topics a verified token allows (null: any), put on the exchange by the handshake guard. */
    public static final AttachmentKey<Set<String>> ALLOWED_TOPICS = AttachmentKey.create(Set.class);
    /** When the verified token expires, epoch milliseconds (absent: never). */
    public static final AttachmentKey<Long> EXPIRES_AT = AttachmentKey.create(Long.class);

    private final Engine engine;
    private final MessageDecoder decoder;
    private final ServerMessages messages;
    private final InboundCounters counters;
    private final int maxConnections;
    private final int maxMessageBytes;
    private final int messagesPerSecond;
    private final int maxFusions;
    private final Topics topics;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refusedConnections = new AtomicLong();
    private final InboundBudget budget;
    private final PerAddressLimit perAddress;
    private final IoThreadSends.Registry ioSends = new IoThreadSends.Registry();

    /**
     * @param engine            the engine.
     * @param decoder           inbound decoder.
     * @param messages          outbound encoder.
     * @param counters          gateway-wide inbound counters.
     * @param maxConnections    global connection limit.
     * @param maxMessageBytes   per-message limit (close 1009 above).
     * @param messagesPerSecond per-connection inbound rate.
     * @param maxFusions        fusion sessions per connection.
     * @param topics            where publishes go (this node and, with a relay, the others).
     * @param budget            bytes all connections may hold in partly received messages.
     * @param perAddress        connections per client address.
     */
    public StreamEndpoint(final Engine engine, final MessageDecoder decoder, final ServerMessages messages,
        final InboundCounters counters, final int maxConnections, final int maxMessageBytes,
        final int messagesPerSecond,
        final int maxFusions, final Topics topics, final InboundBudget budget, final PerAddressLimit perAddress)
    {
        this.budget = budget;
        this.perAddress = perAddress;
        this.topics = topics;
        this.maxFusions = maxFusions;
        this.engine = engine;
        this.decoder = decoder;
        this.messages = messages;
        this.counters = counters;
        this.maxConnections = maxConnections;
        this.maxMessageBytes = maxMessageBytes;
        this.messagesPerSecond = messagesPerSecond;
    }

    @Override
    public void onConnect(final WebSocketHttpExchange exchange, final WebSocketChannel channel)
    {
        final CloseHandshake closer = new CloseHandshake(channel);
        if (open.incrementAndGet() > maxConnections)
        {
            open.decrementAndGet();
            refuse(closer, "connection limit reached");
            return;
        }
        final InetAddress address = channel.getSourceAddress() == null ? null : channel.getSourceAddress().getAddress();
        if (!perAddress.tryAcquire(address))
        {
            open.decrementAndGet();
            refuse(closer, "too many connections from this address");
            return;
        }
        final long streamId = ids.incrementAndGet();
        final Connection connection = new Connection(streamId, "s-" + Long.toHexString(streamId), channel,
            exchange.getAttachment(ALLOWED_TOPICS), new RateLimiter(messagesPerSecond, System.nanoTime()));
        closer.whenClosed(() ->
        {
            open.decrementAndGet();
            perAddress.release(address);
            engine.close(streamId, 1000, "connection closed");
        });
        if (channel instanceof BoundedChannel bounded)
        {
            bounded.onEndOfInput(closer::inputEnded); // the client's FIN: the socket goes once the close frame is out
        }
        if (!engine.open(streamId, new WebSocketSink(channel, messages, connection.gate, closer,
            ioSends.of(channel.getIoThread()), engine.config().maxInflightMessages()), connection)
            || !engine.send(streamId, Priority.CONTROL, messages.ready(connection.id, maxMessageBytes)))
        {
            refuse(closer, "gateway overloaded");
            return;
        }
        final Long expiresAt = exchange.getAttachment(EXPIRES_AT);
        if (expiresAt != null)
        {
            final long delay = Math.max(0, expiresAt - System.currentTimeMillis());
            channel.getIoThread().executeAfter(() -> engine.close(streamId, 1008, "token expired"), delay,
                TimeUnit.MILLISECONDS);
        }
        final InboundListener inbound =
            new InboundListener(connection, engine, decoder, messages, counters, maxFusions, topics);
        channel.getReceiveSetter().set(new FrameReader(channel, closer, budget, maxMessageBytes, inbound));
        channel.resumeReceives();
    }

    private void refuse(final CloseHandshake closer, final String reason)
    {
        refusedConnections.incrementAndGet();
        closer.fail(1013, reason); // the socket goes once the close frame is out, whatever the client does
    }

    /**
     * For the engine's {@code cycleEnd}: wakes the IO threads the group thread's sends of this duty cycle named, once
     * each, after the whole cycle's frames are queued.
     */
    public static void endOfGroupCycle()
    {
        IoThreadSends.wakeDeferred();
    }

    /** @return connections open now. */
    public int openConnections()
    {
        return open.get();
    }

    /** @return connections refused (limit or overload) since start. */
    public long refusedConnections()
    {
        return refusedConnections.get();
    }
}
