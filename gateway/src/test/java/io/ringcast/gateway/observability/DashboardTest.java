package io.ringcast.gateway.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcast.gateway.GatewayServer;
import io.ringcast.gateway.support.Gateways;
import io.ringcast.gateway.support.Scrape;
import io.ringcast.gateway.support.TestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/grafana/ringcast.json queries only what a real gateway's /metrics exports: every metric a panel or
 * variable names is an exposed family (or a histogram's {@code _bucket}, {@code _sum}, {@code _count}),
 * quantiles come from {@code histogram_quantile} over {@code rate(..._bucket[1m])}, counters are read through
 * {@code rate()}.
 */
@Tag("integration")
class DashboardTest
{
    private static final Pattern METRIC = Pattern.compile("\\b(?:ringcast|jvm|process)_[a-z0-9_]+");

    private static Map<String, String> exposed() throws Exception
    {
        try (GatewayServer server = Gateways.start(); TestClient c = TestClient.connect(Gateways.url(server)))
        {
            c.await("ready");
            c.send("{\"type\":\"speak\",\"id\":\"d\",\"text\":\"dashboard\"}");
            c.await("audio_end");
            c.send("{\"type\":\"nonsense\"}");
            c.await("error"); // ringcast_requests_refused_total has its series once a request was refused
            return Scrape.familiesAfterGc(Gateways.http(server));
        }
    }

    /** @return the family a sample name in a query belongs to, or null when /metrics has no such family. */
    private static String family(final Map<String, String> exposed, final String sample)
    {
        if (exposed.containsKey(sample))
        {
            return sample;
        }
        final String base = sample.replaceAll("_(bucket|sum|count)$", "");
        final String type = exposed.get(base);
        if (sample.endsWith("_bucket"))
        {
            return "histogram".equals(type) ? base : null;
        }
        return "histogram".equals(type) || "summary".equals(type) ? base : null;
    }

    @Test
    void shouldQueryOnlyFamiliesTheGatewayExports() throws Exception
    {
        final Map<String, String> exposed = exposed();
        final JsonNode dashboard = new ObjectMapper().readTree(new File(Scrape.ROOT, "deploy/grafana/ringcast.json"));
        final List<String> queries = new ArrayList<>();
        int panels = 0;
        for (final JsonNode panel : dashboard.path("panels"))
        {
            if ("row".equals(panel.path("type").asText()))
            {
                continue;
            }
            panels++;
            assertFalse(panel.path("targets").isEmpty(), panel.path("title").asText() + " has queries");
            for (final JsonNode target : panel.path("targets"))
            {
                final String expr = target.path("expr").asText();
                assertTrue(METRIC.matcher(expr).find(),
                    panel.path("title").asText() + ": a query that names no ringcast metric: " + expr);
                queries.add(expr);
            }
        }
        for (final JsonNode variable : dashboard.path("templating").path("list"))
        {
            if ("query".equals(variable.path("type").asText()))
            {
                queries.add(variable.path("definition").asText());
            }
        }
        assertTrue(panels >= 10,
            "FAL, lateness, queue wait per class, drops, evictions, workers, GC: " + panels + " panels");

        final List<String> unknown = new ArrayList<>();
        for (final String expr : queries)
        {
            final Matcher m = METRIC.matcher(expr);
            while (m.find())
            {
                final String sample = m.group();
                if (family(exposed, sample) == null)
                {
                    unknown.add(sample + " in " + expr);
                }
                if (sample.endsWith("_bucket"))
                {
                    assertTrue(
                        expr.startsWith("histogram_quantile(") && expr.contains("(rate(" + sample)
                            && expr.contains("[1m]"),
                        "quantiles from histogram_quantile over rate(..._bucket[1m]): " + expr);
                }
                if ("counter".equals(exposed.get(sample)))
                {
                    assertTrue(expr.contains("rate(" + sample), "a counter is read through rate(): " + expr);
                }
            }
        }
        assertEquals(List.of(), unknown, "metrics the dashboard queries that /metrics does not export");
    }
}
