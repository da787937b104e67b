package io.ringcast.perf.harness.report;

import io.ringcast.perf.harness.measure.SeriesRecorder;
import io.ringcast.perf.harness.scenario.GaugeSeries;
import io.ringcast.perf.harness.scenario.Metric;
import io.ringcast.perf.harness.scenario.ScenarioOutcome;
import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, no external asset; a CSP meta
 * tag forbids any request). It opens with a headline card (verdict and why, targets not judged and why, key
 * figures), then the charts people look at first (FAL percentile curves per session count overlaid, per-frame
 * lateness curves, FAL p99/max over time), then the table of every figure, then per scenario its notes, a
 * percentile plot and a latency-over-time chart per series, and its gauges. Every time is in ms.
 */
public final class HtmlReport
{
    /**
     * The page's Content-Security-Policy. Nothing may be fetched: no script, font, image or frame from anywhere; inline
     * styles and data: images only.
     */
    public static final String CSP =
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

    private static final String STYLE = "body{font-family:sans-serif;margin:24px;max-width:1400px;color:#222}" +
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:left}" +
        ".pass{color:#080}.FAIL{color:#c00;font-weight:bold}.info{color:#666}.nj{color:#a60}" +
        ".charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid #eee;padding:4px}" +
        ".card{border:2px solid #ccc;border-radius:6px;padding:12px 18px;margin:12px 0 20px;max-width:1290px}" +
        ".card.ok{border-color:#080}.card.bad{border-color:#c00}.card h2{margin:0 0 8px}" +
        ".figs{display:grid;grid-template-columns:max-content max-content;gap:2px 18px;margin-top:10px}" +
        ".figs b{font-variant-numeric:tabular-nums}h3{margin-bottom:4px}p.d{color:#555;margin-top:0}";

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
        b.append(
            "<!DOCTYPE html><html><head><meta charset='utf-8'><meta http-equiv='Content-Security-Policy' content=\"")
            .append(CSP).append("\"><title>ringcast bench ").append(esc(run.started())).append("</title><style>")
            .append(STYLE)
            .append("</style></head><body>");
        b.append("<h1>ringcast bench</h1><p>").append(esc(run.started())).append(" &middot; ").append(esc(run.target()))
            .append(" &middot; <code>").append(esc(run.url())).append("</code><br>machine: ")
            .append(esc(run.machine().toString()))
            .append("<br>all times in ms</p>");
        card(b, run);
        glance(b, run);
        table(b, run);
        b.append("<h2>Harness overhead</h2><ul>");
        run.harness().forEach(
            (k, v) -> b.append("<li>").append(esc(k)).append(": ").append(esc(String.valueOf(v))).append("</li>"));
        b.append("</ul>");
        for (final ScenarioOutcome o : run.outcomes())
        {
            scenario(b, o);
        }
        return b.append(
            "<p class='d'>Percentile plots: x is 1/(1-percentile) on a log scale as HdrHistogram plots are drawn; " +
                "a dot marks p99 and a square the maximum. 'corrected' latency is measured from the intended send " +
                "time " +
                "(coordinated omission corrected), 'raw' from the actual send time; series without a send schedule " +
                "(jitter, " +
                "lateness) have one curve. Over time: p99 solid with dots, max dashed, per interval. Every time is " +
                "in ms, " +
                "as in the .hgrm files (their first line says so) and the _ms keys of summary.json.</p></body></html>")
            .toString();
    }

    private static void card(final StringBuilder b, final RunReport run)
    {
        final List<String> failures = Headline.failures(run);
        final List<Metric> notJudged = Headline.notJudged(run);
        b.append("<div class='card ").append(run.passed() ? "ok" : "bad")
            .append("' id='headline'><h2>Result: <span class='")
            .append(run.passed() ? "pass'>PASS" : "FAIL'>FAIL").append("</span></h2>");
        if (failures.isEmpty())
        {
            b.append("<div>all ").append(Headline.judged(run)).append(" judged targets held</div>");
        }
        else
        {
            b.append("<div>").append(failures.size()).append(" reason(s):</div><ul>");
            failures.forEach(f -> b.append("<li class='FAIL'>").append(esc(f)).append("</li>"));
            b.append("</ul>");
        }
        if (!notJudged.isEmpty())
        {
            b.append("<div class='nj'>Not judged on this run:</div><ul>");
            notJudged.forEach(m -> b.append("<li class='nj'>").append(esc(m.name())).append(" (")
                .append(esc(m.measuredText()))
                .append(", target ").append(esc(m.target())).append("): ").append(esc(m.notJudged())).append("</li>"));
            b.append("</ul>");
        }
        b.append("<div class='figs'>");
        Headline.figures(run)
            .forEach((k, v) -> b.append("<span>").append(esc(k)).append("</span><b>").append(esc(v)).append("</b>"));
        b.append("</div></div>");
    }

    private static void glance(final StringBuilder b, final RunReport run)
    {
        final List<SeriesRecorder> fal = Headline.series(run, Headline.FAL);
        final List<SeriesRecorder> lateness = Headline.series(run, Headline.LATENESS);
        if (fal.isEmpty() && lateness.isEmpty())
        {
            return;
        }
        b.append("<h2>At a glance</h2><div class='charts'>");
        if (!fal.isEmpty())
        {
            b.append("<div class='chart' id='fal-curves'><h3>FAL by session count</h3>")
                .append(Svg.percentilePlot(fal.stream()
                    .map(s -> new Svg.Curve(s.name().substring(4) + " sessions", s.corrected())).toList(),
                    "first audio latency (ms)"))
                .append("</div>");
        }
        if (!lateness.isEmpty())
        {
            b.append("<div class='chart' id='lateness-curves'><h3>Per-frame lateness (client arrivals)</h3>")
                .append(Svg.percentilePlot(
                    lateness.stream().map(s -> new Svg.Curve(s.name().replace("-lateness", ""), s.corrected()))
                        .toList(),
                    "lateness against the grid (ms)"))
                .append("</div>");
        }
        if (!fal.isEmpty())
        {
            b.append("<div class='chart' id='fal-time'><h3>FAL over time</h3>").append(Svg.timelines(fal.stream()
                .map(s -> new Svg.Timeline(s.name().substring(4) + " sessions", s.timeline())).toList()))
                .append("</div>");
        }
        b.append("</div>");
    }

    private static void table(final StringBuilder b, final RunReport run)
    {
        b.append(
            "<h2>Every figure</h2><table><tr><th>scenario</th><th>metric</th><th>target</th><th>measured</th><th>" +
                "verdict</th></tr>");
        for (final ScenarioOutcome o : run.outcomes())
        {
            if (o.error() != null)
            {
                b.append("<tr><td>").append(esc(o.name())).append("</td><td colspan='3'>did not complete: ")
                    .append(esc(o.error()))
                    .append("</td><td class='FAIL'>FAIL</td></tr>");
            }
            for (final Metric m : o.context().metrics())
            {
                b.append("<tr><td>").append(esc(m.scenario())).append("</td><td>").append(esc(m.name()))
                    .append("</td><td>")
                    .append(esc(m.target())).append("</td><td>").append(esc(m.measuredText()))
                    .append("</td><td class='")
                    .append(m.notJudged() != null ? "nj" : m.verdict()).append("'>").append(m.verdict())
                    .append(m.notJudged() != null ? ": " + esc(m.notJudged()) : "").append("</td></tr>");
            }
        }
        b.append("</table>");
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
                .append(" &middot; n=").append(c.getTotalCount());
            b.append(", p50 ").append(Units.ms(c.getValueAtPercentile(50) / Units.MICROS_PER_MS)).append(", p99 ")
                .append(Units.ms(c.getValueAtPercentile(99) / Units.MICROS_PER_MS));
            b.append(", max ").append(Units.ms(c.getMaxValue() / Units.MICROS_PER_MS)).append(" &middot; ")
                .append(esc(s.name()))
                .append(".hgrm</p><div class='charts'><div class='chart'>").append(Svg.percentilePlot(c, s.raw()))
                .append("</div><div class='chart'>").append(Svg.timeline(s.timeline())).append("</div></div>");
        }
        for (final GaugeSeries g : o.context().gauges())
        {
            if (!g.points().isEmpty())
            {
                b.append("<h3>").append(esc(g.name())).append("</h3><div class='chart'>").append(Svg.lineChart(
                    List.of(new Svg.Line(g.name(), g.points())), "run time (s)", g.name() + " (" + g.unit() + ")"))
                    .append("</div>");
            }
        }
    }

    /** @return {@code s} escaped for HTML text and single-quoted attributes; {@code ""} for null. */
    public static String esc(final String s)
    {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
