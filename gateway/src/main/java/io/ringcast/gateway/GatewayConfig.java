package io.ringcast.gateway;

import io.ringcast.bridge.batching.BatchingConfig;
import io.ringcast.bridge.discovery.WorkerDiscovery;
import io.ringcast.engine.EngineConfig;
import io.ringcast.gateway.fusion.FusionLimits;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything {@link GatewayServer} needs, immutable; build with {@link #builder()}. Each setting's key
 * and default are on its builder method, in {@code ringcast serve --help} and in docs/configuration.md.
 */
public final class GatewayConfig
{
    /** Default port. */
    public static final int DEFAULT_PORT = 8080;

    private final Builder b;

    private GatewayConfig(final Builder b)
    {
        this.b = b.copy();
    }

    /** @return defaults everywhere: loopback, port 8080, no auth, the embedded worker. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** @return a configuration with every default. */
    public static GatewayConfig defaults()
    {
        return builder().build();
    }

    /** @return a copy on another port. */
    public GatewayConfig withPort(final int port)
    {
        return toBuilder().listen(bind(), port).build();
    }

    /** @return a copy with other engine settings. */
    public GatewayConfig withEngine(final EngineConfig engine)
    {
        return toBuilder().engine(engine).build();
    }

    /** @return a copy with another worker discovery. */
    public GatewayConfig withDiscovery(final Supplier<WorkerDiscovery> discovery)
    {
        return toBuilder().discovery(discovery).build();
    }

    /** @return a copy with other per-connection limits (publish size unchanged). */
    public GatewayConfig withLimits(final int maxConnections, final int maxMessageBytes, final int messagesPerSecond, final int maxSubscriptions)
    {
        return toBuilder().limits(maxConnections, maxMessageBytes, maxPublishBytes(), messagesPerSecond, maxSubscriptions).build();
    }

    /** @return a builder holding these settings. */
    public Builder toBuilder()
    {
        return b.copy();
    }

    /** @return address to listen on. */
    public String bind()
    {
        return b.bind;
    }

    /** @return port (0: any free one). */
    public int port()
    {
        return b.port;
    }

    /** @return Undertow IO threads. */
    public int ioThreads()
    {
        return b.ioThreads;
    }

    /** @return HS256 secret, or null when auth is off. */
    public String authSecret()
    {
        return b.authSecret;
    }

    /** @return true if a non-loopback bind without auth is allowed. */
    public boolean insecure()
    {
        return b.insecure;
    }

    /** @return global connection limit. */
    public int maxConnections()
    {
        return b.maxConnections;
    }

    /** @return largest inbound message in bytes. */
    public int maxMessageBytes()
    {
        return b.maxMessageBytes;
    }

    /** @return largest publish data in bytes. */
    public int maxPublishBytes()
    {
        return b.maxPublishBytes;
    }

    /** @return inbound messages per connection per second. */
    public int messagesPerSecond()
    {
        return b.messagesPerSecond;
    }

    /** @return topics per connection. */
    public int maxSubscriptions()
    {
        return b.maxSubscriptions;
    }

    /** @return engine settings (the gateway supplies the handler). */
    public EngineConfig engine()
    {
        return b.engine;
    }

    /** @return bridge batching per provider. */
    public BatchingConfig batching()
    {
        return b.batching;
    }

    /** @return PEM certificate chain for TLS, or null for plain HTTP. */
    public Path tlsCert()
    {
        return b.tlsCert;
    }

    /** @return PEM PKCS#8 private key for TLS, or null. */
    public Path tlsKey()
    {
        return b.tlsKey;
    }

    /** @return Origins browsers may connect from, or null for any. */
    public Set<String> allowedOrigins()
    {
        return b.allowedOrigins;
    }

    /** @return Redis URI that relays topics between gateways, or null for a single node. */
    public String topicRelay()
    {
        return b.topicRelay;
    }

    /** @return deflate level for text messages (1..9), or 0 when compression is off. */
    public int compression()
    {
        return b.compression;
    }

    /** @return audio a worker may send ahead of playout per utterance, ms; 0 for no limit. */
    public int readAheadMs()
    {
        return b.readAheadMs;
    }

    /** @return folder for interval histogram logs, or null. */
    public Path histogramLog()
    {
        return b.histogramLog;
    }

    /** @return how often histogram logs are written, in milliseconds. */
    public long histogramLogIntervalMs()
    {
        return b.histogramLogIntervalMs;
    }

    /** @return bytes all connections together may hold in partly received messages. */
    public long maxInboundBufferBytes()
    {
        return b.maxInboundBufferBytes;
    }

    /** @return connections one client address may hold (0: no limit). */
    public int maxConnectionsPerIp()
    {
        return b.maxConnectionsPerIp;
    }

    /** @return whether the per-address limit applies to loopback clients too. */
    public boolean perIpLimitOnLoopback()
    {
        return b.perIpLimitOnLoopback;
    }

    /** @return whether /metrics and /stats need a token (with an auth secret). */
    public boolean protectMetrics()
    {
        return b.protectMetrics;
    }

    /** @return bounds of multi-modal fusion per connection. */
    public FusionLimits fusion()
    {
        return b.fusion;
    }

    /** @return makes the bridge's worker discovery. */
    public Supplier<WorkerDiscovery> discovery()
    {
        return b.discovery;
    }

    /** Builder of {@link GatewayConfig}. */
    public static final class Builder
    {
        private String bind = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private String authSecret;
        private boolean insecure;
        private int maxConnections = 10_000;
        private int maxMessageBytes = 65_536;
        private int maxPublishBytes = 16_384;
        private int messagesPerSecond = 200;
        private int maxSubscriptions = 64;
        private EngineConfig engine = EngineConfig.builder().build();
        private BatchingConfig batching = BatchingConfig.DEFAULTS;
        private Supplier<WorkerDiscovery> discovery = () -> WorkerDiscovery.fromFlags(null, null);
        private Path tlsCert;
        private Path tlsKey;
        private Set<String> allowedOrigins;
        private FusionLimits fusion = FusionLimits.DEFAULTS;
        private String topicRelay;
        private int compression;
        private int readAheadMs = 1_000;
        private Path histogramLog;
        private long histogramLogIntervalMs = 1_000;
        private long maxInboundBufferBytes = 64L * 1024 * 1024;
        private int maxConnectionsPerIp = 256;
        private boolean perIpLimitOnLoopback;
        private boolean protectMetrics;

        private Builder()
        {
        }

        private Builder copy()
        {
            final Builder c = new Builder();
            c.bind = bind;
            c.port = port;
            c.ioThreads = ioThreads;
            c.authSecret = authSecret;
            c.insecure = insecure;
            c.maxConnections = maxConnections;
            c.maxMessageBytes = maxMessageBytes;
            c.maxPublishBytes = maxPublishBytes;
            c.messagesPerSecond = messagesPerSecond;
            c.maxSubscriptions = maxSubscriptions;
            c.engine = engine;
            c.batching = batching;
            c.discovery = discovery;
            c.tlsCert = tlsCert;
            c.tlsKey = tlsKey;
            c.allowedOrigins = allowedOrigins;
            c.fusion = fusion;
            c.topicRelay = topicRelay;
            c.compression = compression;
            c.readAheadMs = readAheadMs;
            c.histogramLog = histogramLog;
            c.histogramLogIntervalMs = histogramLogIntervalMs;
            c.maxInboundBufferBytes = maxInboundBufferBytes;
            c.maxConnectionsPerIp = maxConnectionsPerIp;
            c.perIpLimitOnLoopback = perIpLimitOnLoopback;
            c.protectMetrics = protectMetrics;
            return c;
        }

        /** Keys {@code bind} (default 127.0.0.1) and {@code port} (default 8080; 0 = any free port). @return this. */
        public Builder listen(final String bind, final int port)
        {
            if (port < 0 || port > 65_535)
            {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.bind = Objects.requireNonNull(bind, "bind");
            this.port = port;
            return this;
        }

        /** Key {@code io_threads}: Undertow IO threads (default: cores, at least 2). @return this. */
        public Builder ioThreads(final int ioThreads)
        {
            this.ioThreads = atLeast("io_threads", ioThreads, 1);
            return this;
        }

        /**
         * Keys {@code auth_secret} (HS256 secret; null = no auth) and {@code insecure} (allow a
         * non-loopback bind without auth; default false).
         *
         * @return this.
         */
        public Builder auth(final String secret, final boolean insecure)
        {
            this.authSecret = secret;
            this.insecure = insecure;
            return this;
        }

        /**
         * Keys {@code max_connections} (10000, close 1013 above), {@code max_message_bytes} (65536, close
         * 1009 above), {@code max_publish_bytes} (16384, error too_large), {@code messages_per_second}
         * (200 per connection, error rate_limited), {@code max_subscriptions} (64 per connection).
         *
         * @return this.
         */
        public Builder limits(final int maxConnections, final int maxMessageBytes, final int maxPublishBytes,
            final int messagesPerSecond, final int maxSubscriptions)
        {
            this.maxConnections = atLeast("max_connections", maxConnections, 1);
            this.maxMessageBytes = atLeast("max_message_bytes", maxMessageBytes, 256);
            this.maxPublishBytes = atLeast("max_publish_bytes", maxPublishBytes, 1);
            this.messagesPerSecond = atLeast("messages_per_second", messagesPerSecond, 1);
            this.maxSubscriptions = atLeast("max_subscriptions", maxSubscriptions, 0);
            return this;
        }

        /**
         * Key {@code max_inbound_buffer_bytes} (default 64 MiB): bytes all connections together may hold in
         * partly received messages (each holds at most {@code max_message_bytes}); a connection that would
         * pass it is closed with 1013.
         *
         * @return this.
         */
        public Builder maxInboundBufferBytes(final long bytes)
        {
            if (bytes < maxMessageBytes)
            {
                throw new IllegalArgumentException("max_inbound_buffer_bytes must be at least max_message_bytes (" +
                    maxMessageBytes + "), was " + bytes);
            }
            this.maxInboundBufferBytes = bytes;
            return this;
        }

        /**
         * Keys {@code max_connections_per_ip} (default 256, 0 = off; close 1013 above it) and
         * {@code per_ip_limit_on_loopback} (default false: clients on 127.0.0.1 or ::1, such as a local proxy
         * or load generator, are not limited), so one address cannot take every slot of {@code max_connections}.
         *
         * @return this.
         */
        public Builder connectionsPerIp(final int max, final boolean onLoopback)
        {
            this.maxConnectionsPerIp = atLeast("max_connections_per_ip", max, 0);
            this.perIpLimitOnLoopback = onLoopback;
            return this;
        }

        /**
         * Key {@code protect_metrics} (default false): with an auth secret, {@code /metrics} and {@code /stats}
         * need a valid token too (header {@code Authorization: Bearer} or {@code ?token=}); the demo page and
         * {@code /healthz} stay open.
         *
         * @return this.
         */
        public Builder protectMetrics(final boolean protect)
        {
            this.protectMetrics = protect;
            return this;
        }

        /** Engine settings (keys in {@link EngineConfig.Builder}). @return this. */
        public Builder engine(final EngineConfig engine)
        {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /** Bridge batching per provider (keys in {@link BatchingConfig}). @return this. */
        public Builder batching(final BatchingConfig batching)
        {
            this.batching = Objects.requireNonNull(batching, "batching");
            return this;
        }

        /** Worker discovery, made at start (keys {@code workers}, {@code redis}; default embedded). @return this. */
        public Builder discovery(final Supplier<WorkerDiscovery> discovery)
        {
            this.discovery = Objects.requireNonNull(discovery, "discovery");
            return this;
        }

        /**
         * Keys {@code tls_cert} and {@code tls_key}: PEM certificate chain and unencrypted PKCS#8 key; with
         * both, the gateway serves only https:// and wss://. Default: none (plain HTTP).
         *
         * @return this.
         */
        public Builder tls(final Path cert, final Path key)
        {
            if ((cert == null) != (key == null))
            {
                throw new IllegalArgumentException("tls_cert and tls_key go together: give both or neither");
            }
            this.tlsCert = cert;
            this.tlsKey = key;
            return this;
        }

        /**
         * Key {@code allowed_origins}: when set, a WebSocket handshake whose {@code Origin} header is not in
         * the list gets 403 (clients that send no Origin, i.e. not browsers, are unaffected). Default: any.
         *
         * @return this.
         */
        public Builder allowedOrigins(final Set<String> origins)
        {
            this.allowedOrigins = origins == null || origins.isEmpty() ? null : Set.copyOf(origins);
            return this;
        }

        /** Keys {@code fusion_max_sessions}, {@code fusion_max_items}, {@code fusion_max_pending} ({@link FusionLimits}). @return this. */
        public Builder fusion(final FusionLimits limits)
        {
            this.fusion = Objects.requireNonNull(limits, "fusion");
            return this;
        }

        /**
         * Key {@code topic_relay}: relay topic messages between gateways through this Redis
         * ({@code redis://HOST:PORT}). Default: {@code redis} when given, else none (one node).
         *
         * @return this.
         */
        public Builder topicRelay(final String redisUri)
        {
            this.topicRelay = redisUri;
            return this;
        }

        /**
         * Key {@code compression}: permessage-deflate level (1..9) for text messages of clients that offer
         * it; binary audio is never compressed. Default 0: off.
         *
         * @return this.
         */
        public Builder compression(final int level)
        {
            if (level < 0 || level > 9)
            {
                throw new IllegalArgumentException("compression must be 0 (off) to 9, was " + level);
            }
            this.compression = level;
            return this;
        }

        /**
         * Key {@code read_ahead_ms}: audio a worker may send ahead of playout per utterance (default 1000). The
         * gateway returns credit a quarter of it at a time as frames are played, so at least three quarters stay
         * buffered (a chunk boundary never starves pacing) and no more than this plus one chunk is held per
         * utterance. 0: no limit (the worker sends as fast as it synthesizes).
         *
         * @return this.
         */
        public Builder readAheadMs(final int ms)
        {
            if (ms < 0 || ms > 600_000)
            {
                throw new IllegalArgumentException("read_ahead_ms must be 0 (no limit) to 600000, was " + ms);
            }
            this.readAheadMs = ms;
            return this;
        }

        /**
         * Keys {@code histogram_log} (a folder; default none) and {@code histogram_log_interval_ms} (default
         * 1000): write the engine's latencies of each interval there as an HdrHistogram interval log,
         * rendered by {@code ./ringcast report DIR}.
         *
         * @return this.
         */
        public Builder histogramLog(final Path dir, final long intervalMs)
        {
            if (intervalMs < 10)
            {
                throw new IllegalArgumentException("histogram_log_interval_ms must be at least 10, was " + intervalMs);
            }
            this.histogramLog = dir;
            this.histogramLogIntervalMs = intervalMs;
            return this;
        }

        /** @return the configuration. */
        public GatewayConfig build()
        {
            return new GatewayConfig(this);
        }

        private static int atLeast(final String key, final int value, final int min)
        {
            if (value < min)
            {
                throw new IllegalArgumentException(key + " must be at least " + min + ", was " + value);
            }
            return value;
        }
    }
}
