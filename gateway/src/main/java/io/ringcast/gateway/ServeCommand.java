package io.ringcast.gateway;

import io.ringcast.bridge.batching.BatchingConfig;
import io.ringcast.bridge.daemon.DaemonLogging;
import io.ringcast.bridge.daemon.VersionProvider;
import io.ringcast.bridge.discovery.EmbeddedDiscovery;
import io.ringcast.bridge.discovery.WorkerDiscovery;
import io.ringcast.bridge.worker.CostModel;
import io.ringcast.bridge.worker.WorkerConfig;
import io.ringcast.engine.EngineConfig;
import io.ringcast.gateway.fusion.FusionLimits;
import picocli.CommandLine.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * {@code ringcast serve}: run the gateway until SIGTERM/SIGINT, then drain and exit 0. Every option can
 * also come from a {@code RINGCAST_<KEY>} environment variable or from the {@code --config} properties file
 * (key = option name with underscores), in that order of precedence after the flags.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
    showDefaultValues = true,
    description = "Run the ringcast gateway: WebSocket protocol v1 on /v1/stream, /livez, /readyz, /metrics, /stats and the demo page on /.",
    footer = {"", "Precedence: flags, then RINGCAST_* environment variables (RINGCAST_PORT=8080, ...), then the",
        "--config properties file (port=8080, max_connections=...), then the defaults shown. An unknown key or",
        "RINGCAST_* variable is an error. Logs go to standard error; the one-line banner to standard output."})
public final class ServeCommand implements Callable<Integer>
{
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with settings (keys: option names with underscores).")
    String configFile;

    @Option(names = "--log-level", defaultValue = "info", paramLabel = "LEVEL", description = "Log level: error, warn, info, debug, trace.")
    String logLevel;

