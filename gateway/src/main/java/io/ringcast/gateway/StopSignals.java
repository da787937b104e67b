package io.ringcast.gateway;

import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Which signal stopped the daemon, for its drain log line: a shutdown hook cannot tell SIGINT (Ctrl-C) from
 * SIGTERM (an orchestrator), and an operator reading the log wants to know which it was. The handlers
 * record the name and then exit as the JVM's own handlers would, so the shutdown hook drains as before.
 */
final class StopSignals
{
    private static final String NONE = "shutdown";
    private static final AtomicReference<String> RECEIVED = new AtomicReference<>(NONE);

    private StopSignals()
    {
    }

    /** Handle SIGTERM and SIGINT (where the JVM lets us: not with {@code -Xrs}). */
    static void install()
    {
        for (final String name : new String[]{"TERM", "INT"})
        {
            try
            {
                Signal.handle(new Signal(name), s ->
                {
                    RECEIVED.compareAndSet(NONE, "SIG" + s.getName());
                    System.exit(0); // runs the shutdown hooks, as the default handler does
                });
            }
            catch (final IllegalArgumentException e)
            {
                // The signal is unknown on this OS or reserved by the JVM: the default handler stays.
            }
        }
    }

    /** @return {@code SIGTERM}, {@code SIGINT}, or {@code shutdown} when the JVM stopped for another reason. */
    static String received()
    {
        return RECEIVED.get();
    }
}
