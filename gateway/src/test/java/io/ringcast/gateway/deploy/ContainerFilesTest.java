package io.ringcast.gateway.deploy;

import io.ringcast.gateway.support.Scrape;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The properties of the Dockerfile, .dockerignore and docker-compose.yml that an operator relies on and no
 * build here can show (there is no Docker engine in CI): a non-root user, the ports, a health check on
 * /livez, a dependency layer that survives source edits, container-sized JVM flags, a build context without
 * .git and build output, and compose services that wait for healthy dependencies.
 */
@Tag("unit")
class ContainerFilesTest
{
    private static String read(final String path) throws Exception
    {
        return Files.readString(new File(Scrape.ROOT, path).toPath());
    }

    /** @return the instructions of the Dockerfile's last stage, continuation lines joined, comments dropped. */
    private static List<String> runtimeStage() throws Exception
    {
        final List<String> all = instructions();
        int from = 0;
        for (int i = 0; i < all.size(); i++)
        {
            if (all.get(i).startsWith("FROM "))
            {
                from = i;
            }
        }
        return all.subList(from, all.size());
    }

    private static List<String> instructions() throws Exception
    {
        final List<String> out = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        for (final String raw : read("Dockerfile").split("\n"))
        {
            final String line = raw.strip();
            if (line.startsWith("#") || line.isEmpty() && current.length() == 0)
            {
                continue;
            }
            current.append(line.endsWith("\\") ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!line.endsWith("\\"))
            {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return out;
    }

    private static String last(final List<String> stage, final String instruction)
    {
        String found = null;
        for (final String i : stage)
        {
            if (i.startsWith(instruction + " "))
            {
                found = i.substring(instruction.length() + 1).strip();
            }
        }
        return found;
    }

    @Test
    void shouldRunAsANumericNonRootUserWithPortsAndALivenessHealthcheck() throws Exception
    {
        final List<String> stage = runtimeStage();
        final String user = last(stage, "USER");
        assertNotNull(user, "the runtime stage sets USER");
        final String uid = user.split(":")[0];
        assertTrue(uid.matches("[0-9]+") && !"0".equals(uid),
            "USER is a numeric uid other than root (runAsNonRoot checks it): " + user);
        final String expose = last(stage, "EXPOSE");
        assertNotNull(expose, "EXPOSE");
        assertTrue(List.of(expose.split("\\s+")).containsAll(List.of("8080", "7001")), "EXPOSE " + expose);
        final String health = last(stage, "HEALTHCHECK");
        assertNotNull(health, "HEALTHCHECK");
        assertTrue(health.contains("CMD"), health);
        final String script = read("deploy/docker/healthcheck");
        assertTrue(script.contains("/livez"), "the gateway's check asks /livez");
        assertTrue(
            String.join("\n", stage).contains("COPY deploy/docker/healthcheck /usr/local/bin/ringcast-healthcheck")
                && health.contains("/usr/local/bin/ringcast-healthcheck"),
            "the image carries the script it runs: " + health);
        assertTrue(String.join("\n", stage).contains("curl"), "the check's curl is installed (the JRE image has none)");
    }

    @Test
    void shouldSizeTheJvmForAContainerAndKeepTheAgronaOpens() throws Exception
    {
        final String env = last(runtimeStage(), "ENV");
        assertNotNull(env);
        assertTrue(env.startsWith("JAVA_OPTS="), env);
        assertFalse(env.contains("AlwaysPreTouch"), "no pre-touched heap by default: " + env);
        assertTrue(env.contains("--add-opens java.base/jdk.internal.misc=ALL-UNNAMED"), env);
        assertTrue(env.contains("-Xmx512m"), "a heap smaller than the launcher's 2g: " + env);
    }

    @Test
    void shouldResolveDependenciesFromThePomsBeforeAnySourceIsCopied() throws Exception
    {
        final List<String> all = instructions();
        int firstPom = -1;
        int firstMvn = -1;
        int firstSource = -1;
        for (int i = 0; i < all.size(); i++)
        {
            final String s = all.get(i);
            assertFalse(s.matches("COPY \\. .*"),
                "no COPY . . : every source edit would invalidate the dependency layer");
            if (firstPom < 0 && s.startsWith("COPY ") && s.contains("pom.xml"))
            {
                firstPom = i;
            }
            if (firstMvn < 0 && s.startsWith("RUN ") && s.contains("mvn "))
            {
                firstMvn = i;
            }
            if (firstSource < 0 && s.startsWith("COPY ") && s.contains("/src/main ") && !s.contains("/src/main/proto"))
            {
                firstSource = i;
            }
        }
        assertTrue(firstPom >= 0 && firstMvn > firstPom && firstSource > firstMvn,
            "poms, then a Maven run, then sources: pom " + firstPom + ", mvn " + firstMvn + ", source " + firstSource);
        for (final String module : new String[]{"engine", "gpu-bridge", "gateway", "perf"})
        {
            assertTrue(all.contains("COPY " + module + "/pom.xml " + module + "/"),
                "the reactor needs " + module + "/pom.xml");
        }
    }

    @Test
    void shouldKeepGitAndBuildOutputOutOfTheBuildContext() throws Exception
    {
        final List<String> ignored = List.of(read(".dockerignore").split("\n"));
        for (final String must : new String[]{".git", "target", "**/target", "**/node_modules"})
        {
            assertTrue(ignored.contains(must), ".dockerignore lists " + must);
        }
        assertFalse(ignored.contains("deploy/docker") || ignored.contains("deploy"),
            "the healthcheck script is copied into the image");
    }

    @Test
    void shouldStartComposeServicesOnlyOnceWhatTheyNeedIsHealthy() throws Exception
    {
        final Map<String, Object> services = Yamls.map(Yamls.at(Yamls.load("docker-compose.yml").get(0), "services"));
        assertEquals(List.of("redis", "worker1", "worker2", "gateway"), List.copyOf(services.keySet()));
        for (final Map.Entry<String, Object> s : services.entrySet())
        {
            final List<Object> test = Yamls.list(Yamls.at(s.getValue(), "healthcheck.test"));
            assertFalse(test.isEmpty(), s.getKey() + " has a healthcheck");
            final Object dependsOn = Yamls.at(s.getValue(), "depends_on");
            if (dependsOn != null)
            {
                assertTrue(dependsOn instanceof Map, s.getKey() + ": depends_on with conditions, not a list");
                for (final Map.Entry<String, Object> d : Yamls.map(dependsOn).entrySet())
                {
                    assertEquals("service_healthy", Yamls.at(d.getValue(), "condition"),
                        s.getKey() + " waits for " + d.getKey());
                }
            }
        }
        assertEquals(List.of("CMD", "redis-cli", "ping"), Yamls.at(services.get("redis"), "healthcheck.test"));
        assertTrue(Yamls.list(Yamls.at(services.get("gateway"), "healthcheck.test")).toString().contains("/readyz"));
        assertEquals(3, Yamls.map(Yamls.at(services.get("gateway"), "depends_on")).size(),
            "the gateway waits for redis and both workers");
    }
}
