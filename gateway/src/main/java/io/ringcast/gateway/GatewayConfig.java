package io.ringcast.gateway;

import io.ringcast.bridge.batching.BatchingConfig;
import io.ringcast.bridge.discovery.WorkerDiscovery;
import io.ringcast.engine.EngineConfig;
import io.ringcast.gateway.config.GatewayConfiguration;
import io.ringcast.gateway.fusion.FusionLimits;
import io.ringcast.settings.Setting;
import io.ringcast.settings.SettingValues;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything {@link GatewayServer} needs, immutable; build with {@link #builder()}. Each setting's key, default,
 * bounds and doc are declared once, in {@link GatewayConfiguration}; {@code ringcast serve --help} and
 * docs/configuration.md are made from there.
 */
public final class GatewayConfig
{
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
    public GatewayConfig withLimits(final int maxConnections, final int maxMessageBytes, final int messagesPerSecond,
        final int maxSubscriptions)
    {
        return toBuilder()
            .limits(maxConnections, maxMessageBytes, maxPublishBytes(), messagesPerSecond, maxSubscriptions).build();
    }

    /** @return a builder holding these settings. */
    public Builder toBuilder()
    {
        return b.copy();
    }

    /** @return address to listen on. */
    public String bind()
    {
        return b.values.get(GatewayConfiguration.BIND);
    }

    /** @return port (0: any free one). */
    public int port()
    {
        return b.values.get(GatewayConfiguration.PORT);
    }

    /** @return Undertow IO threads. */
    public int ioThreads()
    {
        return b.values.get(GatewayConfiguration.IO_THREADS);
    }

    /** @return the real-time priority of the group and IO threads, or 0 for none. */
    public int realtimePriority()
    {
        return b.values.get(GatewayConfiguration.REALTIME_PRIORITY);
    }

    /** @return HS256 secret, or null when auth is off. */
    public String authSecret()
    {
        return b.values.get(GatewayConfiguration.AUTH_SECRET);
    }

    /** @return true if a non-loopback bind without auth is allowed. */
    public boolean insecure()
    {
        return b.values.get(GatewayConfiguration.INSECURE);
    }

    /** @return global connection limit. */
    public int maxConnections()
    {
        return b.values.get(GatewayConfiguration.MAX_CONNECTIONS);
    }

    /** @return largest inbound message in bytes. */
    public int maxMessageBytes()
    {
        return b.values.get(GatewayConfiguration.MAX_MESSAGE_BYTES);
    }

    /** @return largest publish data in bytes. */
    public int maxPublishBytes()
    {
        return b.values.get(GatewayConfiguration.MAX_PUBLISH_BYTES);
    }

    /** @return inbound messages per connection per second. */
    public int messagesPerSecond()
    {
        return b.values.get(GatewayConfiguration.MESSAGES_PER_SECOND);
    }

    /** @return topics per connection. */
    public int maxSubscriptions()
    {
        return b.values.get(GatewayConfiguration.MAX_SUBSCRIPTIONS);
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
        return b.values.get(GatewayConfiguration.TLS_CERT);
    }

    /** @return PEM PKCS#8 private key for TLS, or null. */
    public Path tlsKey()
    {
        return b.values.get(GatewayConfiguration.TLS_KEY);
    }

    /** @return Origins browsers may connect from, or null for any. */
    public Set<String> allowedOrigins()
    {
        return b.allowedOrigins;
    }

    /** @return Redis URI that relays topics between gateways, or null for a single node. */
    public String topicRelay()
    {
        return b.values.get(GatewayConfiguration.TOPIC_RELAY);
    }

    /** @return deflate level for text messages (1..9), or 0 when compression is off. */
    public int compression()
    {
        return b.values.get(GatewayConfiguration.COMPRESSION);
    }

    /** @return audio a worker may send ahead of playout per utterance, ms; 0 for no limit. */
    public int readAheadMs()
    {
        return b.values.get(GatewayConfiguration.READ_AHEAD_MS);
    }

    /** @return folder for interval histogram logs, or null. */
    public Path histogramLog()
    {
        return b.values.get(GatewayConfiguration.HISTOGRAM_LOG);
    }

    /** @return how often histogram logs are written, in milliseconds. */
    public long histogramLogIntervalMs()
    {
        return b.values.get(GatewayConfiguration.HISTOGRAM_LOG_INTERVAL_MS);
    }

    /** @return bytes all connections together may hold in partly received messages. */
    public long maxInboundBufferBytes()
    {
        return b.values.get(GatewayConfiguration.MAX_INBOUND_BUFFER_BYTES);
    }

    /** @return connections one client address may hold (0: no limit). */
    public int maxConnectionsPerIp()
    {
        return b.values.get(GatewayConfiguration.MAX_CONNECTIONS_PER_IP);
    }

    /** @return whether the per-address limit applies to loopback clients too. */
    public boolean perIpLimitOnLoopback()
    {
        return b.values.get(GatewayConfiguration.PER_IP_LIMIT_ON_LOOPBACK);
    }

    /** @return whether /metrics and /stats need a token (with an auth secret). */
    public boolean protectMetrics()
    {
        return b.values.get(GatewayConfiguration.PROTECT_METRICS);
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
        private SettingValues values = SettingValues.defaults(GatewayConfiguration.ALL);
        private EngineConfig engine = EngineConfig.builder().build();
        private BatchingConfig batching = BatchingConfig.DEFAULTS;
        private Supplier<WorkerDiscovery> discovery = () -> WorkerDiscovery.fromFlags(null, null);
        private Set<String> allowedOrigins;
        private FusionLimits fusion = FusionLimits.DEFAULTS;

        private Builder()
        {
        }

        private Builder copy()
        {
            final Builder c = new Builder();
            c.values = values.copy();
            c.engine = engine;
            c.batching = batching;
            c.discovery = discovery;
            c.allowedOrigins = allowedOrigins;
            c.fusion = fusion;
            return c;
        }

        private <T> Builder set(final Setting<T> setting, final T value)
        {
            values.set(setting, value);
            return this;
        }

        /**
         * Sets {@link GatewayConfiguration#BIND} and {@link GatewayConfiguration#PORT}.
         *
         * @return this.
         */
        public Builder listen(final String bind, final int port)
        {
            return set(GatewayConfiguration.PORT, port)
                .set(GatewayConfiguration.BIND, Objects.requireNonNull(bind, "bind"));
        }

        /**
         * Sets {@link GatewayConfiguration#IO_THREADS}.
         *
         * @return this.
         */
        public Builder ioThreads(final int ioThreads)
        {
            return set(GatewayConfiguration.IO_THREADS, ioThreads);
        }

        /**
         * Sets {@link GatewayConfiguration#REALTIME_PRIORITY}.
         *
         * @return this.
         */
        public Builder realtimePriority(final int priority)
        {
            return set(GatewayConfiguration.REALTIME_PRIORITY, priority);
        }

        /**
         * Sets {@link GatewayConfiguration#AUTH_SECRET} and {@link GatewayConfiguration#INSECURE}.
         *
         * @return this.
         */
        public Builder auth(final String secret, final boolean insecure)
        {
            return set(GatewayConfiguration.AUTH_SECRET, secret).set(GatewayConfiguration.INSECURE, insecure);
        }

        /**
         * Sets {@link GatewayConfiguration#MAX_CONNECTIONS}, {@link GatewayConfiguration#MAX_MESSAGE_BYTES}, {@link
         * GatewayConfiguration#MAX_PUBLISH_BYTES}, {@link GatewayConfiguration#MESSAGES_PER_SECOND} and {@link
         * GatewayConfiguration#MAX_SUBSCRIPTIONS}.
         *
         * @return this.
         */
        public Builder limits(final int maxConnections, final int maxMessageBytes, final int maxPublishBytes,
            final int messagesPerSecond, final int maxSubscriptions)
        {
            return set(GatewayConfiguration.MAX_CONNECTIONS, maxConnections)
                .set(GatewayConfiguration.MAX_MESSAGE_BYTES, maxMessageBytes)
                .set(GatewayConfiguration.MAX_PUBLISH_BYTES, maxPublishBytes)
                .set(GatewayConfiguration.MESSAGES_PER_SECOND, messagesPerSecond)
                .set(GatewayConfiguration.MAX_SUBSCRIPTIONS, maxSubscriptions);
        }

        /**
         * Sets {@link GatewayConfiguration#MAX_INBOUND_BUFFER_BYTES} (at least {@code max_message_bytes}).
         *
         * @return this.
         */
        public Builder maxInboundBufferBytes(final long bytes)
        {
            final int maxMessageBytes = values.get(GatewayConfiguration.MAX_MESSAGE_BYTES);
            if (bytes < maxMessageBytes)
            {
                throw new IllegalArgumentException("max_inbound_buffer_bytes must be at least max_message_bytes (" +
                    maxMessageBytes + "), was " + bytes);
            }
            return set(GatewayConfiguration.MAX_INBOUND_BUFFER_BYTES, bytes);
        }

        /**
         * Sets {@link GatewayConfiguration#MAX_CONNECTIONS_PER_IP} and {@link
         * GatewayConfiguration#PER_IP_LIMIT_ON_LOOPBACK}.
         *
         * @return this.
         */
        public Builder connectionsPerIp(final int max, final boolean onLoopback)
        {
            return set(GatewayConfiguration.MAX_CONNECTIONS_PER_IP, max)
                .set(GatewayConfiguration.PER_IP_LIMIT_ON_LOOPBACK, onLoopback);
        }

        /**
         * Sets {@link GatewayConfiguration#PROTECT_METRICS}.
         *
         * @return this.
         */
        public Builder protectMetrics(final boolean protect)
        {
            return set(GatewayConfiguration.PROTECT_METRICS, protect);
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

        /**
         * Worker discovery, made at start (from {@link GatewayConfiguration#WORKERS} and
         * {@link GatewayConfiguration#REDIS} on the command line).
         *
         * @return this.
         */
        public Builder discovery(final Supplier<WorkerDiscovery> discovery)
        {
            this.discovery = Objects.requireNonNull(discovery, "discovery");
            return this;
        }

        /**
         * Sets {@link GatewayConfiguration#TLS_CERT} and {@link GatewayConfiguration#TLS_KEY} (both or neither).
         *
         * @return this.
         */
        public Builder tls(final Path cert, final Path key)
        {
            if ((cert == null) != (key == null))
            {
                throw new IllegalArgumentException("tls_cert and tls_key go together: give both or neither");
            }
            return set(GatewayConfiguration.TLS_CERT, cert).set(GatewayConfiguration.TLS_KEY, key);
        }

        /**
         * Sets {@link GatewayConfiguration#ALLOWED_ORIGINS}.
         *
         * @return this.
         */
        public Builder allowedOrigins(final Set<String> origins)
        {
            this.allowedOrigins = origins == null || origins.isEmpty() ? null : Set.copyOf(origins);
            return this;
        }

        /**
         * Sets {@link GatewayConfiguration#FUSION_MAX_SESSIONS}, {@link GatewayConfiguration#FUSION_MAX_ITEMS} and
         * {@link GatewayConfiguration#FUSION_MAX_PENDING}.
         *
         * @return this.
         */
        public Builder fusion(final FusionLimits limits)
        {
            this.fusion = Objects.requireNonNull(limits, "fusion");
            return this;
        }

        /**
         * Sets {@link GatewayConfiguration#TOPIC_RELAY}.
         *
         * @return this.
         */
        public Builder topicRelay(final String redisUri)
        {
            return set(GatewayConfiguration.TOPIC_RELAY, redisUri);
        }

        /**
         * Sets {@link GatewayConfiguration#COMPRESSION}.
         *
         * @return this.
         */
        public Builder compression(final int level)
        {
            return set(GatewayConfiguration.COMPRESSION, level);
        }

        /**
         * Sets {@link GatewayConfiguration#READ_AHEAD_MS}.
         *
         * @return this.
         */
        public Builder readAheadMs(final int ms)
        {
            return set(GatewayConfiguration.READ_AHEAD_MS, ms);
        }

        /**
         * Sets {@link GatewayConfiguration#HISTOGRAM_LOG} and {@link
         * GatewayConfiguration#HISTOGRAM_LOG_INTERVAL_MS}.
         *
         * @return this.
         */
        public Builder histogramLog(final Path dir, final long intervalMs)
        {
            return set(GatewayConfiguration.HISTOGRAM_LOG_INTERVAL_MS, intervalMs)
                .set(GatewayConfiguration.HISTOGRAM_LOG, dir);
        }

        /**
         * @return the configuration.
         * @throws IllegalArgumentException when {@code realtime_priority} is set with an idle strategy that spins.
         */
        public GatewayConfig build()
        {
            if (values.get(GatewayConfiguration.REALTIME_PRIORITY) > 0 && !"backoff".equals(engine.idle()))
            {
                throw new IllegalArgumentException("realtime_priority needs idle=backoff: a real-time thread that " +
                    "spins or yields (idle=" + engine.idle() + ") would keep its core from every other thread");
            }
            return new GatewayConfig(this);
        }
    }
}