    @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT",
        description = "Log format on standard error: text (a timestamped line per record) or json (one JSON object per line).")
    String logFormat;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (0: any free port).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on. Non-loopback needs --auth-secret or --insecure.")
    String bind;

    @Option(names = "--auth-secret", paramLabel = "SECRET", description = "HS256 secret: clients must present a JWT (header or ?token=).")
    String authSecret;

    @Option(names = "--insecure", description = "Allow a non-loopback --bind without authentication.")
    boolean insecure;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "TLS certificate chain (PEM): serve https:// and wss:// only.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "TLS private key (unencrypted PKCS#8 PEM), with --tls-cert.")
    Path tlsKey;

    @Option(names = "--allowed-origins", split = ",", paramLabel = "ORIGIN", description = "Browser Origins allowed to connect (others: 403). Default: any.")
    Set<String> allowedOrigins;

    @Option(names = "--workers", paramLabel = "SPEC", description = "GPU workers: static:HOST:PORT,... | redis://HOST:PORT | embedded (default: embedded).")
    String workers;

    @Option(names = "--redis", paramLabel = "URL", description = "Discover workers in Redis (redis://HOST:PORT) when --workers is not given.")
    String redis;

    @Option(names = "--topic-relay", paramLabel = "URL", description = "Relay topics between gateways through this Redis (default: --redis, or the redis:// of --workers).")
    String topicRelay;

    @Option(names = "--worker-cost-model", defaultValue = "h100", description = "Cost model of the embedded worker: h100 or none.")
    String workerCostModel;

    @Option(names = "--groups", description = "Stream groups (consumer threads). Default: half the cores, at least 1.")
    Integer groups;

    @Option(names = "--idle", defaultValue = "backoff", description = "Idle strategy of group threads: backoff, yielding, busy-spin.")
    String idle;

    @Option(names = "--io-threads", description = "Undertow IO threads. Default: the number of cores, at least 2.")
    Integer ioThreads;

    @Option(names = "--max-connections", defaultValue = "10000", description = "Global connection limit (close 1013 above it).")
    int maxConnections;

    @Option(names = "--max-message-bytes", defaultValue = "65536", description = "Largest inbound message (close 1009 above it).")
    int maxMessageBytes;

    @Option(names = "--max-inbound-buffer-bytes", defaultValue = "67108864", description = "Bytes all connections together may hold in partly received messages (close 1013 above it).")
    long maxInboundBufferBytes;

    @Option(names = "--max-connections-per-ip", defaultValue = "256", description = "Connections one client address may hold (close 1013 above it; 0: off).")
    int maxConnectionsPerIp;

    @Option(names = "--per-ip-limit-on-loopback", description = "Apply --max-connections-per-ip to loopback clients too (off: a local proxy is not limited).")
    boolean perIpLimitOnLoopback;

    @Option(names = "--protect-metrics", description = "With --auth-secret, /metrics and /stats need a token too (the demo page stays open).")
    boolean protectMetrics;

    @Option(names = "--max-publish-bytes", defaultValue = "16384", description = "Largest publish data (error too_large above it).")
    int maxPublishBytes;

    @Option(names = "--messages-per-second", defaultValue = "200", description = "Inbound messages per connection per second (error rate_limited).")
    int messagesPerSecond;

    @Option(names = "--max-subscriptions", defaultValue = "64", description = "Topics per connection.")
    int maxSubscriptions;

    @Option(names = "--queue-max-messages", defaultValue = "1024", description = "Per-stream outbound queue bound, messages.")
    int queueMaxMessages;

    @Option(names = "--queue-max-bytes", defaultValue = "4194304", description = "Per-stream outbound queue bound, bytes.")
    long queueMaxBytes;

    @Option(names = "--backpressure-threshold", defaultValue = "0.7", description = "Queue fill above which the client gets a backpressure notice.")
    double backpressureThreshold;

    @Option(names = "--drop-bulk-threshold", defaultValue = "0.9", description = "Queue fill above which BULK is refused.")
    double dropBulkThreshold;

    @Option(names = "--max-inflight-bytes", defaultValue = "262144", description = "Bytes one socket may hold unwritten.")
    long maxInflightBytes;

    @Option(names = "--slow-send-ms", defaultValue = "500", description = "A send slower than this is a slow event.")
    long slowSendMs;

    @Option(names = "--slow-events", defaultValue = "5", description = "Slow events before a session is a slow consumer (BULK/IMPORTANT shed).")
    int slowEvents;

    @Option(names = "--send-timeout-ms", defaultValue = "5000", description = "A send not done in this time evicts the session (close 1008).")
    long sendTimeoutMs;

    @Option(names = "--fanout-per-second", defaultValue = "200000", description = "Topic deliveries per second per group before BULK is shed (0: unlimited).")
    long fanoutPerSecond;

    @Option(names = "--fusion-max-sessions", defaultValue = "8", description = "Fusion sessions per connection.")
    int fusionMaxSessions;

    @Option(names = "--fusion-max-items", defaultValue = "256", description = "Items an 'all' stream may add to one fusion window.")
    int fusionMaxItems;

    @Option(names = "--fusion-max-pending", defaultValue = "8", description = "Fusion windows waiting for a slow provider before conflation or refusal.")
    int fusionMaxPending;

    @Option(names = "--compression", defaultValue = "0", description = "permessage-deflate level 1..9 for text messages (0: off). Binary audio is never compressed.")
    int compression;

    @Option(names = "--read-ahead-ms", defaultValue = "1000",
        description = "Audio a worker may send ahead of playout per utterance, ms (0: no limit). Credit returns as frames play.")
    int readAheadMs;

    @Option(names = "--histogram-log", paramLabel = "DIR", description = "Write the engine's latencies as HdrHistogram interval logs into DIR (render with ./ringcast report DIR).")
    Path histogramLog;

    @Option(names = "--histogram-log-interval-ms", defaultValue = "1000", description = "Interval of --histogram-log.")
    long histogramLogIntervalMs;

    @Option(names = "--frame-ms", defaultValue = "20", description = "Audio frame length.")
    int frameMs;

    @Option(names = "--prefill-frames", defaultValue = "3", description = "Frames sent at once before real-time pacing.")
    int prefillFrames;

    @Option(names = "--max-batch", defaultValue = "8", description = "Bridge: requests per batch at most.")
    int maxBatch;

    @Option(names = "--max-queue-delay-ms", defaultValue = "2", description = "Bridge: longest a request waits for a batch to fill.")
    double maxQueueDelayMs;

    @Option(names = "--provider-queue", defaultValue = "4096", description = "Bridge: requests queued per provider at most (overloaded above).")
    int providerQueue;

    @Option(names = "--max-queue-wait-ms", defaultValue = "3000",
        description = "Bridge: a request whose estimated wait for its first chunk is longer is refused (overloaded).")
    long maxQueueWaitMs;

    @Option(names = "--max-concurrent-batches", defaultValue = "2", description = "Bridge: batches in flight per provider.")
    int maxConcurrentBatches;

    @Option(names = "--dispatch-when-idle", defaultValue = "true", negatable = true, fallbackValue = "true",
        description = "Bridge: an idle provider takes queued requests at once (--no-dispatch-when-idle: always wait max-queue-delay, as Triton).")
    boolean dispatchWhenIdle;

    @Override
    public Integer call() throws Exception
    {
        final String logError = DaemonLogging.configure(logLevel, logFormat);
        if (logError != null)
        {
            return usageError(logError);
        }
        final GatewayConfig config;
        final GatewayServer server;
        try
        {
            config = toConfig();
            server = GatewayServer.start(config);
        }
        catch (final IllegalArgumentException e)
        {
            return usageError(e.getMessage());
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        StopSignals.install();
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            LOG.info("draining ({})", StopSignals.received());
            server.close();
            stopped.countDown();
            LOG.info("stopped");
            // A drained stop is a clean stop: exit 0, not the JVM's 143 for a SIGTERM.
            Runtime.getRuntime().halt(0);
        }, "ringcast-shutdown"));
        final String s = config.tlsCert() == null ? "" : "s";
        // The one line on standard output (logs go to standard error); its uptime is the JVM's start to serving.
        System.out.printf("ringcast serving on http%s://%s:%d/ (WebSocket ws%s://%s:%d/v1/stream), %d stream group(s), workers: %s%s; up in %d ms%n",
            s, bind, server.port(), s, bind, server.port(), config.engine().groups(), server.stats().bridge().metrics().discovery(),
            authSecret == null ? "" : ", auth: HS256 JWT", ManagementFactory.getRuntimeMXBean().getUptime());
        stopped.await();
        return 0;
    }

    /** A one-line error on the command's error stream; exit status 2, as picocli gives for a bad flag. */
    private int usageError(final String message)
    {
        spec.commandLine().getErr().println("ringcast serve: " + message);
        spec.commandLine().getErr().flush();
        return 2;
    }

    GatewayConfig toConfig()
    {
        final EngineConfig.Builder engine = EngineConfig.builder().idle(idle)
            .queueBounds(queueMaxMessages, queueMaxBytes)
            .thresholds(backpressureThreshold, dropBulkThreshold)
            .inflight(maxInflightBytes, 256)
            .slowConsumer(slowSendMs, slowEvents, sendTimeoutMs)
            .audio(frameMs, 16_000, prefillFrames)
            .fanoutPerSecond(fanoutPerSecond)
            .errorHandler(t -> LOG.error("engine error", t));
        if (groups != null)
        {
            engine.groups(groups);
        }
        final CostModel cost = switch (workerCostModel)
        {
            case "h100" -> CostModel.H100;
            case "none" -> CostModel.NONE;
            default -> throw new IllegalArgumentException("--worker-cost-model must be h100 or none, was " + workerCostModel);
        };
        final boolean embedded = (workers == null && redis == null) || "embedded".equals(workers);
        final Supplier<WorkerDiscovery> discovery = embedded
            ? () -> new EmbeddedDiscovery(WorkerConfig.builder().port(0).costModel(cost).build())
            : () -> WorkerDiscovery.fromFlags(workers, redis);
        final GatewayConfig.Builder config = GatewayConfig.builder().listen(bind, port).auth(authSecret, insecure)
            .limits(maxConnections, maxMessageBytes, maxPublishBytes, messagesPerSecond, maxSubscriptions)
            .engine(engine.build()).discovery(discovery).fusion(new FusionLimits(fusionMaxSessions, fusionMaxItems, fusionMaxPending)).tls(tlsCert, tlsKey).allowedOrigins(allowedOrigins)
            .batching(BatchingConfig.builder().maxBatch(maxBatch).maxQueueDelay(Duration.ofNanos((long)(maxQueueDelayMs * 1e6)))
                .queueCapacity(providerQueue).maxConcurrent(maxConcurrentBatches).dispatchWhenIdle(dispatchWhenIdle)
                .maxQueueWait(Duration.ofMillis(maxQueueWaitMs)).build());
        config.maxInboundBufferBytes(maxInboundBufferBytes).connectionsPerIp(maxConnectionsPerIp, perIpLimitOnLoopback)
            .protectMetrics(protectMetrics);
        if (ioThreads != null)
        {
            config.ioThreads(ioThreads);
        }
        config.compression(compression);
        config.readAheadMs(readAheadMs);
        config.histogramLog(histogramLog, histogramLogIntervalMs);
        config.topicRelay(topicRelay != null ? topicRelay : redis != null ? redis
            : workers != null && workers.startsWith("redis://") ? workers : null);
        return config.build();
    }
}
