package io.ringcast.perf.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcast.perf.harness.scenario.Scenarios;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole suite in smoke mode ({@code --quick}) against the embedded gateway, once: every scenario must
 * complete and every output file must be there and readable by the tools it is written for.
 */
@Tag("integration")
class BenchSuiteTest
{
    @TempDir
    static Path dir;

    static int exitCode;

    static JsonNode summary;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void runQuickSuite() throws Exception
    {
        exitCode = BenchCommand.execute("--quick", "--no-progress", "--sessions", "1,3", "--duration", "1s",
            "--jitter-sessions", "10", "--soak-duration", "2s", "--out", dir.toString());
        summary = JSON.readTree(dir.resolve("summary.json").toFile());
    }

    @Test
    void shouldRunEveryScenarioToTheEnd()
    {
        final Set<String> ran = new HashSet<>();
        for (final JsonNode s : summary.path("scenarios"))
        {
            assertTrue(s.path("error").isMissingNode(),
                s.path("name").asText() + " failed: " + s.path("error").asText());
            ran.add(s.path("name").asText());
        }
        assertEquals(new HashSet<>(Scenarios.names()), ran);
    }

    @Test
    void shouldExitWithTheVerdictOfTheSummary()
    {
        assertEquals(summary.path("passed").asBoolean() ? 0 : 1, exitCode);
        assertEquals(exitCode, summary.path("exit_code").asInt());
    }

    @Test
    void shouldWriteHgrmThePlotterCanRead() throws Exception
    {
        for (final String name : List.of("fal-1.hgrm", "fal-3.hgrm", "fal-1-raw.hgrm", "fal.hgrm", "jitter-10.hgrm",
            "barge-in.hgrm",
            "throughput.hgrm", "distribution.hgrm", "priority.hgrm"))
        {
            final List<String> lines = Files.readAllLines(dir.resolve(name));
            assertTrue(lines.get(0).startsWith("# ") && lines.get(0).endsWith("in ms (milliseconds)"),
                name + " names its unit: " + lines.get(0));
            int plotted = 0;
            for (final String line : lines)
            {
                final String[] f = line.trim().split("\\s+");
                if (line.isBlank() || line.startsWith("#") || f[0].equals("Value"))
                {
                    continue;
                }
                assertTrue(f.length == 4 || f.length == 3, name + ": " + line);
                assertFalse(line.contains(","), name + " must not be the CSV variant: " + line);
                if (f.length == 4)
                {
                    Double.parseDouble(f[0]);
                    final double p = Double.parseDouble(f[1]);
                    assertTrue(p >= 0 && p <= 1, line);
                    Long.parseLong(f[2]);
                    Double.parseDouble(f[3]);
                    plotted++;
                }
            }
            assertTrue(plotted >= 2, name + " has data lines with exactly 4 fields");
        }
    }

