package io.ringcast.gateway.deploy;

import io.ringcast.engine.EngineConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/k8s/ringcast.yaml parsed: the gateway's readiness on /readyz and liveness on /livez, a preStop and a
 * grace period that cover the SIGTERM drain (the engine's default stop timeout), the worker's gRPC probes, the
 * Services' ports, a non-root security context matching the image's user, and resources.
 */
@Tag("unit")
class KubernetesManifestTest
{
    private static final String FILE = "deploy/k8s/ringcast.yaml";
    /** Time past preStop and the drain for the JVM to exit and the 1001 close frames to leave. */
    private static final long MARGIN_SECONDS = 5;

    private static Map<String, Object> find(final String kind, final String name) throws Exception
    {
        for (final Map<String, Object> doc : Yamls.load(FILE))
        {
            if (kind.equals(doc.get("kind")) && name.equals(Yamls.at(doc, "metadata.name")))
            {
                return doc;
            }
        }
        throw new AssertionError(FILE + " has no " + kind + " " + name);
    }

    private static Map<String, Object> container(final Map<String, Object> deployment)
    {
        final List<Object> containers = Yamls.list(Yamls.at(deployment, "spec.template.spec.containers"));
        assertEquals(1, containers.size());
        return Yamls.map(containers.get(0));
    }

    private static int port(final Map<String, Object> container, final String name)
    {
        for (final Object p : Yamls.list(container.get("ports")))
        {
            if (name.equals(Yamls.at(p, "name")))
            {
                return ((Number)Yamls.at(p, "containerPort")).intValue();
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    private static void assertNonRootWithResources(final Map<String, Object> deployment)
    {
        assertEquals(Boolean.TRUE, Yamls.at(deployment, "spec.template.spec.securityContext.runAsNonRoot"));
        assertEquals(10001, Yamls.at(deployment, "spec.template.spec.securityContext.runAsUser"),
            "the Dockerfile's USER");
        final Map<String, Object> c = container(deployment);
        assertEquals(Boolean.FALSE, Yamls.at(c, "securityContext.allowPrivilegeEscalation"));
        assertNotNull(Yamls.at(c, "resources.requests.cpu"));
        assertNotNull(Yamls.at(c, "resources.requests.memory"));
        assertNotNull(Yamls.at(c, "resources.limits.memory"));
    }

    private static void assertServiceTargets(final String service, final int port, final String portName)
        throws Exception
    {
        final Map<String, Object> s = find("Service", service);
        final Object only = Yamls.list(Yamls.at(s, "spec.ports")).get(0);
        assertEquals(port, Yamls.at(only, "port"));
        assertEquals(portName, Yamls.at(only, "targetPort"));
        assertEquals(Yamls.at(find("Deployment", service), "spec.selector.matchLabels"), Yamls.at(s, "spec.selector"),
            service + " selects its Deployment's pods");
    }

    @Test
    void shouldProbeTheGatewayOnReadyzAndLivezOnItsHttpPort() throws Exception
    {
        final Map<String, Object> gateway = find("Deployment", "ringcast-gateway");
        final Map<String, Object> c = container(gateway);
        assertEquals(8080, port(c, "http"));
        assertEquals("/readyz", Yamls.at(c, "readinessProbe.httpGet.path"));
        assertEquals("http", Yamls.at(c, "readinessProbe.httpGet.port"));
        assertEquals("/livez", Yamls.at(c, "livenessProbe.httpGet.path"));
        assertEquals("http", Yamls.at(c, "livenessProbe.httpGet.port"));
        assertTrue(Yamls.list(c.get("args")).contains("0.0.0.0"), "listens beyond the pod's loopback");
        assertEquals("RINGCAST_AUTH_SECRET", Yamls.at(Yamls.list(c.get("env")).get(0), "name"),
            "on the network only with auth");
        assertServiceTargets("ringcast-gateway", 8080, "http");
        assertNonRootWithResources(gateway);
    }

    @Test
    void shouldGiveTheDrainTimeToFinishBeforeTheKill() throws Exception
    {
        final long drainSeconds = TimeUnit.NANOSECONDS.toSeconds(EngineConfig.builder().build().stopTimeoutNanos());
        for (final String name : new String[]{"ringcast-gateway", "ringcast-worker"})
        {
            final Map<String, Object> d = find("Deployment", name);
            final List<Object> preStop = Yamls.list(Yamls.at(container(d), "lifecycle.preStop.exec.command"));
            assertEquals("sleep", preStop.get(0), name + ": preStop waits for the endpoint to leave the Service");
            final long sleep = Long.parseLong(preStop.get(1).toString());
            final long grace = ((Number)Yamls.at(d, "spec.template.spec.terminationGracePeriodSeconds")).longValue();
            assertTrue(grace >= sleep + drainSeconds + MARGIN_SECONDS,
                name + ": grace " + grace + " s < preStop " + sleep + " s + drain " + drainSeconds + " s + " +
                    MARGIN_SECONDS + " s");
        }
    }

    @Test
    void shouldProbeWorkersWithGrpcHealthOnTheirGrpcPort() throws Exception
    {
        final Map<String, Object> worker = find("Deployment", "ringcast-worker");
        final Map<String, Object> c = container(worker);
        final int grpc = port(c, "grpc");
        assertEquals(7001, grpc);
        assertTrue(String.join(" ", Yamls.list(c.get("args")).stream().map(Object::toString).toList())
            .contains("--port " + grpc));
        assertEquals(grpc, Yamls.at(c, "readinessProbe.grpc.port"));
        assertEquals(grpc, Yamls.at(c, "livenessProbe.grpc.port"));
        assertServiceTargets("ringcast-worker", 7001, "grpc");
        assertNonRootWithResources(worker);
    }
}
