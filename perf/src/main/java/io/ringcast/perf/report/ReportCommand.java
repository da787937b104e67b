package io.ringcast.perf.report;

import io.ringcast.perf.harness.measure.Interval;
import io.ringcast.perf.harness.report.Svg;
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
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code ringcast report DIR}: renders a daemon's {@code --histogram-log} folder (HdrHistogram interval
 * logs, one tag per metric and priority, values in nanoseconds) into one {@code <tag>.hgrm} per series
 * (microseconds, the format HdrHistogram's plotter reads) and a self-contained {@code report.html} with a
 * percentile plot and latency over time for each.
 */
@Command(name = "report", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Render a daemon's --histogram-log folder into .hgrm files and report.html.")
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
            System.err.println("ringcast report: no .hlog files in " + dir + " (start the daemon with --histogram-log " + dir + ")");
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
            try (PrintStream hgrm = new PrintStream(target.resolve(e.getKey() + ".hgrm").toFile(), StandardCharsets.UTF_8))
            {
                e.getValue().total.outputPercentileDistribution(hgrm, 1.0);
            }
        }
        Files.writeString(target.resolve("report.html"), html(series, logs.length), StandardCharsets.UTF_8);
        System.out.printf("ringcast report: %d series from %d log(s) -> %s%n", series.size(), logs.length, target.resolve("report.html"));
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
            .append("<title>ringcast report</title><style>body{font-family:sans-serif;margin:24px;max-width:1400px}")
            .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}")
            .append(".charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid #eee;padding:4px}</style></head><body>")
            .append("<h1>ringcast engine latencies</h1><p>").append(series.size()).append(" series from ").append(logs)
            .append(" interval log(s); microseconds.</p><table><tr><th>series</th><th>count</th><th>p50</th><th>p99</th>")
            .append("<th>p99.9</th><th>max</th></tr>");
        series.forEach((tag, s) -> b.append("<tr><td>").append(tag).append("</td><td>").append(s.total.getTotalCount())
            .append("</td><td>").append(s.total.getValueAtPercentile(50)).append("</td><td>").append(s.total.getValueAtPercentile(99))
            .append("</td><td>").append(s.total.getValueAtPercentile(99.9)).append("</td><td>").append(s.total.getMaxValue())
            .append("</td></tr>"));
        b.append("</table>");
        series.forEach((tag, s) -> b.append("<h2>").append(tag).append("</h2><div class='charts'><div class='chart'>")
            .append(Svg.percentilePlot(s.total, s.total)).append("</div><div class='chart'>").append(Svg.timeline(s.timeline))
            .append("</div></div>"));
        return b.append("</body></html>").toString();
    }
}
