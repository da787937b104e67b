package io.ringcast.gateway;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which signal stopped the daemon, for its drain log line: a shutdown hook cannot tell SIGINT (Ctrl-C) from
 * SIGTERM (an orchestrator), and an operator reading the log wants to know which it was. The handlers
 * record the name and then exit as the JVM's own handlers would, so the shutdown hook drains as before.
 * <p>
 * The JDK's only way to handle a signal is {@code sun.misc.Signal} (module jdk.unsupported). It is reached
 * through reflection, not named in the source: javac warns on every use of it ("internal proprietary API"),
 * no {@code -Xlint} key or annotation silences that warning, and the build compiles with {@code -Werror}.
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
        final Class<?> signalClass;
        final Class<?> handlerClass;
        final Method handle;
        final Method getName;
        try
        {
            signalClass = Class.forName("sun.misc.Signal");
            handlerClass = Class.forName("sun.misc.SignalHandler");
            handle = signalClass.getMethod("handle", signalClass, handlerClass);
            getName = signalClass.getMethod("getName");
        }
        catch (final ReflectiveOperationException e)
        {
            return; // a JDK without jdk.unsupported: the default handlers stay, the log says "shutdown"
        }
        // SignalHandler has one method, handle(Signal); every call of the proxy is that one.
        final Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[]{handlerClass},
            (proxy, method, args) ->
            {
                if (method.getDeclaringClass() == Object.class)
                {
                    return objectMethod(proxy, method, args);
                }
                RECEIVED.compareAndSet(NONE, "SIG" + getName.invoke(args[0]));
                System.exit(0); // runs the shutdown hooks, as the default handler does
                return null;
            });
        for (final String name : new String[]{"TERM", "INT"})
        {
            try
            {
                handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
            }
            catch (final ReflectiveOperationException | IllegalArgumentException e)
            {
                // The signal is unknown on this OS or reserved by the JVM (the constructor or handle threw
                // IllegalArgumentException, wrapped by reflection): the default handler stays.
            }
        }
    }

    /** @return {@code SIGTERM}, {@code SIGINT}, or {@code shutdown} when the JVM stopped for another reason. */
    static String received()
    {
        return RECEIVED.get();
    }

    /** equals, hashCode and toString of the handler proxy, as an Object's. */
    private static Object objectMethod(final Object proxy, final Method method, final Object[] args)
    {
        switch (method.getName())
        {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return "StopSignals.handler";
        }
    }
}
