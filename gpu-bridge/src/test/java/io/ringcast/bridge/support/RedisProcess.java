package io.ringcast.bridge.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server process on a free loopback port: the one on PATH, else the linux-amd64
 * binary shipped inside the embedded-redis test dependency.
 */
public final class RedisProcess implements AutoCloseable {

    private static final String EMBEDDED_BINARY = "/redis-server-6.2.6-v5-linux-amd64";

    private final Process process;
    private final int port;

    private RedisProcess(final Process process, final int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts redis-server without persistence and waits until it accepts connections. */
    public static RedisProcess start() throws IOException, InterruptedException {
        final int port = freePort();
        final String binary = Externals.onPath("redis-server").orElse(embeddedBinary());
        final Process p = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new RedisProcess(p, port);
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new IOException("redis-server did not start on port " + port);
    }

    private static String embeddedBinary() {
        try (InputStream in = RedisProcess.class.getResourceAsStream(EMBEDDED_BINARY)) {
            if (in == null) {
                Externals.missing("no redis-server on PATH and no embedded binary: install the Debian package 'redis-server'");
            }
            final Path f = Files.createTempFile("redis-server", "");
            Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
            final File file = f.toFile();
            file.setExecutable(true);
            file.deleteOnExit();
            return file.getAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A free TCP port on loopback (racy but fine for tests). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server at once. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
