package io.ringcast.bridge.discovery;

import java.util.Set;
import java.util.function.Consumer;

/**
 * Where the bridge learns which workers exist. Implementations: {@link StaticDiscovery}
 * ({@code static:host:port,...}), {@link RedisDiscovery} ({@code redis://host:port}) and
 * {@link EmbeddedDiscovery} (an in-process reference worker, the gateway's default).
 */
public interface WorkerDiscovery extends AutoCloseable
{

    /**
     * Starts discovery; {@code onChange} receives the full worker set at once (when known)
     * and again whenever it changes, on a discovery thread.
     */
    void start(Consumer<Set<WorkerInfo>> onChange);

    /** A short description for logs and metrics, e.g. {@code redis://10.0.0.5:6379}. */
    String describe();

    /** True while the source cannot be read and the last known set is being used. */
    default boolean degraded()
    {
        return false;
    }

    /** Stops discovery (and an embedded worker). */
    @Override
    void close();

    /**
     * The discovery the gateway's flags ask for.
     *
     * @param workers {@code --workers}: {@code static:host:port,...}, {@code redis://host:port},
     *                {@code embedded}, or null
     * @param redis   {@code --redis}: {@code redis://host:port} or null; used when {@code workers} is null
     * @return static or Redis discovery, or an embedded worker when neither flag is given
     * @throws IllegalArgumentException on a malformed value
     */
    static WorkerDiscovery fromFlags(final String workers, final String redis)
    {
        if (workers != null && !workers.isBlank() && !"embedded".equals(workers))
        {
            if (workers.startsWith(StaticDiscovery.PREFIX))
            {
                return StaticDiscovery.parse(workers);
            }
            if (workers.startsWith("redis://"))
            {
                return new RedisDiscovery(workers);
            }
            throw new IllegalArgumentException(
                "--workers must be static:HOST:PORT,... or redis://HOST:PORT or embedded, got " + workers);
        }
        if (redis != null && !redis.isBlank() && !"embedded".equals(workers))
        {
            return new RedisDiscovery(redis);
        }
        return new EmbeddedDiscovery();
    }
}
