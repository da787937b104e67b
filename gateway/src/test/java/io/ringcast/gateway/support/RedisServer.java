package io.ringcast.gateway.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real redis-server process (Debian package redis-server) on a free loopback port. */
public final class RedisServer implements AutoCloseable
{
    private final Process process;
    private final int port;

    private RedisServer(final Process process, final int port)
    {
        this.process = process;
        this.port = port;
    }

    /** @return a started server, or the test is skipped (failed under RINGCAST_REQUIRE_EXTERNALS=1). */
    public static RedisServer start() throws Exception
    {
        final Path binary = Externals.require("redis-server", "redis-server");
        final int port;
        try (ServerSocket s = new ServerSocket(0))
        {
            port = s.getLocalPort();
        }
        final Process p = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final RedisServer server = new RedisServer(p, port);
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end)
        {
            try (Socket probe = new Socket("127.0.0.1", port))
            {
                return server;
            }
            catch (final IOException notYet)
            {
                Thread.sleep(20);
            }
        }
        server.close();
        throw new IllegalStateException("redis-server did not listen on " + port + " within 10 s");
    }

    /** @return redis://127.0.0.1:PORT */
    public String uri()
    {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
