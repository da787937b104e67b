package io.ringcast.gateway;

import io.ringcast.bridge.batching.BatchingConfig;
import io.ringcast.bridge.batching.BatchingConfiguration;
import io.ringcast.bridge.daemon.DaemonLogging;
import io.ringcast.bridge.daemon.VersionProvider;
import io.ringcast.bridge.discovery.EmbeddedDiscovery;
import io.ringcast.bridge.discovery.WorkerDiscovery;
import io.ringcast.bridge.worker.CostModel;
import io.ringcast.bridge.worker.ToneSynthesizer;
import io.ringcast.bridge.worker.WorkerConfig;
import io.ringcast.engine.EngineConfig;
import io.ringcast.engine.EngineConfiguration;
import io.ringcast.gateway.config.GatewayConfiguration;
import io.ringcast.gateway.config.LayeredDefaults;
import io.ringcast.gateway.config.ServeDescriptions;
import io.ringcast.gateway.config.ServeSettings;
import io.ringcast.gateway.fusion.FusionLimits;
import io.ringcast.gateway.realtime.RealtimeScheduling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
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
 * (key = option name with underscores), in that order of precedence after the flags. Each option is a setting
 * declared in {@link ServeSettings}: its default comes from there ({@link LayeredDefaults}) and its help text too
 * ({@link ServeDescriptions}); the fields below only name the flags and hold the values.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
    showDefaultValues = true, defaultValueProvider = LayeredDefaults.class,
    resourceBundle = "io.ringcast.gateway.config.ServeDescriptions",
    description = "Run the ringcast gateway: WebSocket protocol v1 on /v1/stream, /livez, /readyz, /metrics, /stats " +
        "and the demo page on /.",
    // One paragraph: picocli wraps each element of the footer on its own, so lines split here broke mid-sentence.
    footer = {"", "Precedence: flags, then RINGCAST_* environment variables (RINGCAST_PORT=8080, ...), then the " +
        "--config properties file (port=8080, max_connections=...), then the defaults shown. An unknown key or " +
        "RINGCAST_* variable is an error. Logs go to standard error; the one-line banner to standard output."})
public final class ServeCommand implements Callable<Integer>
{
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE")
    String configFile;

    @Option(names = "--log-level", paramLabel = "LEVEL")
    String logLevel;

    @Option(names = "--log-format", paramLabel = "FORMAT")
    String logFormat;

    @Option(names = "--port")
    int port;

    @Option(names = "--bind")
    String bind;

    @Option(names = "--auth-secret", paramLabel = "SECRET")
    String authSecret;

    @Option(names = "--insecure")
    boolean insecure;

    @Option(names = "--tls-cert", paramLabel = "PEM")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM")
    Path tlsKey;

    @Option(names = "--allowed-origins", split = ",", paramLabel = "ORIGIN")
    Set<String> allowedOrigins;

    @Option(names = "--workers", paramLabel = "SPEC")
    String workers;

    @Option(names = "--redis", paramLabel = "URL")
    String redis;

    @Option(names = "--topic-relay", paramLabel = "URL")
    String topicRelay;

    @Option(names = "--worker-cost-model")
    String workerCostModel;

    @Option(names = "--worker-ms-per-char", paramLabel = "MS")
    int workerMsPerChar;

    @Option(names = "--groups")
    Integer groups;

    @Option(names = "--idle")
    String idle;

    @Option(names = "--io-threads")
    Integer ioThreads;

    @Option(names = "--realtime-priority")
    Integer realtimePriority;

    @Option(names = "--max-connections")
    int maxConnections;

    @Option(names = "--max-message-bytes")
    int maxMessageBytes;

    @Option(names = "--max-inbound-buffer-bytes")
    long maxInboundBufferBytes;

    @Option(names = "--max-connections-per-ip")
    int maxConnectionsPerIp;

    @Option(names = "--per-ip-limit-on-loopback")
    boolean perIpLimitOnLoopback;

    @Option(names = "--protect-metrics")
    boolean protectMetrics;

    @Option(names = "--max-publish-bytes")
    int maxPublishBytes;

    @Option(names = "--messages-per-second")
    int messagesPerSecond;

    @Option(names = "--max-subscriptions")
    int maxSubscriptions;

    @Option(names = "--queue-max-messages")
    int queueMaxMessages;

    @Option(names = "--queue-max-bytes")
    long queueMaxBytes;

    @Option(names = "--backpressure-threshold")
    double backpressureThreshold;

    @Option(names = "--drop-bulk-threshold")
    double dropBulkThreshold;

    @Option(names = "--max-inflight-bytes")
    long maxInflightBytes;

    @Option(names = "--slow-send-ms")
    long slowSendMs;

    @Option(names = "--slow-events")
    int slowEvents;

    @Option(names = "--send-timeout-ms")
    long sendTimeoutMs;

    @Option(names = "--fanout-per-second")
    long fanoutPerSecond;

    @Option(names = "--fusion-max-sessions")
    int fusionMaxSessions;

    @Option(names = "--fusion-max-items")
    int fusionMaxItems;

    @Option(names = "--fusion-max-pending")
    int fusionMaxPending;

    @Option(names = "--compression")
    int compression;

    @Option(names = "--read-ahead-ms")
    int readAheadMs;

    @Option(names = "--histogram-log", paramLabel = "DIR")
    Path histogramLog;

