package io.ringcast.perf.report;

import io.ringcast.perf.harness.measure.Interval;
import io.ringcast.perf.harness.report.HgrmFiles;
import io.ringcast.perf.harness.report.HtmlReport;
import io.ringcast.perf.harness.report.Svg;
import io.ringcast.perf.harness.report.Units;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.HistogramLogReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code ringcast report DIR}: renders a daemon's {@code --histogram-log} folder (HdrHistogram interval
 * logs, one tag per metric and priority, values in nanoseconds) into one {@code <tag>.hgrm} per series (in ms,
 * as every ringcast report, named in the file's first line; the format HdrHistogram's plotter reads) and a
 * self-contained {@code report.html}: per metric, the priorities' percentile curves overlaid and their p99/max
 * over time. The daemon records each event's own latency (there is no send schedule to correct against), so
 * each series is drawn once, as recorded.
 */
@Command(name = "report", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Render a daemon's --histogram-log folder into .hgrm files (ms) and report.html.")
public final class ReportCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "DIR", description = "Folder the daemon wrote with --histogram-log DIR.")
    Path dir;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write (default: DIR itself).")
    Path out;

    /** One tag's histograms: the whole run and each interval, in microseconds. */
    private static final class Series
    {
        final Histogram total = new Histogram(1, 3_600_000_000L, 3);
        final List<Interval> timeline = new ArrayList<>();
    }

    /**
     * @param args the command line after {@code report}.
     * @return the exit status.
     */
    public static int execute(final String[] args)
    {
        return new CommandLine(new ReportCommand()).execute(args);
    }

    @Override
    public Integer call() throws Exception
    {
        final File[] logs = dir.toFile().listFiles((d, name) -> name.endsWith(".hlog"));
        if (logs == null || logs.length == 0)
        {
            System.err.println(
                "ringcast report: no .hlog files in " + dir + " (start the daemon with --histogram-log " + dir + ")");
            return 2;
        }
        final Map<String, Series> series = new TreeMap<>();
        for (final File log : logs)
        {
            read(log, series);
        }
        final Path target = out == null ? dir : out;
        Files.createDirectories(target);
        for (final Map.Entry<String, Series> e : series.entrySet())
        {
            HgrmFiles.write(target.resolve(e.getKey() + ".hgrm").toFile(), e.getValue().total,
                e.getKey() + ": the daemon's engine latency, whole run, as recorded");
        }
        Files.writeString(target.resolve("report.html"), html(series, logs.length), StandardCharsets.UTF_8);
        System.out.printf("ringcast report: %d series from %d log(s) -> %s (times in ms)%n", series.size(), logs.length,
            target.resolve("report.html"));
        return 0;
    }
    private static void read(final File log, final Map<String, Series> series) throws FileNotFoundException
    {
        final HistogramLogReader reader = new HistogramLogReader(log);
        double startSeconds = Double.NaN;
        EncodableHistogram next;
        while ((next = reader.nextIntervalHistogram()) != null)
        {
            if (!(next instanceof Histogram nanos))
            {
                continue;
            }
            final String tag = nanos.getTag() == null ? "untagged" : nanos.getTag();
            final Histogram micros = new Histogram(1, 3_600_000_000L, 3);
            for (final HistogramIterationValue v : nanos.recordedValues())
            {
                micros.recordValueWithCount(Math.max(1, v.getValueIteratedTo() / 1000), v.getCountAtValueIteratedTo());
            }
            if (Double.isNaN(startSeconds))
            {
                startSeconds = nanos.getStartTimeStamp() / 1000.0;
            }
            final Series s = series.computeIfAbsent(tag, t -> new Series());
            s.total.add(micros);
            s.timeline.add(new Interval(nanos.getEndTimeStamp() / 1000.0 - startSeconds, micros.getTotalCount(),
                micros.getValueAtPercentile(50), micros.getValueAtPercentile(99), micros.getMaxValue()));
        }
    }

    private static String html(final Map<String, Series> series, final int logs)
    {
        final StringBuilder b = new StringBuilder(64 * 1024).append("<!DOCTYPE html><html><head><meta charset='utf-8'>")
            .append("<meta http-equiv='Content-Security-Policy' content=\"").append(HtmlReport.CSP).append("\">")
            .append("<title>ringcast report</title><style>body{font-family:sans-serif;margin:24px;max-width:1400px}")
            .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}")
            .append("td.n{text-align:right;font-variant-numeric:tabular-nums}")
            .append(
                ".charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid " +
                    "#eee;padding:4px}</style></head><body>")
            .append("<h1>ringcast engine latencies</h1><p>").append(series.size()).append(" series from ").append(logs)
            .append(
                " interval log(s); all times in ms. Each series is drawn once, as the daemon recorded it: every " +
                    "event's ")
            .append(
                "own latency, with no send schedule behind it, so there is no separate " +
                    "coordinated-omission-corrected curve.")
            .append("</p><table><tr><th>series</th><th>count</th><th>p50 (ms)</th><th>p99 (ms)</th><th>p99.9 (ms)</th>")
            .append("<th>max (ms)</th></tr>");
        series.forEach((tag, s) -> b.append("<tr><td>").append(HtmlReport.esc(tag)).append("</td><td class='n'>")
            .append(s.total.getTotalCount()).append(cell(s.total.getValueAtPercentile(50)))
            .append(cell(s.total.getValueAtPercentile(99)))
            .append(cell(s.total.getValueAtPercentile(99.9))).append(cell(s.total.getMaxValue())).append("</td></tr>"));
        b.append("</table>");
        // One pair of charts per metric: its priorities overlaid (end_to_end.critical, end_to_end.important, ...).
        final Map<String, List<String>> byMetric = new TreeMap<>();
        series.keySet()
            .forEach(tag -> byMetric.computeIfAbsent(tag.contains(".") ? tag.substring(0, tag.lastIndexOf('.')) : tag,
                m -> new ArrayList<>()).add(tag));
        byMetric.forEach(
            (metric, tags) -> b.append("<h2>").append(HtmlReport.esc(metric)).append("</h2><div class='charts'>")
                .append("<div class='chart'>")
                .append(Svg.percentilePlot(tags.stream().map(t -> new Svg.Curve(t, series.get(t).total))
                    .toList(), "latency (ms)"))
                .append("</div><div class='chart'>")
                .append(Svg.timelines(tags.stream().map(t -> new Svg.Timeline(t, series.get(t).timeline))
                    .toList()))
                .append("</div></div>"));
        return b
            .append(
                "<p>Percentile plots: x is 1/(1-percentile) on a log scale; a dot marks p99 and a square the maximum. ")
            .append("Over time: p99 per interval solid with dots, max dashed.</p></body></html>").toString();
    }

    private static String cell(final long micros)
    {
        return "</td><td class='n'>" + String.format(Locale.ROOT, "%.3f", micros / Units.MICROS_PER_MS);
    }
}
