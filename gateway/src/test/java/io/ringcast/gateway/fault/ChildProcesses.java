package io.ringcast.gateway.fault;

import io.ringcast.testsupport.Await;
import io.ringcast.testsupport.Externals;
import io.ringcast.testsupport.Ports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Real child processes on loopback for fault tests: reference workers and the ringcast daemon (both run
 * from this test's class path, so they are the code under test), and redis-server. Every process started
 * is remembered and killed by {@link #close()}, also when the test fails.
 */
public final class ChildProcesses implements AutoCloseable
{
    static final String WORKER_MAIN = "io.ringcast.bridge.worker.WorkerMain";
    static final String DAEMON_MAIN = "io.ringcast.gateway.RingcastMain";
    private static final String OPENS = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";

    /** A started child and the lines it printed on stdout (read on a daemon thread so it never blocks). */
    public static final class Child
    {
        public final Process process;
        final List<String> lines = new ArrayList<>();
        private final Thread reader;

        Child(final Process process)
        {
            this.process = process;
            reader = new Thread(() ->
            {
                try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
                {
                    for (String line = in.readLine(); line != null; line = in.readLine())
                    {
                        synchronized (lines)
                        {
                            lines.add(line);
                            lines.notifyAll();
                        }
                    }
                }
                catch (final IOException ignored)
                {
                    // the process died; its lines so far stay
                }
            }, "child-stdout-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        /** @return the first stdout line starting with the prefix, waiting up to the timeout. */
        public String awaitLine(final String prefix, final long millis) throws InterruptedException
        {
            final long end = System.currentTimeMillis() + millis;
            synchronized (lines)
            {
                while (true)
                {
                    for (final String l : lines)
                    {
                        if (l.startsWith(prefix))
                        {
                            return l;
                        }
                    }
                    final long left = end - System.currentTimeMillis();
                    if (left <= 0 || !process.isAlive() && !reader.isAlive())
                    {
                        throw new AssertionError(
                            "no line starting with '" + prefix + "' within " + millis + " ms (alive: " +
                                process.isAlive() + "); got " + lines);
                    }
                    lines.wait(Math.min(left, 100));
                }
            }
        }

        /** @return how many lines it printed so far that contain {@code text}. */
        public int linesContaining(final String text)
        {
            synchronized (lines)
            {
                return (int)lines.stream().filter(l -> l.contains(text)).count();
            }
        }

        /** SIGKILL, and wait until the process is gone. */
        public void kill() throws InterruptedException
        {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        /** SIGTERM. */
        public void terminate()
        {
            process.destroy();
        }
    }

    private final List<Child> children = new ArrayList<>();

    /**
     * @param args worker flags after {@code worker} (a port is added: {@code --port 0}).
     * @return a reference worker process and its address from the startup line.
     */
    Worker worker(final String... args) throws Exception
    {
        final List<String> cmd = javaCommand(WORKER_MAIN);
        cmd.add("worker");
        cmd.add("--port");
        cmd.add("0");
        cmd.addAll(List.of(args));
        final Child child = start(cmd);
        final String line = child.awaitLine("ringcast worker listening on ", 20_000);
        return new Worker(child, line.substring("ringcast worker listening on ".length()).split(" ")[0]);
    }

    /**
     * A worker that must come back on a known port (after a restart): same flags, {@code --port port}.
     */
    Worker worker(final int port, final String... args) throws Exception
    {
        final List<String> cmd = javaCommand(WORKER_MAIN);
        cmd.add("worker");
        cmd.add("--port");
        cmd.add(Integer.toString(port));
        cmd.addAll(List.of(args));
        final Child child = start(cmd);
        final String line = child.awaitLine("ringcast worker listening on ", 20_000);
        return new Worker(child, line.substring("ringcast worker listening on ".length()).split(" ")[0]);
    }

    /** A reference worker child and its address. */
    record Worker(Child child, String address)
    {
    }

    /**
     * @param port  the port to serve on (a fixed one, so a restarted daemon is found again).
     * @param flags further {@code serve} flags.
     * @return the daemon, once it printed its serving line.
     */
    public Child daemon(final int port, final String... flags) throws Exception
    {
        final List<String> cmd = javaCommand(DAEMON_MAIN);
        cmd.add(1, "-Xmx512m");
        cmd.add("serve");
        cmd.add("--port");
        cmd.add(Integer.toString(port));
        cmd.addAll(List.of(flags));
        final Child child = start(cmd);
        child.awaitLine("ringcast serving on ", 30_000);
        return child;
    }

    /**
     * A daemon as an operator runs it, for tests that look at the whole process: its own heap limit and JVM
     * options, and its stderr (the log, and what the JVM prints of an uncaught error) in {@link Child}'s lines.
     *
     * @param jvmOptions options after the defaults, so they win, e.g. {@code -Xmx1g}; one that names a garbage
     *                   collector ({@code -XX:+UseZGC}) replaces the default Serial GC.
     * @param port       the port to serve on.
     * @param flags      further {@code serve} flags.
     * @return the daemon, once it printed its serving line.
     */
    public Child daemon(final List<String> jvmOptions, final int port, final String... flags) throws Exception
    {
        final List<String> cmd = javaCommand(DAEMON_MAIN);
        if (jvmOptions.stream().anyMatch(o -> o.matches("-XX:\\+Use\\w+GC")))
        {
            cmd.remove("-XX:+UseSerialGC"); // the JVM refuses two collectors
        }
        cmd.addAll(cmd.indexOf("-cp"), jvmOptions);
        cmd.add("serve");
        cmd.add("--port");
        cmd.add(Integer.toString(port));
        cmd.addAll(List.of(flags));
        final Child child = register(new Child(new ProcessBuilder(cmd).redirectErrorStream(true).start()));
        child.awaitLine("ringcast serving on ", 30_000);
        return child;
    }

    /** @return a redis-server child on a free loopback port, accepting connections. */
    Redis redis(final int port) throws Exception
    {
        final String binary = Externals.require("redis-server", "redis-server").toString();
        final Process p =
            new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no").redirectErrorStream(true).start();
        final Child child = register(new Child(p));
        waitFor(() -> accepts(port), 10_000, "redis-server on port " + port);
        return new Redis(child, port);
    }

    /** A redis-server child. */
    record Redis(Child child, int port)
    {
        String uri()
        {
            return "redis://127.0.0.1:" + port;
        }
    }

    private static List<String> javaCommand(final String main)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + "/bin/java");
        cmd.add(OPENS);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main);
        return cmd;
    }

    private Child start(final List<String> cmd) throws IOException
    {
        return register(new Child(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start()));
    }

    private synchronized Child register(final Child child)
    {
        children.add(child);
        return child;
    }

    @Override
    public synchronized void close()
    {
        for (final Child c : children)
        {
            c.process.destroyForcibly();
        }
        for (final Child c : children)
        {
            try
            {
                c.process.waitFor(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
        children.clear();
    }

    /** @return a free loopback port (racy, fine for tests). */
    public static int freePort() throws IOException
    {
        return Ports.free();
    }

    static boolean accepts(final int port)
    {
        return Ports.accepts(port);
    }

    /**
     * Wait for a condition, polling every 5 ms.
     *
     * @return the milliseconds it took.
     */
    public static long waitFor(final BooleanSupplier condition, final long millis, final String what)
        throws InterruptedException
    {
        final long start = System.nanoTime();
        Await.expect(condition::getAsBoolean, Duration.ofMillis(millis), what);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
