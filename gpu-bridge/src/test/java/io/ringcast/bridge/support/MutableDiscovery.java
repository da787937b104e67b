package io.ringcast.bridge.support;

import io.ringcast.bridge.discovery.WorkerDiscovery;
import io.ringcast.bridge.discovery.WorkerInfo;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/** Discovery a test changes by hand, as a registry would. */
public final class MutableDiscovery implements WorkerDiscovery
{

    private volatile Consumer<Set<WorkerInfo>> listener;
    private volatile Set<WorkerInfo> current;

    /** Starts with these worker addresses. */
    public MutableDiscovery(final String... addresses)
    {
        set(addresses);
    }

    /** Replaces the set (and tells the client if started). */
    public void set(final String... addresses)
    {
        final Set<WorkerInfo> s = new HashSet<>();
        for (final String a : addresses)
        {
            s.add(WorkerInfo.of(a));
        }
        current = Set.copyOf(s);
        final Consumer<Set<WorkerInfo>> l = listener;
        if (l != null)
        {
            l.accept(current);
        }
    }

    @Override
    public void start(final Consumer<Set<WorkerInfo>> onChange)
    {
        listener = onChange;
        onChange.accept(current);
    }

    @Override
    public String describe()
    {
        return "test";
    }

    @Override
    public void close()
    {
    }
}
