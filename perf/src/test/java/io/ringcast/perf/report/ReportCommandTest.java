package io.ringcast.perf.report;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class ReportCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRenderADaemonsIntervalLogIntoHgrmAndHtml() throws Exception
    {
        try (var out = Files.newOutputStream(dir.resolve("ringcast-1.hlog")))
        {
            final HistogramLogWriter w = new HistogramLogWriter(out);
            w.outputLogFormatVersion();
            w.outputStartTime(1_000);
            w.setBaseTime(1_000);
            w.outputLegend();
            for (int i = 0; i < 3; i++)
            {
                final Histogram h = new Histogram(3);
                h.recordValueWithCount(2_000_000L * (i + 1), 10); // 2, 4, 6 ms in nanoseconds
                h.setTag("end_to_end.critical");
                h.setStartTimeStamp(1_000 + i * 1_000L);
                h.setEndTimeStamp(2_000 + i * 1_000L);
                w.outputIntervalHistogram(h);
            }
        }

        assertEquals(0, ReportCommand.execute(new String[]{dir.toString()}));

        final List<String> hgrm = Files.readAllLines(dir.resolve("end_to_end.critical.hgrm"));
        assertTrue(hgrm.stream().anyMatch(l -> l.trim().startsWith("Value")), "the plotter's header");
        // 4 fields per line, as HdrHistogram's plotter reads; its own writer leaves 1/(1-p) off the 100% line.
        assertTrue(hgrm.stream().filter(l -> !l.startsWith("#") && !l.isBlank() && !l.trim().startsWith("Value"))
            .map(l -> l.trim().split("\\s+"))
            .allMatch(f -> f.length == 4 || f.length == 3 && f[1].startsWith("1.0")), "plotter format");
        assertTrue(hgrm.get(0).startsWith("#") && hgrm.get(0).contains("in ms"),
            "the first line names the unit: " + hgrm.get(0));
        assertTrue(hgrm.stream().anyMatch(l -> l.matches("#\\[Max\\s+=\\s+6\\.\\d+,.*")),
            "values in ms like the bench's .hgrm files: max 6 ms, not 6000: " + hgrm);
        final String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("end_to_end.critical") && html.contains("<svg"));
        assertTrue(html.contains("<th>p99 (ms)</th>") && html.contains(">6.003<"),
            "the table in ms, its unit in the header");
        assertFalse(html.contains(">raw") || html.contains(">corrected"),
            "one curve per series: corrected and raw were the same data");
        assertEquals(1, html.split("<polyline").length - 1 - 2, "one percentile curve, then p99 and max over time");
        assertEquals(2, ReportCommand.execute(new String[]{dir.resolve("empty").toString()}),
            "a folder without logs is refused");
    }
}
