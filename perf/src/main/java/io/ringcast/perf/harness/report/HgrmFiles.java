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
 * µs; scale 1000). Never the CSV variant, which the plotter does not read.
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
        write(new File(dir, series.name() + ".hgrm"), series.corrected());
        write(new File(dir, series.name() + "-raw.hgrm"), series.raw());
    }

    /**
     * @param file      where.
     * @param histogram µs values.
     * @throws IOException when the file cannot be written.
     */
    public static void write(final File file, final Histogram histogram) throws IOException
    {
        try (PrintStream out = new PrintStream(file, StandardCharsets.UTF_8))
        {
            histogram.outputPercentileDistribution(out, 5, 1000.0);
        }
    }
}
