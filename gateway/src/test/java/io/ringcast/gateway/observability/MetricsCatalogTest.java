package io.ringcast.gateway.observability;

import io.ringcast.gateway.GatewayServer;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.Scrape;
import io.ringcast.gateway.support.TestClient;
import io.ringcast.testsupport.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/operations.md and a real gateway's /metrics name the same families, and every family has the type its
 * name promises: counters end in {@code _total} and only they do, latencies ({@code _seconds}) are histograms.
 * The gateway runs with the Redis topic relay (its families exist only then) after one refused request (the
 * refusal counter has a series per code once one happened).
 */
@Tag("redis")
class MetricsCatalogTest
{
    /** A metric name written in backticks, optionally followed by labels. */
    private static final Pattern DOCUMENTED = Pattern.compile("`((?:ringcast|jvm|process)_[a-z0-9_]+)(?:\\{[^`]*})?`");

    private static Map<String, String> scrapeBusyGateway() throws Exception
    {
        try (RedisServer redis = RedisServer.start();
            GatewayServer server = GatewayServer.start(Gateways.config().toBuilder().topicRelay(redis.uri()).build());
            TestClient c = TestClient.connect(Gateways.url(server)))
        {
            c.await("ready");
            c.send("{\"type\":\"speak\",\"id\":\"m\",\"text\":\"metrics\"}");
            c.await("audio_end");
            c.send("{\"type\":\"nonsense\"}");
            c.await("error");
            return Scrape.familiesAfterGc(Gateways.http(server));
        }
    }

    private static Set<String> documented() throws Exception
    {
        final String doc = Files.readString(new File(Scrape.ROOT, "docs/operations.md").toPath());
        final Set<String> out = new TreeSet<>();
        final Matcher m = DOCUMENTED.matcher(doc);
        while (m.find())
        {
            out.add(m.group(1).replaceAll("_(bucket|count|sum)$", ""));
        }
        return out;
    }

    @Test
    void shouldDocumentEveryExposedFamilyAndExposeEveryDocumentedOne() throws Exception
    {
        final Map<String, String> exposed = scrapeBusyGateway();
        final Set<String> documented = documented();

        final Set<String> undocumented = new TreeSet<>(exposed.keySet());
        undocumented.removeAll(documented);
        final Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(exposed.keySet());
        assertEquals(Set.of(), undocumented, "exposed but not in docs/operations.md");
        assertEquals(Set.of(), missing, "in docs/operations.md but not exposed");
    }

    @Test
    void shouldTypeCountersAsCountersAndLatenciesAsHistograms() throws Exception
    {
        for (final Map.Entry<String, String> f : scrapeBusyGateway().entrySet())
        {
            final String name = f.getKey();
            final String type = f.getValue();
            assertEquals(name.endsWith("_total"), "counter".equals(type), name + " is a " + type);
            if (name.startsWith("ringcast_") && name.endsWith("_seconds") && !name.endsWith("_ewma_seconds"))
            {
                assertEquals("histogram", type, name + " can be aggregated across gateways and windowed");
            }
            assertTrue(!"summary".equals(type) || name.startsWith("jvm_gc_"),
                name + ": no quantile summaries computed in process");
        }
    }
}
