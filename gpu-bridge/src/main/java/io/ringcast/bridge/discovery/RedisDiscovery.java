package io.ringcast.bridge.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcast.bridge.kind.RequestKind;
import io.ringcast.bridge.registry.WorkerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches the Redis worker registry ({@link WorkerRegistry}): every {@link #POLL_MILLIS} it
 * scans the live worker keys and reports the set when it changed. Keys expire 2 s after a
 * worker's last heartbeat, so a dead worker leaves the set within about 2.3 s. When Redis
 * cannot be read, the last known set stays in use, {@link #degraded()} turns true and one
 * warning is logged per outage.
 */
public final class RedisDiscovery implements WorkerDiscovery
{

    /** How often the registry is read. */
    public static final long POLL_MILLIS = 250;

    private static final Logger LOG = LoggerFactory.getLogger(RedisDiscovery.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String uri;
    private final ScheduledExecutorService timer;
    private RedisClient redis;
    private Consumer<Set<WorkerInfo>> listener;
    private Set<WorkerInfo> last;
    private volatile boolean degraded;

    /** Discovery from the registry in {@code redis://host:port}. */
    public RedisDiscovery(final String uri)
    {
        this.uri = uri;
        this.timer = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "bridge-discovery");
            t.setDaemon(true);
            return t;
        });
    }

    /** @throws IllegalArgumentException on a malformed URI (an unreachable Redis is not an error) */
    @Override
    public void start(final Consumer<Set<WorkerInfo>> onChange)
    {
        this.redis = WorkerRegistry.connect(uri);
        this.listener = onChange;
        timer.execute(this::poll);
        timer.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void poll()
    {
        final Set<WorkerInfo> now;
        try
        {
            now = read();
        }
        catch (RuntimeException e)
        {
            if (!degraded)
            {
                degraded = true;
                LOG.warn("worker registry at {} unreachable, keeping the last known {} worker(s): {}",
                    uri, last == null ? 0 : last.size(), e.toString());
            }
            return;
        }
        if (degraded)
        {
            degraded = false;
            LOG.info("worker registry at {} reachable again", uri);
        }
        if (!now.equals(last))
        {
            last = now;
            try
            {
                listener.accept(now);
            }
            catch (RuntimeException e)
            {
                LOG.warn("applying the worker set failed", e);
            }
        }
    }

    private Set<WorkerInfo> read()
    {
        final List<String> keys = new ArrayList<>();
        final ScanParams match = new ScanParams().match(WorkerRegistry.KEY_PREFIX + "*").count(500);
        String cursor = ScanParams.SCAN_POINTER_START;
        do
        {
            final ScanResult<String> page = redis.scan(cursor, match);
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        }
        while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        final Set<WorkerInfo> out = new HashSet<>();
        if (!keys.isEmpty())
        {
            for (final String v : redis.mget(keys.toArray(new String[0])))
            {
                final WorkerInfo w = v == null ? null : decode(v);
                if (w != null)
                {
                    out.add(w);
                }
            }
        }
        return out;
    }

    @Override
    public String describe()
    {
        return uri;
    }

    @Override
    public boolean degraded()
    {
        return degraded;
    }

    @Override
    public void close()
    {
        timer.shutdownNow();
        if (redis != null)
        {
            redis.close();
        }
    }

    /** Parses a worker key's value ({@link WorkerRegistry#encode}); null when it is not valid. */
    static WorkerInfo decode(final String json)
    {
        try
        {
            final JsonNode o = JSON.readTree(json);
            final Set<RequestKind> kinds = EnumSet.noneOf(RequestKind.class);
            for (final JsonNode k : o.path("kinds"))
            {
                final RequestKind kind = RequestKind.fromWireName(k.asText());
                if (kind != null)
                {
                    kinds.add(kind);
                }
            }
            return new WorkerInfo(o.path("address").asText(), kinds);
        }
        catch (Exception e)
        {
            return null;
        }
    }
}
