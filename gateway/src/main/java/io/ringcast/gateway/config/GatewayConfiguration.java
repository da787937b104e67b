package io.ringcast.gateway.config;

import io.ringcast.bridge.worker.ToneSynthesizer;
import io.ringcast.settings.Setting;

import java.nio.file.Path;
import java.util.List;

/**
 * Every setting of the gateway and of its daemon, {@code ringcast serve}, declared once: key, default, bounds and
 * doc. {@code GatewayConfig}'s builder and {@code FusionLimits} default from and check with these; {@code serve}'s
 * flags, {@code RINGCAST_*} variables and config-file keys are derived from them ({@link ServeSettings}), and
 * docs/configuration.md's logging and gateway tables are generated from {@link #LOGGING} and {@link #ALL}.
 */
public final class GatewayConfiguration
{
    /** Log level. */
    public static final Setting<String> LOG_LEVEL = Setting.ofString("log_level", "info")
        .doc("`error`, `warn`, `info`, `debug` or `trace` ([operations.md](operations.md#logging))");

    /** Log format. */
    public static final Setting<String> LOG_FORMAT = Setting.ofString("log_format", "text")
        .doc("`text` (a timestamped line per record) or `json` (one JSON object per line), on standard error");

    /** TCP port. */
    public static final Setting<Integer> PORT = Setting.ofInt("port", 8080).between(0, 65_535)
        .doc("TCP port; 0 picks a free one");

    /** Listen address. */
    public static final Setting<String> BIND = Setting.ofString("bind", "127.0.0.1")
        .doc("listen address; a non-loopback address needs `auth_secret` or `insecure`");

    /** HS256 secret of clients' JWTs. */
    public static final Setting<String> AUTH_SECRET = Setting.ofString("auth_secret", null)
        .doc("HS256 secret: clients must present a JWT (`Authorization: Bearer` or `?token=`); 401 before the " +
            "upgrade otherwise");

    /** Allow a non-loopback bind without auth. */
    public static final Setting<Boolean> INSECURE = Setting.ofBoolean("insecure", false)
        .doc("allow a non-loopback bind without auth");

    /** TLS certificate chain. */
    public static final Setting<Path> TLS_CERT = Setting.of("tls_cert", Path.class, null)
        .doc("PEM certificate chain; with `tls_key` the gateway serves only `https://` and `wss://`");

    /** TLS private key. */
    public static final Setting<Path> TLS_KEY = Setting.of("tls_key", Path.class, null)
        .doc("unencrypted PKCS#8 PEM private key (RSA or EC); convert others with `openssl pkcs8 -topk8 -nocrypt`");

    /** Browser Origins allowed to connect. */
    public static final Setting<String> ALLOWED_ORIGINS = Setting.ofString("allowed_origins", null)
        .defaultShownAs("any").doc("comma-separated browser Origins allowed to open `/v1/stream`; others get 403 " +
            "(clients sending no Origin are not affected)");

    /**
     * Undertow IO threads. Half the cores, as the stream groups take the other half: a thread more than the cores
     * costs a context switch for every frame that crosses to it (measured: 1 IO thread on 2 cores spent 20-35 %
     * less CPU per audio frame than 2, at 100 and 1,000 sessions).
     */
    public static final Setting<Integer> IO_THREADS = Setting.ofInt("io_threads",
        Math.max(1, (Runtime.getRuntime().availableProcessors() + 1) / 2)).atLeast(1)
        .defaultComputedAs("half the cores (rounded up), at least 1")
        .doc("Undertow IO threads (the stream groups take the other half of the cores)");

    /**
     * Real-time priority of the threads a listener's schedule depends on (stream groups, IO threads, bridge agent, and
     * the embedded worker's synthesis and clock threads).
     * Off by default: it needs privileges (CAP_SYS_NICE or a real-time rlimit), and it suits a host where the daemon's
     * audio matters more than the other programs on it.
     */
    public static final Setting<Integer> REALTIME_PRIORITY = Setting.ofInt("realtime_priority", 0).between(0, 99)
        .defaultShownAs("0 (off)")
        .doc("run the stream groups' pacing threads, the IO threads, the bridge agent and the embedded worker's " +
            "threads at Linux `SCHED_FIFO` with " +
            "this priority (1-99), so a frame's thread is not kept waiting for a core by normal threads; needs " +
            "`CAP_SYS_NICE` or `ulimit -r` of at least this, else they run at normal priority with one warning; " +
            "needs `idle=backoff`");

