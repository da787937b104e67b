package io.ringcast.gateway;

import io.ringcast.bridge.discovery.WorkerDiscovery;
import io.ringcast.engine.EngineConfig;

import java.util.function.Supplier;

/**
 * Everything {@link GatewayServer} needs, immutable. The command line ({@code ringcast serve --help})
 * documents each key; so does docs/configuration.md.
 *
 * @param bind              address to listen on (key {@code bind}, default 127.0.0.1).
 * @param port              port, 0 for any free one (key {@code port}, default 8080).
 * @param ioThreads         Undertow IO threads (key {@code io_threads}, default: cores, at least 2).
 * @param authSecret        HS256 secret; null disables auth (key {@code auth_secret}).
 * @param insecure          allow a non-loopback bind without auth (key {@code insecure}, default false).
 * @param maxConnections    global connection limit, above it close 1013 (key {@code max_connections}, default 10000).
 * @param maxMessageBytes   largest inbound message, above it close 1009 (key {@code max_message_bytes}, default 65536).
 * @param maxPublishBytes   largest publish {@code data}, above it error too_large (key {@code max_publish_bytes}, default 16384).
 * @param messagesPerSecond inbound messages per connection per second (key {@code messages_per_second}, default 200).
 * @param maxSubscriptions  topics per connection (key {@code max_subscriptions}, default 64).
 * @param engine            engine settings (the gateway supplies the handler).
 * @param discovery         makes the bridge's worker discovery (from {@code --workers} / {@code --redis}).
 */
public record GatewayConfig(
    String bind,
    int port,
    int ioThreads,
    String authSecret,
    boolean insecure,
    int maxConnections,
    int maxMessageBytes,
    int maxPublishBytes,
    int messagesPerSecond,
    int maxSubscriptions,
    EngineConfig engine,
    Supplier<WorkerDiscovery> discovery)
{
    /** Default port. */
    public static final int DEFAULT_PORT = 8080;

    /**
     * @return defaults everywhere: loopback, port 8080, no auth, the embedded worker.
     */
    public static GatewayConfig defaults()
    {
        return new GatewayConfig("127.0.0.1", DEFAULT_PORT, Math.max(2, Runtime.getRuntime().availableProcessors()), null, false,
            10_000, 65_536, 16_384, 200, 64, EngineConfig.builder().build(), () -> WorkerDiscovery.fromFlags(null, null));
    }

    /** @return a copy on another port. */
    public GatewayConfig withPort(final int port)
    {
        return new GatewayConfig(bind, port, ioThreads, authSecret, insecure, maxConnections, maxMessageBytes, maxPublishBytes,
            messagesPerSecond, maxSubscriptions, engine, discovery);
    }

    /** @return a copy with other engine settings. */
    public GatewayConfig withEngine(final EngineConfig engine)
    {
        return new GatewayConfig(bind, port, ioThreads, authSecret, insecure, maxConnections, maxMessageBytes, maxPublishBytes,
            messagesPerSecond, maxSubscriptions, engine, discovery);
    }

    /** @return a copy with another worker discovery. */
    public GatewayConfig withDiscovery(final Supplier<WorkerDiscovery> discovery)
    {
        return new GatewayConfig(bind, port, ioThreads, authSecret, insecure, maxConnections, maxMessageBytes, maxPublishBytes,
            messagesPerSecond, maxSubscriptions, engine, discovery);
    }

    /** @return a copy with auth (null: off). */
    public GatewayConfig withAuthSecret(final String authSecret)
    {
        return new GatewayConfig(bind, port, ioThreads, authSecret, insecure, maxConnections, maxMessageBytes, maxPublishBytes,
            messagesPerSecond, maxSubscriptions, engine, discovery);
    }

    /** @return a copy with other per-connection limits. */
    public GatewayConfig withLimits(final int maxConnections, final int maxMessageBytes, final int messagesPerSecond, final int maxSubscriptions)
    {
        return new GatewayConfig(bind, port, ioThreads, authSecret, insecure, maxConnections, maxMessageBytes, maxPublishBytes,
            messagesPerSecond, maxSubscriptions, engine, discovery);
    }
}
