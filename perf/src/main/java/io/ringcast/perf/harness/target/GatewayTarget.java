package io.ringcast.perf.harness.target;

import io.ringcast.bridge.discovery.EmbeddedDiscovery;
import io.ringcast.bridge.worker.CostModel;
import io.ringcast.bridge.worker.WorkerConfig;
import io.ringcast.gateway.GatewayConfig;
import io.ringcast.gateway.GatewayServer;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * The server under test: one reached by URL (anything that speaks docs/protocol.md), or the embedded ringcast
 * gateway started in this process on an ephemeral loopback port. Loopback only: the harness splits
 * latency with the server's monotonic clock, which is comparable with ours only on the same host.
 */
public final class GatewayTarget implements AutoCloseable
{
    private final String wsUrl;
    private final String httpBase;
    private final GatewayServer server;
    private final String description;
    private volatile String label;
    private volatile long pid = -1;
    private volatile Boolean ringcast;

    private GatewayTarget(final String wsUrl, final GatewayServer server, final String description)
    {
        this.wsUrl = wsUrl;
        final URI u = URI.create(wsUrl);
        this.httpBase = "http://" + u.getHost() + ":" + u.getPort();
        this.server = server;
        this.description = description;
        this.label = server != null ? "ringcast-embedded" : u.getHost() + ":" + u.getPort();
    }

    /**
     * Name the target for side-by-side tables and say which process serves it.
     *
     * @param name the column name, or null to keep the default (host:port, or ringcast-embedded).
     * @param id   the server's process id for CPU per frame, or -1 when unknown.
     * @return this.
     */
    public GatewayTarget identify(final String name, final long id)
    {
        if (name != null && !name.isBlank())
        {
            this.label = name;
        }
        this.pid = id;
        return this;
    }

    /** @return the target's short name. */
    public String label()
    {
        return label;
    }

    /** @return the serving process's id, or -1 when not given. */
    public long pid()
    {
        return pid;
    }

    /**
     * Whether the server exposes ringcast's own {@code /metrics} (any {@code ringcast_} sample), asked once:
     * scenarios whose figures come from those metrics skip them, with a note, against any other server.
     *
     * @return true for a ringcast gateway.
     */
    public boolean hasRingcastMetrics()
    {
        Boolean r = ringcast;
        if (r == null)
        {
            final ServerMetrics m = metrics();
            r = m != null && m.hasPrefix("ringcast_");
            ringcast = r;
        }
        return r;
    }

    /**
     * @param url ws://HOST:PORT[/v1/stream]
     * @return the target, or null when the URL is not a loopback ws:// URL (the caller says why).
     */
    public static GatewayTarget remote(final String url)
    {
        final URI u;
        try
        {
            u = URI.create(url);
        }
        catch (final IllegalArgumentException e)
        {
            return null;
        }
        if (!"ws".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 0 || !isLoopback(u.getHost()))
        {
            return null;
        }
        final String path =
            u.getPath() == null || u.getPath().isEmpty() || "/".equals(u.getPath()) ? "/v1/stream" : u.getPath();
        final String ws = "ws://" + u.getHost() + ":" + u.getPort() + path;
        return new GatewayTarget(ws, null, "server at " + ws);
    }

    /**
     * Start the ringcast gateway in this process with its embedded reference worker.
     *
     * @param cost              the worker's cost model ({@link CostModel#NONE}: zero synthesis delay).
     * @param messagesPerSecond the per-connection inbound limit (200 in a default deployment).
     * @param costName          the cost model's name, for the description.
     * @return the running target.
     */
    public static GatewayTarget embedded(final CostModel cost, final int messagesPerSecond, final String costName)
    {
        final GatewayConfig defaults = GatewayConfig.defaults();
        final GatewayConfig config = defaults.withPort(0)
            .withDiscovery(() -> new EmbeddedDiscovery(WorkerConfig.builder().port(0).costModel(cost).build()))
            .withLimits(defaults.maxConnections(), defaults.maxMessageBytes(), messagesPerSecond,
                defaults.maxSubscriptions());
        final GatewayServer server = GatewayServer.start(config);
        return new GatewayTarget("ws://127.0.0.1:" + server.port() + "/v1/stream", server,
            "embedded gateway (worker cost model " + costName + ", " + messagesPerSecond + " msg/s per connection, " +
                config.engine().groups() + " stream group(s))");
    }

    private static boolean isLoopback(final String host)
    {
        try
        {
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (final UnknownHostException e)
        {
            return false;
        }
    }

    /** @return ws://HOST:PORT/v1/stream */
    public String wsUrl()
    {
        return wsUrl;
    }

    /** @return http://HOST:PORT, where /healthz and /metrics live. */
    public String httpBase()
    {
        return httpBase;
    }

    /** @return true when this process started the gateway. */
    public boolean embedded()
    {
        return server != null;
    }

    /** @return one line for the reports. */
    public String description()
    {
        return description;
    }

    /** @return the server's /metrics now, or null when they could not be read. */
    public ServerMetrics metrics()
    {
        return ServerMetrics.fetch(httpBase);
    }

    /** Stop the embedded gateway, if any. */
    @Override
    public void close()
    {
        if (server != null)
        {
            server.close();
        }
    }
}
