package io.ringcast.gateway.connection;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections per client address, so one address cannot take every slot of {@code max_connections}.
 * Loopback clients (a local reverse proxy, a load generator) are exempt unless configured otherwise: behind
 * a proxy every client has the proxy's address.
 */
public final class PerAddressLimit
{
    private final int max;
    private final boolean onLoopback;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    /**
     * @param max        connections one address may hold (0: no limit).
     * @param onLoopback whether loopback addresses are limited too.
     */
    public PerAddressLimit(final int max, final boolean onLoopback)
    {
        this.max = max;
        this.onLoopback = onLoopback;
    }

    /** @return true if {@code address} may open one more connection, which is now counted. */
    boolean tryAcquire(final InetAddress address)
    {
        if (!limits(address))
        {
            return true;
        }
        final boolean[] granted = new boolean[1];
        open.compute(address, (a, n) ->
        {
            final int now = n == null ? 0 : n;
            granted[0] = now < max;
            return granted[0] ? now + 1 : n;
        });
        return granted[0];
    }

    /** Counts a connection of {@code address} closed (one that {@link #tryAcquire} granted). */
    void release(final InetAddress address)
    {
        if (limits(address))
        {
            open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** @return addresses holding connections now (those the limit counts). */
    public int addresses()
    {
        return open.size();
    }

    private boolean limits(final InetAddress address)
    {
        return max > 0 && address != null && (onLoopback || !address.isLoopbackAddress());
    }
}
