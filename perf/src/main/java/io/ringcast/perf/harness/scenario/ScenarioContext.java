package io.ringcast.perf.harness.scenario;

import io.ringcast.perf.harness.client.Connector;
import io.ringcast.perf.harness.measure.Interval;
import io.ringcast.perf.harness.measure.OpenLoop;
import io.ringcast.perf.harness.measure.SeriesRecorder;
import io.ringcast.perf.harness.target.GatewayTarget;
import io.ringcast.perf.harness.target.ProcCpu;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one scenario run sees: the target and settings, a connector, and the sinks for its series, gauges,
 * metrics and notes. The run's sampler thread calls {@link #sample()} every interval: it flips every series
 * into the scenario's {@code .hlog} and prints a progress line.
 */
public final class ScenarioContext
{
    private final String scenario;
    private final GatewayTarget target;
    private final BenchSettings settings;
    private final Connector connector;
    private final long runStartMillis;
    private final HistogramLogWriter log;
    private final List<SeriesRecorder> series = new ArrayList<>();
    private final List<GaugeSeries> gauges = new ArrayList<>();
    private final List<Metric> metrics = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Histogram senderLag = new Histogram(1, SeriesRecorder.HIGHEST_MICROS, 3);
    private final AtomicInteger sessions = new AtomicInteger();
    private final PrintStream progress;
    private final long startNanos = System.nanoTime();

    /**
     * @param scenario       its name.
     * @param target         the server under test.
     * @param settings       the run's settings.
     * @param connector      opens sessions on the target.
     * @param outDir         where {@code <scenario>.hlog} goes.
     * @param runStartMillis epoch ms when the run started.
     * @param progress       where progress lines go, or null.
     * @throws FileNotFoundException when the log cannot be created.
     */
    public ScenarioContext(final String scenario, final GatewayTarget target, final BenchSettings settings,
        final Connector connector,
        final File outDir, final long runStartMillis, final PrintStream progress) throws FileNotFoundException
    {
        this.scenario = scenario;
        this.target = target;
        this.settings = settings;
        this.connector = connector;
        this.runStartMillis = runStartMillis;
        this.progress = progress;
        this.log = new HistogramLogWriter(new File(outDir, scenario + ".hlog"));
        log.outputComment("ringcast bench " + scenario + ": values in microseconds, max column in ms");
        log.outputLogFormatVersion();
        log.outputStartTime(runStartMillis);
        log.setBaseTime(runStartMillis);
        log.outputLegend();
    }

    /** @return the scenario name. */
    public String scenario()
    {
        return scenario;
    }

    /** @return the server under test. */
    public GatewayTarget target()
    {
        return target;
    }

    /** @return the settings. */
    public BenchSettings settings()
    {
        return settings;
    }

    /** @return opens sessions on the target. */
    public Connector connector()
    {
        return connector;
    }

    /** @return open sessions right now (shown in progress lines); scenarios keep it current. */
    public AtomicInteger sessions()
    {
        return sessions;
    }

    /**
     * @param name        series name (file-safe).
     * @param description what it measures.
     * @return a new series, sampled from now on.
     */
    public synchronized SeriesRecorder series(final String name, final String description)
    {
        final SeriesRecorder s = new SeriesRecorder(name, scenario, description);
        series.add(s);
        return s;
    }

    /** @return a new gauge series. */
    public synchronized GaugeSeries gauge(final String name, final String unit)
    {
        final GaugeSeries g = new GaugeSeries(name, unit);
        gauges.add(g);
        return g;
    }

    /** @param m a figure of this scenario. */
    public synchronized void metric(final Metric m)
    {
        metrics.add(m);
    }

    /** @param note a sentence for the report (how something was measured, a caveat). */
    public synchronized void note(final String note)
    {
        notes.add(note);
    }

    /** @param loop an open-loop sender that finished: its lateness is the harness's own overhead. */
    public synchronized void senderLag(final OpenLoop loop)
    {
        senderLag.add(loop.lagMicros());
    }

    /**
     * @param line a progress line for stderr (dropped with {@code --no-progress}).
     */
    public void err(final String line)
    {
        if (progress != null)
        {
            progress.println("[bench] " + line);
        }
    }

    /** @return the server process's CPU time so far (ns), or -1 when its pid was not given. */
    public long serverCpuNanos()
    {
        return target.pid() < 0 ? -1 : ProcCpu.nanos(target.pid());
    }

    /**
     * Add {@code server CPU per frame}: the server's CPU time since {@code cpuBefore} over the frames received.
     *
     * @param scenario  the scenario.
     * @param cpuBefore {@link #serverCpuNanos()} when the phase started.
     * @param frames    audio frames received in the phase.
     * @param at        the phase suffix.
     */
    public void serverCpuPerFrame(final String scenario, final long cpuBefore, final long frames, final String at)
    {
        final long after = serverCpuNanos();
        if (cpuBefore < 0 || after < 0 || frames == 0)
        {
            return;
        }
        // The phase includes opening and closing its sessions: that is part of serving them.
        metric(Metric.info(scenario, "server CPU per frame" + at, (after - cpuBefore) / 1000.0 / frames, "us"));
        metric(Metric.info(scenario, "server CPU" + at, (after - cpuBefore) / 1e9, "s"));
    }

    /** @return seconds since the run started. */
    public double runSeconds()
    {
        return (System.currentTimeMillis() - runStartMillis) / 1000.0;
    }

    /** Flip every series into the log and print one progress line. Called by the sampler thread. */
    public void sample()
    {
        final List<SeriesRecorder> now;
        synchronized (this)
        {
            now = new ArrayList<>(series);
        }
        final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[bench] %-14s %6.1fs  sessions=%d",
            scenario, (System.nanoTime() - startNanos) / 1e9, sessions.get()));
        synchronized (log)
        {
            for (final SeriesRecorder s : now)
            {
                final Interval i = s.sample(log, runStartMillis);
                if (i.count() > 0 && !s.name().endsWith("-server") && !s.name().endsWith("-delivery"))
                {
                    line.append(String.format(Locale.ROOT, "  %s p99=%.3fms n=%d", s.name(), i.p99Micros() / 1000.0,
                        i.count()));
                }
            }
        }
        if (progress != null)
        {
            progress.println(line);
        }
    }

    /** Take the last sample and close the log. */
    public void finish()
    {
        sample();
        synchronized (log)
        {
            log.close();
        }
    }

    /** @return the series in creation order. */
    public synchronized List<SeriesRecorder> allSeries()
    {
        return new ArrayList<>(series);
    }

    /** @return the gauges. */
    public synchronized List<GaugeSeries> gauges()
    {
        return new ArrayList<>(gauges);
    }

    /** @return the metrics in order. */
    public synchronized List<Metric> metrics()
    {
        return new ArrayList<>(metrics);
    }

    /** @return the notes in order. */
    public synchronized List<String> notes()
    {
        return new ArrayList<>(notes);
    }

    /** @return the open-loop senders' lateness, µs. */
    public synchronized Histogram senderLag()
    {
        return senderLag.copy();
    }
}