    @Option(names = "--histogram-log-interval-ms")
    long histogramLogIntervalMs;

    @Option(names = "--frame-ms")
    int frameMs;

    @Option(names = "--prefill-frames")
    int prefillFrames;

    @Option(names = "--pacing-tick-ms")
    int pacingTickMs;

    @Option(names = "--max-batch")
    int maxBatch;

    @Option(names = "--max-queue-delay-ms")
    double maxQueueDelayMs;

    @Option(names = "--provider-queue")
    int providerQueue;

    @Option(names = "--max-queue-wait-ms")
    long maxQueueWaitMs;

    @Option(names = "--max-concurrent-batches")
    int maxConcurrentBatches;

    @Option(names = "--dispatch-when-idle", negatable = true, fallbackValue = "true")
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
        if (server.realtime() != null)
        {
            final String summary = server.realtime().summary(Duration.ofSeconds(2));
            if (!server.realtime().allGranted())
            {
                LOG.warn(summary);
            }
            else
            {
                LOG.info(summary);
                final String hint = RealtimeScheduling.spreadHint(config.engine().groups(), config.ioThreads(),
                    Runtime.getRuntime().availableProcessors());
                if (hint != null)
                {
                    LOG.info(hint);
                }
            }
        }
        final String s = config.tlsCert() == null ? "" : "s";
        // The one line on standard output (logs go to standard error); its uptime is the JVM's start to serving.
        System.out.printf(
            "ringcast serving on http%s://%s:%d/ (WebSocket ws%s://%s:%d/v1/stream), %d stream group(s), workers: " +
                "%s%s; up in %d ms%n",
            s, bind, server.port(), s, bind, server.port(), config.engine().groups(),
            server.stats().bridge().metrics().discovery(),
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
        final EngineConfig.Builder engine = EngineConfig.builder().set(EngineConfiguration.IDLE, idle)
            .set(EngineConfiguration.QUEUE_MAX_MESSAGES, queueMaxMessages)
            .set(EngineConfiguration.QUEUE_MAX_BYTES, queueMaxBytes)
            .set(EngineConfiguration.BACKPRESSURE_THRESHOLD, backpressureThreshold)
            .set(EngineConfiguration.DROP_BULK_THRESHOLD, dropBulkThreshold)
            .set(EngineConfiguration.MAX_INFLIGHT_BYTES, maxInflightBytes)
            .set(EngineConfiguration.SLOW_SEND_MS, slowSendMs)
            .set(EngineConfiguration.SLOW_EVENTS, slowEvents)
            .set(EngineConfiguration.SEND_TIMEOUT_MS, sendTimeoutMs)
            .set(EngineConfiguration.FRAME_MS, frameMs)
            .set(EngineConfiguration.PREFILL_FRAMES, prefillFrames)
            .set(EngineConfiguration.PACING_TICK_MS, pacingTickMs)
            .set(EngineConfiguration.FANOUT_PER_SECOND, fanoutPerSecond)
            .errorHandler(t -> LOG.error("engine error", t));
        if (groups != null)
        {
            engine.groups(groups);
        }
        final CostModel cost = "none".equals(GatewayConfiguration.WORKER_COST_MODEL.check(workerCostModel))
            ? CostModel.NONE
            : CostModel.H100;
        final boolean embedded = (workers == null && redis == null) || "embedded".equals(workers);
        final Supplier<WorkerDiscovery> discovery = embedded
            ? () -> new EmbeddedDiscovery(WorkerConfig.builder().port(0).costModel(cost)
                .synthesizer(new ToneSynthesizer(GatewayConfiguration.WORKER_MS_PER_CHAR.check(workerMsPerChar)))
                .build())
            : () -> WorkerDiscovery.fromFlags(workers, redis);
        final GatewayConfig.Builder config = GatewayConfig.builder().listen(bind, port).auth(authSecret, insecure)
            .limits(maxConnections, maxMessageBytes, maxPublishBytes, messagesPerSecond, maxSubscriptions)
            .engine(engine.build()).discovery(discovery)
            .fusion(new FusionLimits(fusionMaxSessions, fusionMaxItems, fusionMaxPending)).tls(tlsCert, tlsKey)
            .allowedOrigins(allowedOrigins)
            .batching(BatchingConfig.builder().maxBatch(maxBatch)
                .maxQueueDelay(BatchingConfiguration.queueDelay(maxQueueDelayMs))
                .queueCapacity(providerQueue).maxConcurrent(maxConcurrentBatches).dispatchWhenIdle(dispatchWhenIdle)
                .maxQueueWait(Duration.ofMillis(maxQueueWaitMs)).build());
        config.maxInboundBufferBytes(maxInboundBufferBytes).connectionsPerIp(maxConnectionsPerIp, perIpLimitOnLoopback)
            .protectMetrics(protectMetrics);
        if (ioThreads != null)
        {
            config.ioThreads(ioThreads);
        }
        if (realtimePriority != null)
        {
            config.realtimePriority(realtimePriority);
        }
        config.compression(compression);
        config.readAheadMs(readAheadMs);
        config.histogramLog(histogramLog, histogramLogIntervalMs);
        config.topicRelay(topicRelay != null
            ? topicRelay
            : redis != null
                ? redis
                : workers != null && workers.startsWith("redis://") ? workers : null);
        return config.build();
    }
}