    /** Global connection limit. */
    public static final Setting<Integer> MAX_CONNECTIONS = Setting.ofInt("max_connections", 10_000).atLeast(1)
        .doc("global connection limit; above it the connection is closed with 1013");

    /** Largest inbound message. */
    public static final Setting<Integer> MAX_MESSAGE_BYTES = Setting.ofInt("max_message_bytes", 65_536).atLeast(256)
        .doc("largest inbound message; above it close 1009, decided from the frame headers before the payload is " +
            "read, so no connection ever buffers more");

    /** Bytes all connections together may hold in partly received messages. */
    public static final Setting<Long> MAX_INBOUND_BUFFER_BYTES = Setting.ofLong("max_inbound_buffer_bytes",
        64L << 20).atLeast(256L).allow("at least max_message_bytes", v -> true)
        .defaultShownAs("67108864 (64 MiB)")
        .doc("bytes all connections together may hold in partly received messages " +
            "(`ringcast_inbound_buffered_bytes` in `/metrics`); a connection that would pass it is closed with 1013");

    /** Connections one client address may hold. */
    public static final Setting<Integer> MAX_CONNECTIONS_PER_IP = Setting.ofInt("max_connections_per_ip", 256)
        .atLeast(0).doc("connections one client address may hold; above it close 1013, so one address cannot take " +
            "every slot of `max_connections`. 0: no limit");

    /** Whether the per-address limit applies to loopback clients too. */
    public static final Setting<Boolean> PER_IP_LIMIT_ON_LOOPBACK = Setting.ofBoolean("per_ip_limit_on_loopback", false)
        .doc("apply `max_connections_per_ip` to loopback clients (127.0.0.1, ::1) too. Off by default: behind a " +
            "local reverse proxy every client has the proxy's address");

    /** Whether /metrics and /stats need a token. */
    public static final Setting<Boolean> PROTECT_METRICS = Setting.ofBoolean("protect_metrics", false)
        .doc("with `auth_secret`, `/metrics` and `/stats` need a valid token as well (`Authorization: Bearer` or " +
            "`?token=`; 401 otherwise). `/livez`, `/healthz`, `/readyz` and the demo page stay open. Needs " +
            "`auth_secret`");

    /** Largest publish data. */
    public static final Setting<Integer> MAX_PUBLISH_BYTES = Setting.ofInt("max_publish_bytes", 16_384).atLeast(1)
        .doc("largest `publish` `data`; above it `error too_large`");

    /** Inbound messages per connection per second. */
    public static final Setting<Integer> MESSAGES_PER_SECOND = Setting.ofInt("messages_per_second", 200).atLeast(1)
        .doc("inbound messages per connection per second (bursts up to the same number); above it " +
            "`error rate_limited`");

    /** Topics per connection. */
    public static final Setting<Integer> MAX_SUBSCRIPTIONS = Setting.ofInt("max_subscriptions", 64).atLeast(0)
        .doc("topics per connection");

    /** GPU workers. */
    public static final Setting<String> WORKERS = Setting.ofString("workers", null).defaultShownAs("embedded")
        .doc("GPU workers: `static:HOST:PORT,...`, `redis://HOST:PORT` or `embedded`");

    /** Redis to discover workers in. */
    public static final Setting<String> REDIS = Setting.ofString("redis", null)
        .doc("discover workers in Redis (`redis://HOST:PORT`) when `workers` is not given");

    /** Redis that relays topics between gateways. */
    public static final Setting<String> TOPIC_RELAY = Setting.ofString("topic_relay", null)
        .defaultShownAs("`redis`, or the `redis://` of `workers`")
        .doc("relay topic messages between gateways through this Redis (pub/sub channels `ringcast:topic:NAME`); " +
            "best effort across nodes, local delivery never waits for it");

    /** Cost model of the embedded worker. */
    public static final Setting<String> WORKER_COST_MODEL = Setting.ofString("worker_cost_model", "h100")
        .oneOf("h100", "none").doc("cost model of the embedded worker: `h100` (GPU-COST-MODEL.md) or `none`");

