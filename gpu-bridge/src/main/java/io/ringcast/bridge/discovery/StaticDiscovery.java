package io.ringcast.bridge.discovery;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/** A fixed list of workers, {@code static:host:port,host:port,...}; each serves every kind. */
public final class StaticDiscovery implements WorkerDiscovery
{

    /** The prefix of a static worker list. */
    public static final String PREFIX = "static:";

    private final Set<WorkerInfo> workers;

    /** Discovery of exactly {@code workers}. */
    public StaticDiscovery(final Set<WorkerInfo> workers)
    {
        this.workers = Set.copyOf(workers);
    }

    /**
     * Parses {@code static:host:port,...}.
     *
     * @throws IllegalArgumentException when the list is empty or an entry is not host:port
     */
    public static StaticDiscovery parse(final String spec)
    {
        if (!spec.startsWith(PREFIX))
        {
            throw new IllegalArgumentException("expected static:HOST:PORT,..., got " + spec);
        }
        final Set<WorkerInfo> out = new LinkedHashSet<>();
        for (final String part : spec.substring(PREFIX.length()).split(","))
        {
            final String a = part.trim();
            if (!a.isEmpty())
            {
                final WorkerInfo w = WorkerInfo.of(a);
                if (w.port() < 1 || w.port() > 65535)
                {
                    throw new IllegalArgumentException("bad port in " + a);
                }
                out.add(w);
            }
        }
        if (out.isEmpty())
        {
            throw new IllegalArgumentException("static worker list is empty: " + spec);
        }
        return new StaticDiscovery(out);
    }

    @Override
    public void start(final Consumer<Set<WorkerInfo>> onChange)
    {
        onChange.accept(workers);
    }

    @Override
    public String describe()
    {
        final StringBuilder b = new StringBuilder(PREFIX);
        for (final WorkerInfo w : workers)
        {
            b.append(b.length() > PREFIX.length() ? "," : "").append(w.address());
        }
        return b.toString();
    }

    @Override
    public void close()
    {
    }
}
