package io.ringcast.gateway;

import io.ringcast.bridge.BridgeClient;
import io.ringcast.bridge.discovery.EmbeddedDiscovery;
import io.ringcast.bridge.discovery.WorkerDiscovery;
import io.ringcast.engine.Engine;
import io.ringcast.engine.EngineConfig;
import io.ringcast.engine.core.RingEngine;
import io.ringcast.gateway.auth.HandshakeGuard;
import io.ringcast.gateway.auth.TokenGuard;
import io.ringcast.gateway.auth.TokenVerifier;
import io.ringcast.gateway.compression.TextOnlyDeflate;
import io.ringcast.gateway.connection.InboundBudget;
import io.ringcast.gateway.connection.PerAddressLimit;
import io.ringcast.gateway.connection.ProtocolHandler;
import io.ringcast.gateway.connection.StreamEndpoint;
import io.ringcast.gateway.frame.BoundedHandshake;
import io.ringcast.gateway.http.HealthHandler;
import io.ringcast.gateway.http.MetricsHandler;
import io.ringcast.gateway.http.ReadinessHandler;
import io.ringcast.gateway.http.StatsHandler;
import io.ringcast.gateway.observability.HistogramLog;
import io.ringcast.gateway.protocol.MessageDecoder;
import io.ringcast.gateway.protocol.ServerMessages;
import io.ringcast.gateway.realtime.RealtimeScheduling;
import io.ringcast.gateway.stats.GatewayStats;
import io.ringcast.gateway.tls.PemTls;
import io.ringcast.gateway.topics.TopicRelay;
import io.ringcast.gateway.topics.Topics;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import org.xnio.XnioWorker;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ringcast daemon: an Undertow server whose {@code /v1/stream} WebSocket speaks protocol v1 through
 * the engine, with {@code /livez} (alias {@code /healthz}), {@code /readyz}, {@code /metrics}, {@code /stats}
 * and the demo page at {@code /}, and a GPU bridge for synthesis. {@link #close()} drains: {@code /readyz}
 * turns 503, queued CONTROL and CRITICAL messages are delivered, every client is closed with 1001.
 */
public final class GatewayServer implements AutoCloseable
{
    private final GatewayConfig config;
    private final Engine engine;
    private final BridgeClient bridge;
    private final TopicRelay relay;
    private final HistogramLog histogramLog;
    private final Undertow undertow;
    /** Null without {@code realtime_priority}. */
    private final RealtimeScheduling realtime;
    private final GatewayStats stats = new GatewayStats();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean accepting;
    private volatile boolean draining;

    private GatewayServer(final GatewayConfig config)
    {
        this.config = config;
        final ServerMessages messages = new ServerMessages(config.engine().sampleRate(), config.engine().frameMs(),
            config.engine().prefillFrames());
        final ProtocolHandler handler = new ProtocolHandler(messages, config.maxSubscriptions(),
            config.engine().sampleRate(), config.engine().frameMs(), config.fusion(), config.readAheadMs());
        // The threads a frame or a first chunk waits for: stream groups and IO threads (pacing) and, one priority
        // below them, the bridge agent and, when the worker is embedded, its synthesis and clock threads.
        WorkerDiscovery discovery = config.discovery().get();
        final EmbeddedDiscovery embedded = discovery instanceof EmbeddedDiscovery e ? e : null;
        this.realtime = config.realtimePriority() == 0
            ? null
            : new RealtimeScheduling(config.realtimePriority(), config.engine().groups() + config.ioThreads() + 1 +
                (embedded == null ? 0 : embedded.threads()));
        if (realtime != null && embedded != null)
        {
            discovery = embedded.withThreadFactory(realtime.lowerThreadFactory());
        }
        final BridgeClient.Builder bridgeConfig =
            BridgeClient.builder().discovery(discovery).batching(config.batching());
        if (realtime != null)
        {
            bridgeConfig.agentThreadFactory(realtime.lowerThreadFactory());
        }
        this.bridge = bridgeConfig.build();
        final EngineConfig.Builder engineConfig =
            config.engine().toBuilder().handler(handler).cycleEnd(StreamEndpoint::endOfGroupCycle);
        if (realtime != null)
        {
            engineConfig.threadFactory(realtime.threadFactory());
        }
        this.engine = RingEngine.start(engineConfig.build());
        this.relay = config.topicRelay() == null ? null : new TopicRelay(config.topicRelay(), engine);
        final Topics topics = new Topics(engine, relay);
        handler.bind(engine, bridge, topics);
        this.histogramLog = config.histogramLog() == null
            ? null
            : new HistogramLog(config.histogramLog(), engine, config.histogramLogIntervalMs());
        final InboundBudget budget = new InboundBudget(config.maxInboundBufferBytes());
        final StreamEndpoint endpoint =
            new StreamEndpoint(engine, new MessageDecoder(config.maxPublishBytes()), messages, stats,
                config.maxConnections(), config.maxMessageBytes(), config.messagesPerSecond(),
                config.fusion().maxSessions(), topics,
                budget, new PerAddressLimit(config.maxConnectionsPerIp(), config.perIpLimitOnLoopback()));
        stats.bind(engine, endpoint, bridge, relay, budget);
        final TokenVerifier verifier = config.authSecret() == null ? null : new TokenVerifier(config.authSecret());
        final TokenVerifier metricsVerifier = config.protectMetrics() ? verifier : null;
        final var root = Handlers.path()
            .addExactPath("/v1/stream", new HandshakeGuard(verifier, config.allowedOrigins(),
                websocket(endpoint, config.compression(), config.maxMessageBytes(), stats.framesParsedCounter())))
            // probes stay open with --protect-metrics: an orchestrator's probe carries no token
            .addExactPath("/livez", new HealthHandler())
            .addExactPath("/healthz", new HealthHandler())
            .addExactPath("/readyz", new ReadinessHandler(
                () -> accepting ? null : draining ? "draining" : "starting", bridge::healthyKinds))
            // off the IO threads: they snapshot histograms
            .addExactPath("/metrics", new TokenGuard(metricsVerifier, new BlockingHandler(new MetricsHandler(stats))))
            .addExactPath("/stats", new TokenGuard(metricsVerifier, new BlockingHandler(new StatsHandler(stats))))
            .addPrefixPath("/",
                Handlers.resource(new ClassPathResourceManager(GatewayServer.class.getClassLoader(), "web"))
                    .setWelcomeFiles("index.html").setDirectoryListingEnabled(false));
        final Undertow.Builder builder = Undertow.builder();
        if (config.tlsCert() != null)
        {
            builder.addHttpsListener(config.port(), config.bind(),
                PemTls.serverContext(config.tlsCert(), config.tlsKey()));
        }
        else
        {
            builder.addHttpListener(config.port(), config.bind());
        }
        this.undertow = builder
            .setIoThreads(config.ioThreads())
            // A slow-loris handshake must not hold a connection forever.
            .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
            // 64 KB of headers is plenty for a token; Undertow's 1 MiB default lets half-open handshakes hold memory.
            .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 64 * 1024)
            .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
            .setHandler(root)
            .build();
    }

    /**
     * Check the configuration, start every part and listen.
     *
     * @param config the configuration.
     * @return the running server.
     * @throws IllegalArgumentException if the configuration is unsafe or invalid (the message says why).
     */
    public static GatewayServer start(final GatewayConfig config)
    {
        if (config.protectMetrics() && config.authSecret() == null)
        {
            throw new IllegalArgumentException(
                "--protect-metrics needs --auth-secret: the token it asks for is checked with that secret");
        }
        if (config.authSecret() == null && !config.insecure() && !isLoopback(config.bind()))
        {
            throw new IllegalArgumentException("refusing to listen on " + config.bind() + " without authentication: " +
                "set --auth-secret, or pass --insecure to accept unauthenticated clients from the network");
        }
        final GatewayServer server = new GatewayServer(config);
        try
        {
            server.undertow.start();
        }
        catch (final RuntimeException e)
        {
            server.engine.close();
            if (server.relay != null)
            {
                server.relay.close();
            }
            server.bridge.close();
            throw new IllegalArgumentException("cannot listen on " + config.bind() + ":" + config.port() + ": " +
                (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        if (server.realtime != null)
        {
            server.onEachIoThread(server.realtime::enter);
        }
        server.accepting = true;
        return server;
    }

    /** Runs {@code task} on each of Undertow's IO threads (their own event loops run it, soon). */
    void onEachIoThread(final Runnable task)
    {
        final XnioWorker worker = undertow.getWorker();
        for (int i = 0; i < worker.getIoThreadCount(); i++)
        {
            worker.getIoThread(i).execute(task);
        }
    }

    /** @return the port actually listened on (useful with port 0). */
    public int port()
    {
        return ((InetSocketAddress)undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** @return the real-time scheduling of the group and IO threads ({@code realtime_priority}), or null without. */
    public RealtimeScheduling realtime()
    {
        return realtime;
    }

    /** @return the configuration. */
    public GatewayConfig config()
    {
        return config;
    }

    /** @return the interval histogram log, or null. */
    public HistogramLog histogramLog()
    {
        return histogramLog;
    }

    /** @return the figures behind /metrics and /stats. */
    public GatewayStats stats()
    {
        return stats;
    }

    /**
     * First step of a drain: {@code /readyz} turns 503 ({@code draining}) so load balancers stop sending new
     * clients, while connected ones are still served. {@link #close()} does this too; call it earlier to
     * give a load balancer time to notice.
     */
    public void stopAccepting()
    {
        draining = true;
        accepting = false;
    }

    /** Drain and stop; idempotent. */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        stopAccepting();
        engine.close();
        try
        {
            Thread.sleep(100); // let the 1001 close frames reach the sockets before the listener goes
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        undertow.stop();
        if (relay != null)
        {
            relay.close();
        }
        if (histogramLog != null)
        {
            histogramLog.close();
        }
        bridge.close();
    }

    /** RFC 6455 only (no drafts), with channels that judge each frame by its header before its payload is read. */
    private static WebSocketProtocolHandshakeHandler websocket(final StreamEndpoint endpoint, final int compression,
        final int maxMessageBytes, final LongAdder framesParsed)
    {
        final var handler =
            new WebSocketProtocolHandshakeHandler(List.of(new BoundedHandshake(maxMessageBytes, framesParsed)),
                endpoint);
        return compression > 0 ? handler.addExtension(new TextOnlyDeflate(compression)) : handler;
    }

    private static boolean isLoopback(final String bind)
    {
        try
        {
            return InetAddress.getByName(bind).isLoopbackAddress();
        }
        catch (final UnknownHostException e)
        {
            return false;
        }
    }
}
