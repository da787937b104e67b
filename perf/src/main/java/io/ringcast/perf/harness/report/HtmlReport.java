package io.ringcast.perf.harness.report;

import io.ringcast.perf.harness.measure.SeriesRecorder;
import io.ringcast.perf.harness.scenario.GaugeSeries;
import io.ringcast.perf.harness.scenario.Metric;
import io.ringcast.perf.harness.scenario.ScenarioOutcome;
import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, no external asset) with the
 * summary table, then per scenario its notes, a percentile plot (corrected and raw) and a latency-over-time
 * chart per series, and its gauges over time.
 */
public final class HtmlReport
{
    private HtmlReport()
    {
    }

    /**
     * @param run the run.
     * @return the HTML page.
     */
    public static String render(final RunReport run)
    {
        final StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html><html><head><meta charset='utf-8'><title>ringcast bench ").append(esc(run.started()))
            .append("</title><style>body{font-family:sans-serif;margin:24px;max-width:1400px}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}.pass{color:#080}.FAIL{color:#c00;font-weight:bold}"
                + ".info{color:#666}.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid #eee;padding:4px}"
                + "h3{margin-bottom:4px}p.d{color:#555;margin-top:0}</style></head><body>");
        b.append("<h1>ringcast bench</h1><p>").append(esc(run.started())).append(" &middot; ").append(esc(run.target()))
            .append(" &middot; <code>").append(esc(run.url())).append("</code><br>machine: ").append(esc(run.machine().toString()))
            .append("</p><h2>Result: <span class='").append(run.passed() ? "pass'>PASS" : "FAIL'>FAIL").append("</span></h2>");
        b.append("<table><tr><th>scenario</th><th>metric</th><th>target</th><th>measured</th><th>pass</th></tr>");
        for (final ScenarioOutcome o : run.outcomes())
        {
            if (o.error() != null)
            {
                b.append("<tr><td>").append(esc(o.name())).append("</td><td colspan='3'>did not complete: ").append(esc(o.error()))
                    .append("</td><td class='FAIL'>FAIL</td></tr>");
            }
            for (final Metric m : o.context().metrics())
            {
                b.append("<tr><td>").append(esc(m.scenario())).append("</td><td>").append(esc(m.name())).append("</td><td>")
                    .append(esc(m.target())).append("</td><td>").append(esc(m.measuredText())).append("</td><td class='")
                    .append(m.verdict()).append("'>").append(m.verdict()).append("</td></tr>");
            }
        }
        b.append("</table><h2>Harness overhead</h2><ul>");
        run.harness().forEach((k, v) -> b.append("<li>").append(esc(k)).append(": ").append(esc(String.valueOf(v))).append("</li>"));
        b.append("</ul>");
        for (final ScenarioOutcome o : run.outcomes())
        {
            scenario(b, o);
        }
        return b.append("<p class='d'>Percentile plots: x is 1/(1-percentile) on a log scale as HdrHistogram plots are drawn; "
            + "'corrected' latency is measured from the intended send time (coordinated omission corrected), 'raw' from the "
            + "actual send time.</p></body></html>").toString();
    }

    private static void scenario(final StringBuilder b, final ScenarioOutcome o)
    {
        b.append("<h2 id='").append(esc(o.name())).append("'>").append(esc(o.name())).append("</h2><p class='d'>")
            .append(esc(o.description())).append(String.format(" (%.1f s)", o.seconds())).append("</p>");
        final List<String> notes = o.context().notes();
        if (!notes.isEmpty())
        {
            b.append("<ul>");
            notes.forEach(n -> b.append("<li>").append(esc(n)).append("</li>"));
            b.append("</ul>");
        }
        for (final SeriesRecorder s : o.context().allSeries())
        {
            final Histogram c = s.corrected();
            if (c.getTotalCount() == 0)
            {
                continue;
            }
            b.append("<h3>").append(esc(s.name())).append("</h3><p class='d'>").append(esc(s.description()))
                .append(String.format(" &middot; n=%d, p50=%.3f ms, p99=%.3f ms, max=%.3f ms &middot; %s.hgrm",
                    c.getTotalCount(), c.getValueAtPercentile(50) / 1000.0, c.getValueAtPercentile(99) / 1000.0,
                    c.getMaxValue() / 1000.0, esc(s.name())))
                .append("</p><div class='charts'><div class='chart'>").append(Svg.percentilePlot(c, s.raw()))
                .append("</div><div class='chart'>").append(Svg.timeline(s.timeline())).append("</div></div>");
        }
        for (final GaugeSeries g : o.context().gauges())
        {
            if (!g.points().isEmpty())
            {
                b.append("<h3>").append(esc(g.name())).append("</h3><div class='chart'>")
                    .append(Svg.lineChart(List.of(new Svg.Line(g.name(), g.points())), "run time s", g.unit())).append("</div>");
            }
        }
    }

    private static String esc(final String s)
    {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
