package io.ringcast.perf.harness.report;

import io.ringcast.perf.harness.measure.Interval;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts for the report: a percentile plot with the log-scale "1/(1-percentile)" x axis that
 * HdrHistogram plots use (0%, 90%, 99%, ... 99.9999%), and line charts over time. No scripts, no assets.
 */
public final class Svg
{
    private static final int W = 640;
    private static final int H = 280;
    private static final int LEFT = 60;
    private static final int BOTTOM = 40;
    private static final int TOP = 16;
    private static final int RIGHT = 16;
    private static final double MAX_DECADES = 6;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

    /** A named line of (x, y) points. */
    public record Line(String label, List<double[]> points)
    {
    }

    private Svg()
    {
    }

    /**
     * @param corrected µs histogram, from intended send times.
     * @param raw       µs histogram, from actual send times.
     * @return an SVG percentile plot, values in ms.
     */
    public static String percentilePlot(final Histogram corrected, final Histogram raw)
    {
        final List<Line> lines = new ArrayList<>();
        lines.add(new Line("corrected", percentilePoints(corrected)));
        if (raw != null)
        {
            lines.add(new Line("raw", percentilePoints(raw)));
        }
        final double maxY = lines.stream().flatMap(l -> l.points().stream()).mapToDouble(p -> p[1]).max().orElse(1);
        final StringBuilder b = open("percentile (log scale: 1/(1-p))", "latency ms");
        for (int d = 0; d <= MAX_DECADES; d++)
        {
            final double x = x(d, MAX_DECADES);
            b.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#ddd'/>", x, TOP, x, H - BOTTOM));
            b.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='10' text-anchor='middle'>%s</text>", x,
                H - BOTTOM + 14, decadeLabel(d)));
        }
        yAxis(b, maxY);
        plot(b, lines, MAX_DECADES, maxY);
        return b.append("</svg>").toString();
    }

    private static String decadeLabel(final int d)
    {
        return switch (d)
        {
            case 0 -> "0%";
            case 1 -> "90%";
            case 2 -> "99%";
            default -> "99." + "9".repeat(d - 2) + "%";
        };
    }

    private static List<double[]> percentilePoints(final Histogram h)
    {
        final List<double[]> pts = new ArrayList<>();
        if (h.getTotalCount() == 0)
        {
            return pts;
        }
        for (final HistogramIterationValue v : h.percentiles(5))
        {
            final double p = v.getPercentileLevelIteratedTo() / 100.0;
            final double decades = p >= 1.0 ? MAX_DECADES : Math.min(MAX_DECADES, Math.log10(1.0 / (1.0 - p)));
            pts.add(new double[] {decades, h.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0});
            if (p >= 1.0)
            {
                break;
            }
        }
        return pts;
    }

    /**
     * @param timeline intervals of a series.
     * @return p50, p99 and max over time, ms against run seconds.
     */
    public static String timeline(final List<Interval> timeline)
    {
        final List<double[]> p50 = new ArrayList<>();
        final List<double[]> p99 = new ArrayList<>();
        final List<double[]> max = new ArrayList<>();
        for (final Interval i : timeline)
        {
            p50.add(new double[] {i.offsetSeconds(), i.p50Micros() / 1000.0});
            p99.add(new double[] {i.offsetSeconds(), i.p99Micros() / 1000.0});
            max.add(new double[] {i.offsetSeconds(), i.maxMicros() / 1000.0});
        }
        return lineChart(List.of(new Line("p50", p50), new Line("p99", p99), new Line("max", max)), "run time s", "latency ms");
    }

    /**
     * @param lines  lines to draw.
     * @param xLabel x axis title.
     * @param yLabel y axis title.
     * @return a line chart whose axes start at the smallest x and at 0.
     */
    public static String lineChart(final List<Line> lines, final String xLabel, final String yLabel)
    {
        final double minX = lines.stream().flatMap(l -> l.points().stream()).mapToDouble(p -> p[0]).min().orElse(0);
        final double maxX = lines.stream().flatMap(l -> l.points().stream()).mapToDouble(p -> p[0]).max().orElse(1);
        final double maxY = lines.stream().flatMap(l -> l.points().stream()).mapToDouble(p -> p[1]).max().orElse(1);
        final double span = Math.max(1e-9, maxX - minX);
        final List<Line> shifted = new ArrayList<>();
        for (final Line l : lines)
        {
            shifted.add(new Line(l.label(), l.points().stream().map(p -> new double[] {p[0] - minX, p[1]}).toList()));
        }
        final StringBuilder b = open(xLabel, yLabel);
        for (int t = 0; t <= 5; t++)
        {
            final double x = x(span * t / 5, span);
            b.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='10' text-anchor='middle'>%s</text>", x,
                H - BOTTOM + 14, fmt(minX + span * t / 5)));
        }
        yAxis(b, maxY);
        plot(b, shifted, span, maxY);
        return b.append("</svg>").toString();
    }

    private static StringBuilder open(final String xLabel, final String yLabel)
    {
        final StringBuilder b = new StringBuilder(4096);
        b.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d' "
            + "font-family='sans-serif'>", W, H, W, H));
        b.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#999'/>", LEFT, TOP,
            W - LEFT - RIGHT, H - TOP - BOTTOM));
        b.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='middle'>%s</text>",
            LEFT + (W - LEFT - RIGHT) / 2, H - 6, xLabel));
        b.append(String.format(Locale.ROOT, "<text x='12' y='%d' font-size='11' text-anchor='middle' transform='rotate(-90 12 %d)'>%s</text>",
            TOP + (H - TOP - BOTTOM) / 2, TOP + (H - TOP - BOTTOM) / 2, yLabel));
        return b;
    }

    private static void yAxis(final StringBuilder b, final double maxY)
    {
        for (int t = 0; t <= 4; t++)
        {
            final double v = maxY * 1.05 * t / 4;
            final double y = y(v, maxY);
            b.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#eee'/>", LEFT, y, W - RIGHT, y));
            b.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' font-size='10' text-anchor='end'>%s</text>", LEFT - 4, y + 3, fmt(v)));
        }
    }

    private static void plot(final StringBuilder b, final List<Line> lines, final double maxX, final double maxY)
    {
        for (int i = 0; i < lines.size(); i++)
        {
            final Line l = lines.get(i);
            final String color = COLORS[i % COLORS.length];
            final StringBuilder pts = new StringBuilder();
            for (final double[] p : l.points())
            {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p[0], maxX), y(p[1], maxY)));
            }
            b.append("<polyline fill='none' stroke-width='1.5' stroke='").append(color).append("' points='").append(pts).append("'/>");
            b.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' fill='%s'>%s</text>", LEFT + 8, TOP + 14 + 13 * i,
                color, l.label()));
        }
    }

    private static double x(final double v, final double maxX)
    {
        return LEFT + (W - LEFT - RIGHT) * (maxX <= 0 ? 0 : v / maxX);
    }

    private static double y(final double v, final double maxY)
    {
        final double top = maxY <= 0 ? 1 : maxY * 1.05;
        return H - BOTTOM - (H - TOP - BOTTOM) * v / top;
    }

    private static String fmt(final double v)
    {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 1 ? String.format(Locale.ROOT, "%.1f", v)
            : String.format(Locale.ROOT, "%.3f", v);
    }
}
