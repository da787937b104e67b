package io.ringcast.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server process on a free loopback port, without persistence: the one on PATH (Debian package
 * redis-server), else the linux-amd64 binary inside the embedded-redis jar when a module has it on its test
 * classpath, else the test is skipped (failed under {@code RINGCAST_REQUIRE_EXTERNALS=1}).
 */
public final class RedisServer implements AutoCloseable
{
    private static final String EMBEDDED_BINARY = "/redis-server-6.2.6-v5-linux-amd64";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;

    private RedisServer(final Process process, final int port)
    {
        this.process = process;
        this.port = port;
    }

    /**
     * @return a started server that accepts connections.
     * @throws IOException          when it cannot be started or does not listen in time.
     * @throws InterruptedException when interrupted while waiting for it.
     */
    public static RedisServer start() throws IOException, InterruptedException
    {
        final String binary = Externals.onPath("redis-server").map(Path::toString).orElseGet(RedisServer::embedded);
        final int port = Ports.free();
        final Process p = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final RedisServer server = new RedisServer(p, port);
        if (!Await.until(() -> Ports.accepts(port) || !p.isAlive(), START_TIMEOUT) || !p.isAlive())
        {
            server.close();
            throw new IOException(
                "redis-server did not listen on " + port + " within " + START_TIMEOUT.toSeconds() + " s");
        }
        return server;
    }

    private static String embedded()
    {
        try (InputStream in = RedisServer.class.getResourceAsStream(EMBEDDED_BINARY))
        {
            if (in == null)
            {
                Externals.missing("redis-server not found on PATH: install the Debian package 'redis-server'");
            }
            final Path f = Files.createTempFile("redis-server", "");
            Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
            f.toFile().setExecutable(true);
            f.toFile().deleteOnExit();
            return f.toString();
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("could not unpack the embedded redis-server", e);
        }
    }

    /** @return its port. */
    public int port()
    {
        return port;
    }

    /** @return {@code redis://127.0.0.1:PORT}. */
    public String uri()
    {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server at once and waits (a few seconds at most) for it to exit. */
    @Override
    public void close()
    {
        process.destroyForcibly();
        try
        {
            process.waitFor(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            // AutoCloseable.close must not throw InterruptedException (javac -Xlint:try): keep the interrupt.
            Thread.currentThread().interrupt();
        }
    }
}