    /** Audio per character of the embedded worker's tone synthesizer. */
    public static final Setting<Integer> WORKER_MS_PER_CHAR =
        Setting.ofInt("worker_ms_per_char", ToneSynthesizer.DEFAULT_MS_PER_CHAR).between(1, 1000)
            .doc("audio per character of the embedded worker's tone synthesizer, ms (60 speaks as the node-ws peer " +
                "does, for a comparison under the same load)");

    /** Audio a worker may send ahead of playout, per utterance. */
    public static final Setting<Integer> READ_AHEAD_MS = Setting.ofInt("read_ahead_ms", 1_000)
        .allow("0 (no limit) to 600000", v -> v >= 0 && v <= 600_000)
        .doc("audio a worker may send ahead of playout, per utterance (credit-based: the gateway returns a quarter " +
            "of it at a time as frames are played, so at least three quarters stay buffered and a chunk boundary " +
            "never starves pacing; no more than this plus one chunk is held). 0: no limit, the worker sends as " +
            "fast as it synthesizes");

    /** permessage-deflate level for text messages. */
    public static final Setting<Integer> COMPRESSION = Setting.ofInt("compression", 0)
        .allow("0 (off) to 9", v -> v >= 0 && v <= 9).defaultShownAs("0 (off)")
        .doc("permessage-deflate level 1..9 for text messages of clients that offer it; binary audio is never " +
            "compressed. Costs about 2-4 µs of CPU per message and a deflate window of memory per connection");

    /** Folder for HdrHistogram interval logs. */
    public static final Setting<Path> HISTOGRAM_LOG = Setting.of("histogram_log", Path.class, null)
        .doc("folder for HdrHistogram interval logs of the engine's latencies (one tag per metric and priority, " +
            "nanoseconds); render with `./ringcast report DIR`");

    /** Interval of the histogram logs. */
    public static final Setting<Long> HISTOGRAM_LOG_INTERVAL_MS = Setting.ofLong("histogram_log_interval_ms", 1_000)
        .atLeast(10L).doc("interval of `histogram_log`");

    /** Fusion sessions per connection. */
    public static final Setting<Integer> FUSION_MAX_SESSIONS = Setting.ofInt("fusion_max_sessions", 8).atLeast(1)
        .doc("fusion sessions open at once per connection");

    /** Items an {@code all} stream may add to one fusion window. */
    public static final Setting<Integer> FUSION_MAX_ITEMS = Setting.ofInt("fusion_max_items", 256).atLeast(1)
        .doc("items an `all` stream may add to one fusion window (`overloaded` beyond)");

    /** Closed fusion windows waiting for a slow provider. */
    public static final Setting<Integer> FUSION_MAX_PENDING = Setting.ofInt("fusion_max_pending", 8).atLeast(1)
        .doc("closed fusion windows waiting for a slow provider; beyond it latest-only sessions conflate, others " +
            "refuse items");

    /** Properties file with settings. */
    public static final Setting<String> CONFIG = Setting.ofString("config", null)
        .doc("properties file with any of these keys");

    /** The logging settings, in the order of the docs. */
    public static final List<Setting<?>> LOGGING = List.of(LOG_LEVEL, LOG_FORMAT);

    /** Every gateway setting but logging, in the order of the docs. */
    public static final List<Setting<?>> ALL = List.of(PORT, BIND, AUTH_SECRET, INSECURE, TLS_CERT, TLS_KEY,
        ALLOWED_ORIGINS, IO_THREADS, REALTIME_PRIORITY, MAX_CONNECTIONS, MAX_MESSAGE_BYTES, MAX_INBOUND_BUFFER_BYTES,
        MAX_CONNECTIONS_PER_IP, PER_IP_LIMIT_ON_LOOPBACK, PROTECT_METRICS, MAX_PUBLISH_BYTES, MESSAGES_PER_SECOND,
        MAX_SUBSCRIPTIONS, WORKERS, REDIS, TOPIC_RELAY, WORKER_COST_MODEL, WORKER_MS_PER_CHAR, READ_AHEAD_MS,
        COMPRESSION, HISTOGRAM_LOG, HISTOGRAM_LOG_INTERVAL_MS, FUSION_MAX_SESSIONS, FUSION_MAX_ITEMS,
        FUSION_MAX_PENDING, CONFIG);

    private GatewayConfiguration()
    {
    }
}
