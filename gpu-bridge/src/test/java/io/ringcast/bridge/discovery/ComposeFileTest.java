package io.ringcast.bridge.discovery;

import io.ringcast.testsupport.Externals;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Validates the root docker-compose.yml with Debian's docker-compose (no Docker engine needed) and checks its wiring.
 */
@Tag("integration")
class ComposeFileTest
{

    private static final File ROOT = new File(System.getProperty("user.dir")).getParentFile();

    @Test
    void shouldWireRedisTwoWorkersAndGatewayByRedisDiscovery() throws Exception
    {
        final String compose = Externals.require("docker-compose", "docker-compose").toString();
        final Process p = new ProcessBuilder(compose, "-f", new File(ROOT, "docker-compose.yml").getPath(), "config")
            .directory(ROOT).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "docker-compose config failed:\n" + out);

        final Map<String, List<String>> commands = commands(out);
        assertEquals(List.of("gateway", "redis", "worker1", "worker2"), List.copyOf(commands.keySet()));
        assertEquals(List.of("serve", "--bind", "0.0.0.0", "--insecure", "--redis", "redis://redis:6379"),
            commands.get("gateway"),
            "the gateway listens beyond the container's loopback (the host publishes it on loopback only)");
        for (final String w : List.of("worker1", "worker2"))
        {
            final List<String> c = commands.get(w);
            assertEquals("worker", c.get(0));
            assertTrue(String.join(" ", c).contains("--redis redis://redis:6379"),
                w + " registers in the compose Redis: " + c);
            assertTrue(String.join(" ", c).contains("--advertise " + w + ":"),
                w + " advertises its service name: " + c);
            assertTrue(String.join(" ", c).contains("--bind 0.0.0.0"), w + " listens beyond loopback: " + c);
        }
        final String dockerfile = Files.readString(new File(ROOT, "Dockerfile").toPath());
        assertTrue(
            dockerfile.contains("gpu-bridge/target/ringcast-worker.jar")
                && dockerfile.contains("gateway/target/ringcast.jar"),
            "the image carries the launcher's jars");
    }

    /** Service name to its command, from the normalized YAML that {@code docker-compose config} prints. */
    private static Map<String, List<String>> commands(final String yaml)
    {
        final Map<String, List<String>> out = new LinkedHashMap<>();
        String service = null;
        boolean inServices = false;
        boolean inCommand = false;
        for (final String line : yaml.split("\n"))
        {
            if (!line.startsWith(" "))
            {
                inServices = line.startsWith("services:");
                service = null;
            }
            else if (inServices && line.matches("  [a-z0-9_-]+:\\s*"))
            {
                service = line.trim().replace(":", "");
                out.put(service, new ArrayList<>());
                inCommand = false;
            }
            else if (service != null && line.matches("    [a-z_]+:.*"))
            {
                inCommand = line.trim().equals("command:");
            }
            else if (service != null && inCommand && line.startsWith("    - "))
            {
                out.get(service).add(unquote(line.substring(6).trim()));
            }
        }
        return out;
    }

    private static String unquote(final String s)
    {
        return s.length() >= 2 && (s.startsWith("'") || s.startsWith("\"")) ? s.substring(1, s.length() - 1) : s;
    }
}
