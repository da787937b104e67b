package io.ringcast.perf.harness;

import io.ringcast.perf.harness.client.Connector;
import io.ringcast.perf.harness.measure.OverheadBaseline;
import io.ringcast.perf.harness.measure.SeriesRecorder;
import io.ringcast.perf.harness.report.HgrmFiles;
import io.ringcast.perf.harness.report.HtmlReport;
import io.ringcast.perf.harness.report.RunReport;
import io.ringcast.perf.harness.report.SummaryJson;
import io.ringcast.perf.harness.report.SummaryMarkdown;
import io.ringcast.perf.harness.scenario.BenchSettings;
import io.ringcast.perf.harness.scenario.ColdStartScenario;
import io.ringcast.perf.harness.scenario.Metric;
import io.ringcast.perf.harness.scenario.Scenario;
import io.ringcast.perf.harness.scenario.ScenarioContext;
import io.ringcast.perf.harness.scenario.ScenarioOutcome;
import io.ringcast.perf.harness.scenario.Warmup;
import io.ringcast.perf.harness.target.GatewayTarget;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One run of the suite against one target: measures the harness's own overhead, warms the server up
 * ({@code --warmup}, after {@code cold-start} if that runs), runs each scenario with
 * a sampler thread flipping its histograms every interval (hlog lines, progress on stderr), then writes
 * the {@code .hgrm} files, {@code summary.json}, {@code summary.md} and {@code report.html}.
 */
public final class BenchRun
{
    private final BenchSettings settings;
    private final GatewayTarget target;
    private final File outDir;
    private final List<Scenario> scenarios;
    private final Map<String, Object> settingsView;
    private final PrintStream err;
    private final List<ScenarioOutcome> outcomes = new ArrayList<>();
    private volatile ScenarioContext current;
    private long runStart;
    private Map<String, Object> harness;
    private ScheduledExecutorService sampler;
    private Connector connector;
    private boolean warm;

    /**
     * @param settings     the settings.
     * @param target       the server under test.
     * @param outDir       the run's folder (created).
     * @param scenarios    what to run, in order.
     * @param settingsView the settings as shown in the reports.
     * @param err          progress and diagnostics.
     */
    public BenchRun(final BenchSettings settings, final GatewayTarget target, final File outDir,
        final List<Scenario> scenarios,
        final Map<String, Object> settingsView, final PrintStream err)
    {
        this.settings = settings;
        this.target = target;
        this.outDir = outDir;
        this.scenarios = scenarios;
        this.settingsView = settingsView;
        this.err = err;
    }

    /**
     * @return the report of the run (already written to the folder).
     * @throws IOException when the folder or a file cannot be written.
     */
    public RunReport run() throws IOException
    {
        start();
        try
        {
            for (final Scenario s : scenarios)
            {
                runScenario(s);
            }
        }
        finally
        {
            stop();
        }
        return report();
    }

