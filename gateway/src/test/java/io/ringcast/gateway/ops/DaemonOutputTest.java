package io.ringcast.gateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcast.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What an operator sees of the daemons, run as child JVMs from this test's class path: {@code --version} of
 * ringcast, serve and worker; log records as JSON lines or timestamped text on standard error; the drain
 * line naming the signal that stopped the daemon.
 */
@Tag("integration")
class DaemonOutputTest
{
    private static final String DAEMON_MAIN = "io.ringcast.gateway.RingcastMain";
    private static final String WORKER_MAIN = "io.ringcast.bridge.worker.WorkerMain";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers()
    {
        started.forEach(Process::destroyForcibly);
    }

    /** A child with stdout and stderr in files. */
    private record Child(Process process, Path out, Path err)
    {
        String stdout() throws IOException
        {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        List<String> stderrLines() throws IOException
        {
            return Files.readAllLines(err, StandardCharsets.UTF_8);
        }
    }

    private Child start(final String main, final String... args) throws IOException
    {
        final List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java",
            "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp", System.getProperty("java.class.path"), main));
        if (Runtime.version().feature() >= 24)
        {
            // As the launcher runs the daemon on JDK 24+: netty's sun.misc.Unsafe use would print a 4-line warning.
            cmd.add(1, "--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of(args));
        final Path out = Files.createTempFile(dir, "out", ".txt");
        final Path err = Files.createTempFile(dir, "err", ".txt");
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("RINGCAST_"));
        final Process p = pb.start();
        started.add(p);
        return new Child(p, out, err);
    }

    private static Child finished(final Child c) throws Exception
    {
        assertTrue(c.process().waitFor(60, TimeUnit.SECONDS), "the child exits");
        return c;
    }

    private static void awaitServing(final Child c) throws Exception
    {
        Await.until(() -> c.stdout().startsWith("ringcast serving on ") || !c.process().isAlive(),
            Duration.ofSeconds(60));
        if (!c.stdout().startsWith("ringcast serving on "))
        {
            fail("no serving line; stdout: " + c.stdout() + "; stderr: " + c.stderrLines());
        }
    }

    private static void assertVersion(final Child c) throws Exception
    {
        assertEquals(0, finished(c).process().exitValue(), String.join("\n", c.stderrLines()));
        final String[] lines = c.stdout().split("\n");
        assertEquals(3, lines.length, c.stdout());
        assertTrue(lines[0].matches("ringcast \\d+\\.\\d+\\.\\d+\\S*"), lines[0]);
        assertTrue(lines[1].matches("revision ([0-9a-f]{7,}(-dirty)?|unknown)"), lines[1]);
        assertTrue(lines[2].startsWith("jdk " + Runtime.version().feature()), lines[2]);
    }

    @Test
    void shouldPrintVersionRevisionAndJdk() throws Exception
    {
        assertVersion(start(DAEMON_MAIN, "--version"));
        assertVersion(start(DAEMON_MAIN, "serve", "-V"));
        assertVersion(start(DAEMON_MAIN, "serve", "--version"));
        assertVersion(start(WORKER_MAIN, "worker", "--version"));
    }

    @Test
    void shouldRefuseABadWorkerFlagOnOneLine() throws Exception
    {
        final Child worker = finished(start(WORKER_MAIN, "worker", "--port", "abc"));
        assertEquals(2, worker.process().exitValue());
        assertEquals(List.of("ringcast worker: Invalid value for option '--port': 'abc' is not an int"),
            worker.stderrLines(), "one line, not the usage after it");
        assertEquals("", worker.stdout());
    }

    @Test
    void shouldLogJsonLinesAndNameSigterm() throws Exception
    {
        final Child daemon =
            start(DAEMON_MAIN, "serve", "--port", "0", "--worker-cost-model", "none", "--log-format", "json");
        awaitServing(daemon);
        daemon.process().destroy(); // SIGTERM
        assertEquals(0, finished(daemon).process().exitValue());
        final List<String> lines = daemon.stderrLines();
        assertFalse(lines.isEmpty(), "the daemon logged nothing");
        final List<String> messages = new ArrayList<>();
        for (final String line : lines)
        {
            final JsonNode record = JSON.readTree(line); // throws on anything but JSON
            assertTrue(record.isObject() && record.hasNonNull("level") && record.hasNonNull("loggerName"), line);
            messages.add(record.path("formattedMessage").asText());
        }
        assertTrue(messages.contains("draining (SIGTERM)"), messages.toString());
        // Undertow logs through jboss-logging: its records are JSON too, not JUL's two-line text.
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("starting server: Undertow")), messages.toString());
    }

    @Test
    void shouldLogTimestampedTextAndNameSigint() throws Exception
    {
        final Child daemon = start(DAEMON_MAIN, "serve", "--port", "0", "--worker-cost-model", "none");
        awaitServing(daemon);
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(daemon.process().pid())).start().waitFor());
        assertEquals(0, finished(daemon).process().exitValue());
        final List<String> lines = daemon.stderrLines();
        assertTrue(
            lines.stream().anyMatch(
                l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S* INFO .*draining \\(SIGINT\\)")),
            String.join("\n", lines));
        assertTrue(
            lines.stream()
                .allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT.*") || l.startsWith("\t") || l.startsWith("Caused by")),
            "every record starts with its timestamp:\n" + String.join("\n", lines));
    }
}
