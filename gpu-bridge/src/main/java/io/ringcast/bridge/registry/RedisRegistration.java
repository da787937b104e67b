package io.ringcast.bridge.registry;

import io.ringcast.bridge.kind.RequestKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A worker's entry in the Redis registry ({@link WorkerRegistry}): a key renewed every
 * {@link WorkerRegistry#HEARTBEAT_MILLIS} with a {@link WorkerRegistry#TTL_MILLIS} expiry.
 * While Redis is unreachable the heartbeat keeps trying and logs once per outage.
 */
public final class RedisRegistration implements AutoCloseable
{

    /** The kinds the reference worker serves. */
    public static final Set<RequestKind> ALL_KINDS = EnumSet.allOf(RequestKind.class);

    private static final Logger LOG = LoggerFactory.getLogger(RedisRegistration.class);

    private final RedisClient redis;
    private final String key;
    private final String value;
    private final ScheduledExecutorService timer;
    private volatile boolean failing;

    private RedisRegistration(final RedisClient redis, final String address, final Set<RequestKind> kinds)
    {
        this.redis = redis;
        this.key = WorkerRegistry.key(address);
        this.value = WorkerRegistry.encode(address, kinds);
        this.timer = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "worker-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** Registers {@code address} serving {@code kinds} in {@code redisUri} and starts heartbeating. */
    public static RedisRegistration start(final String redisUri, final String address, final Set<RequestKind> kinds)
    {
        final RedisRegistration r = new RedisRegistration(WorkerRegistry.connect(redisUri), address, kinds);
        r.beat();
        r.timer.scheduleAtFixedRate(r::beat, WorkerRegistry.HEARTBEAT_MILLIS, WorkerRegistry.HEARTBEAT_MILLIS,
            TimeUnit.MILLISECONDS);
        LOG.info("registered {} in {}", address, redisUri);
        return r;
    }

    private void beat()
    {
        try
        {
            redis.set(key, value, SetParams.setParams().px(WorkerRegistry.TTL_MILLIS));
            if (failing)
            {
                failing = false;
                LOG.info("heartbeat to Redis restored for {}", key);
            }
        }
        catch (RuntimeException e)
        {
            if (!failing)
            {
                failing = true;
                LOG.warn("heartbeat to Redis failed for {} (will retry): {}", key, e.toString());
            }
        }
    }

    /** Clean shutdown: stop heartbeating and delete the key at once. */
    @Override
    public void close()
    {
        timer.shutdownNow();
        try
        {
            redis.del(key);
        }
        catch (RuntimeException e)
        {
            LOG.warn("could not deregister {}: {}", key, e.toString());
        }
        redis.close();
    }

    /** Stops heartbeating without deregistering, as a dying process would: the key expires. */
    public void abandon()
    {
        timer.shutdownNow();
        redis.close();
    }
}