    @Test
    void shouldWriteHlogsTheLogReaderReads() throws Exception
    {
        final HistogramLogReader reader = new HistogramLogReader(dir.resolve("fal.hlog").toFile());
        final Set<String> tags = new HashSet<>();
        long count = 0;
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null)
        {
            tags.add(h.getTag());
            count += ((Histogram)h).getTotalCount();
        }
        reader.close();
        assertTrue(tags.containsAll(Set.of("fal-1", "fal-1-raw", "fal-3", "fal-3-raw")), "tags: " + tags);
        assertTrue(count > 0);
        for (final String scenario : Scenarios.names())
        {
            assertTrue(dir.resolve(scenario + ".hlog").toFile().isFile(), scenario + ".hlog");
        }
    }

    @Test
    void shouldWriteSummaryJsonWithMetricsTargetsAndSeries()
    {
        assertEquals("ringcast bench", summary.path("tool").asText());
        assertEquals(Runtime.getRuntime().availableProcessors(), summary.path("machine").path("cores").asInt());
        assertTrue(summary.path("harness").has("loopback TCP round trip p50 ms"));
        boolean falTarget = false;
        for (final JsonNode m : summary.path("metrics"))
        {
            assertTrue(m.has("scenario") && m.has("name") && m.has("measured") && m.has("unit") && m.has("target")
                && m.has("pass"));
            if (m.path("name").asText().equals("fal p95 @1 sessions"))
            {
                falTarget = true;
                assertEquals("< 300 ms", m.path("target").asText());
                assertTrue(m.path("measured").asDouble() > 0);
            }
        }
        assertTrue(falTarget, "fal p95 @1 has the docs/perf.md target");
        int gateway = 0;
        for (final JsonNode m : summary.path("metrics"))
        {
            if (m.path("name").asText().contains("zero-delay worker"))
            {
                gateway++;
                assertTrue(m.path("pass").isNull() && m.path("not_judged").asText().startsWith("not judged by --quick"),
                    "--quick shows the gateway targets and says why it does not judge them: " + m);
            }
        }
        assertTrue(gateway > 0, "the gateway targets are shown");
        assertEquals("ms", summary.path("time_unit").asText());
        final JsonNode fal1 = find(summary.path("series"), "fal-1");
        assertNotNull(fal1);
        assertTrue(fal1.path("corrected_ms").path("count").asLong() > 0);
        assertTrue(
            fal1.path("corrected_ms").path("p99").asDouble() >= fal1.path("corrected_ms").path("p50").asDouble());
        assertTrue(fal1.path("raw_ms").has("p99"));
    }

    @Test
    void shouldWriteSummaryMarkdownTable() throws Exception
    {
        final String md = Files.readString(dir.resolve("summary.md"));
        assertTrue(md.contains("| scenario | metric | target | measured | pass |"));
        assertTrue(md.contains("| fal | fal p95 @1 sessions | < 300 ms |"));
    }

    @Test
    void shouldWriteASelfContainedHtmlReportWithPlots() throws Exception
    {
        final String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<svg"), "inline SVG plots");
        assertTrue(html.contains("1/(1-p)"), "log-scale percentile axis");
        assertTrue(html.contains("run time (s)") && html.contains("latency (ms)"),
            "latency over time, units on the axes");
        assertTrue(html.contains("99.99%"));
        assertFalse(html.contains("<script src") || html.contains("<link ") || html.contains("src='http")
            || html.contains("src=\"http"), "no external assets");
    }

    @Test
    void shouldExitNonZeroOnAnSloMiss(@TempDir final Path other) throws Exception
    {
        final int code =
            BenchCommand.execute("--quick", "--no-progress", "--scenario", "fal", "--sessions", "1", "--duration", "1s",
                "--target-fal-p95-ms", "1=0.001", "--out", other.toString());
        assertEquals(1, code);
        final JsonNode s = JSON.readTree(other.resolve("summary.json").toFile());
        assertFalse(s.path("passed").asBoolean());
        assertTrue(new File(other.toFile(), "fal-1.hgrm").isFile());
    }

    @Test
    void shouldCompareTwoRunsMetricByMetric() throws Exception
    {
        final String table =
            io.ringcast.perf.harness.report.Comparison.render(dir.toFile(), dir.resolve("summary.json").toFile());
        assertTrue(table.startsWith("| scenario | metric | A: "));
        assertTrue(table.contains("| fal | fal p95 @1 sessions | "), table);
        for (final String row : table.split("\n"))
        {
            if (row.startsWith("| fal | fal p95"))
            {
                assertTrue(row.endsWith("| 1 |"), "a run against itself has ratio 1: " + row);
            }
        }
    }

    @Test
    void shouldRefuseUnknownScenariosAndRemoteUrls()
    {
        assertEquals(2, BenchCommand.execute("--scenario", "nope"));
        assertEquals(2, BenchCommand.execute("--url", "ws://192.0.2.1:8080", "--scenario", "fal"));
    }

    private static JsonNode find(final JsonNode array, final String name)
    {
        for (final JsonNode n : array)
        {
            if (name.equals(n.path("name").asText()))
            {
                return n;
            }
        }
        return null;
    }
}
