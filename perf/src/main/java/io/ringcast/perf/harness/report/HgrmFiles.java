package io.ringcast.perf.harness.report;

import io.ringcast.perf.harness.measure.SeriesRecorder;
import org.HdrHistogram.Histogram;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Percentile distribution files in the format HdrHistogram's plotter reads: {@code Value Percentile
 * TotalCount 1/(1-Percentile)}, four space-separated fields per data line, values in ms (the histograms hold
 * µs; scale 1000), after one {@code #} comment line that names the series and the unit (the plotters skip
 * {@code #} lines, as they skip the distribution's own {@code #[Mean ...]} footer). Never the CSV variant,
 * which the plotter does not read.
 */
public final class HgrmFiles
{
    private HgrmFiles()
    {
    }

    /**
     * Write {@code <series>.hgrm} (corrected) and {@code <series>-raw.hgrm}.
     *
     * @param dir    the run's folder.
     * @param series the series.
     * @throws IOException when a file cannot be written.
     */
    public static void write(final File dir, final SeriesRecorder series) throws IOException
    {
        write(new File(dir, series.name() + ".hgrm"), series.corrected(),
            series.name() + ": " + series.description() + " (corrected: from the intended send time)");
        write(new File(dir, series.name() + "-raw.hgrm"), series.raw(),
            series.name() + "-raw: " + series.description() + " (raw: from the actual send time)");
    }

    /**
     * @param file      where.
     * @param histogram µs values.
     * @param what      the series and how it was measured, for the header line.
     * @throws IOException when the file cannot be written.
     */
    public static void write(final File file, final Histogram histogram, final String what) throws IOException
    {
        try (PrintStream out = new PrintStream(file, StandardCharsets.UTF_8))
        {
            out.println(Units.hgrmHeader(what));
            histogram.outputPercentileDistribution(out, 5, Units.MICROS_PER_MS);
        }
    }
}
