package io.ringcast.gateway.observability;

import io.ringcast.engine.Engine;
import io.ringcast.engine.LatencyMetric;
import io.ringcast.engine.Priority;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code --histogram-log DIR}: every interval, the engine's latencies of that interval, one tagged
 * histogram per metric and priority ({@code end_to_end.critical}, values in nanoseconds), appended to
 * {@code DIR/ringcast-<start>.hlog} in HdrHistogram's interval log format. {@code ./ringcast report DIR}
 * renders them; HdrHistogram's own tools read them too.
 */
public final class HistogramLog implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(HistogramLog.class);

    private final Engine engine;
    private final HistogramLogWriter writer;
    private final Histogram[] previous = new Histogram[LatencyMetric.values().length * Priority.COUNT];
    private final ScheduledExecutorService timer;
    private final File file;
    private long lastMillis;

    /**
     * @param dir        folder for the log (created if missing).
     * @param engine     whose latencies to log.
     * @param intervalMs how often.
     * @throws IllegalArgumentException if the folder or file cannot be written.
     */
    public HistogramLog(final Path dir, final Engine engine, final long intervalMs)
    {
        this.engine = engine;
        final long start = System.currentTimeMillis();
        try
        {
            Files.createDirectories(dir);
            this.file = dir.resolve("ringcast-" + start + ".hlog").toFile();
            this.writer = new HistogramLogWriter(file);
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("cannot write histogram logs to " + dir + ": " + e.getMessage(), e);
        }
        writer.outputComment("ringcast engine latencies: one tag per metric.priority, values in nanoseconds");
        writer.outputLogFormatVersion();
        writer.outputStartTime(start);
        writer.setBaseTime(start);
        writer.outputLegend();
        lastMillis = start;
        for (int i = 0; i < previous.length; i++)
        {
            previous[i] = engine.latency(LatencyMetric.values()[i / Priority.COUNT], Priority.of(i % Priority.COUNT));
        }
        timer = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "ringcast-histogram-log");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::write, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** @return the log file. */
    public File file()
    {
        return file;
    }

    private synchronized void write()
    {
        try
        {
            final long now = System.currentTimeMillis();
            for (int i = 0; i < previous.length; i++)
            {
                final LatencyMetric metric = LatencyMetric.values()[i / Priority.COUNT];
                final Priority priority = Priority.of(i % Priority.COUNT);
                final Histogram total = engine.latency(metric, priority);
                final Histogram interval = total.copy();
                interval.subtract(previous[i]);
                previous[i] = total;
                if (interval.getTotalCount() > 0)
                {
                    interval.setTag(
                        metric.name().toLowerCase(Locale.ROOT) + "." + priority.name().toLowerCase(Locale.ROOT));
                    interval.setStartTimeStamp(lastMillis);
                    interval.setEndTimeStamp(now);
                    writer.outputIntervalHistogram(interval);
                }
            }
            lastMillis = now;
        }
        catch (final RuntimeException e)
        {
            LOG.warn("histogram log: {}", e.toString());
        }
    }

    @Override
    public void close()
    {
        timer.shutdown();
        try
        {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        write();
        writer.close();
    }
}