    /**
     * Measure the harness's overhead and start the sampler and the connector; a side-by-side run then
     * interleaves {@link #runScenario} calls of several runs.
     *
     * @throws IOException when the folder cannot be created.
     */
    public void start() throws IOException
    {
        Files.createDirectories(outDir.toPath());
        runStart = System.currentTimeMillis();
        err.println("[bench] measuring the harness's own overhead (loopback baseline) ...");
        harness = OverheadBaseline.measure();
        sampler = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "bench-sampler");
            t.setDaemon(true);
            return t;
        });
        final long every = settings.sampleInterval().toMillis();
        sampler.scheduleAtFixedRate(() ->
        {
            final ScenarioContext c = current;
            if (c != null)
            {
                c.sample();
            }
        }, every, every, TimeUnit.MILLISECONDS);
        connector = new Connector(target.wsUrl(), 2);
    }

    /**
     * Run one scenario (warming the server up first, once, unless it is {@code cold-start}).
     *
     * @param s the scenario.
     * @return its outcome.
     * @throws IOException when its log cannot be written.
     */
    public ScenarioOutcome runScenario(final Scenario s) throws IOException
    {
        if (!warm && !(s instanceof ColdStartScenario))
        {
            warmUp(connector);
            warm = true;
        }
        final ScenarioOutcome o = runOne(s, connector, runStart);
        outcomes.add(o);
        return o;
    }

    /** Stop the connector and the sampler. */
    public void stop()
    {
        if (connector != null)
        {
            connector.close();
        }
        if (sampler != null)
        {
            sampler.shutdownNow();
        }
    }

    /**
     * @return the report of the scenarios run so far, written to the folder.
     * @throws IOException when a file cannot be written.
     */
    public RunReport report() throws IOException
    {
        final Map<String, Object> overhead = new LinkedHashMap<>(harness);
        for (final ScenarioOutcome o : outcomes)
        {
            if (o.context().senderLag().getTotalCount() > 0)
            {
                overhead.put("open-loop sender lateness p99 ms (" + o.name() + ")",
                    o.context().senderLag().getValueAtPercentile(99) / 1000.0);
            }
        }
        final RunReport report =
            new RunReport(Instant.ofEpochMilli(runStart).toString(), target.description(), target.wsUrl(),
                machine(), settingsView, overhead, outcomes);
        write(report);
        return report;
    }

    private void warmUp(final Connector connector) throws IOException
    {
        if (settings.warmup().isZero())
        {
            return;
        }
        err.println(
            "[bench] warm-up: " + settings.warmup().toSeconds() + " s of unrecorded speak and barge-in traffic ...");
        try
        {
            Warmup.run(target, settings, connector);
        }
        catch (final Exception | AssertionError e)
        {
            err.println("[bench] warm-up did not complete (" + e + "); measuring anyway");
        }
    }

    private ScenarioOutcome runOne(final Scenario s, final Connector connector, final long runStart) throws IOException
    {
        err.println("[bench] " + s.name() + " (" + target.label() + "): " + s.description());
        final ScenarioContext ctx = new ScenarioContext(s.name(), target, settings, connector, outDir, runStart,
            settings.progress() ? err : null);
        final long t0 = System.nanoTime();
        String error = null;
        current = ctx;
        try
        {
            s.run(ctx);
        }
        catch (final Exception | AssertionError e)
        {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            err.println("[bench] " + s.name() + " did not complete: " + error);
        }
        finally
        {
            current = null;
            ctx.finish();
        }
        for (final Metric m : ctx.metrics())
        {
            err.println(
                String.format("[bench]   %-10s %-55s %14s  %s%s", m.verdict(), m.name(), m.measuredText(), m.target(),
                    m.notJudged() == null ? "" : ": " + m.notJudged()));
        }
        return new ScenarioOutcome(s.name(), s.description(), ctx, (System.nanoTime() - t0) / 1e9, error);
    }

    private void write(final RunReport report) throws IOException
    {
        for (final ScenarioOutcome o : report.outcomes())
        {
            final List<SeriesRecorder> series = o.context().allSeries();
            for (final SeriesRecorder s : series)
            {
                HgrmFiles.write(outDir, s);
            }
            if (!series.isEmpty() && series.stream().noneMatch(s -> s.name().equals(o.name())))
            {
                // <scenario>.hgrm is the scenario's headline series (its first).
                HgrmFiles.write(new File(outDir, o.name() + ".hgrm"), series.get(0).corrected(),
                    o.name() + " (its first series, " + series.get(0).name() + "): " + series.get(0).description());
            }
        }
        SummaryJson.write(new File(outDir, "summary.json"), report);
        Files.writeString(new File(outDir, "summary.md").toPath(), SummaryMarkdown.render(report),
            StandardCharsets.UTF_8);
        Files.writeString(new File(outDir, "report.html").toPath(), HtmlReport.render(report), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> machine()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
            System.getProperty("os.arch"));
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        m.put("note", "load generator and server share these cores");
        return m;
    }
}
