package io.ringcast.perf.harness;

import io.ringcast.bridge.worker.CostModel;
import io.ringcast.gateway.config.GatewayConfiguration;
import io.ringcast.perf.harness.report.Comparison;
import io.ringcast.perf.harness.report.RunReport;
import io.ringcast.perf.harness.report.SummaryMarkdown;
import io.ringcast.perf.harness.scenario.BenchSettings;
import io.ringcast.perf.harness.scenario.Scenario;
import io.ringcast.perf.harness.scenario.Scenarios;
import io.ringcast.perf.harness.scenario.Targets;
import io.ringcast.perf.harness.target.GatewayTarget;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ringcast bench}: runs the perf suite against a gateway (by URL, or the embedded one it starts) and
 * writes the reports. Exit 0: every SLO held; 1: an SLO was missed or a scenario failed; 2: bad usage.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
    description = {"Measure a ringcast gateway (or any server speaking protocol v1) over real WebSocket sessions:",
        "FAL, jitter, barge-in, throughput and more, open loop, coordinated-omission corrected, into HdrHistogram " +
            "reports."},
    footer = {"",
        "Scenarios: cold-start, fal, jitter, sentences, barge-in, throughput, distribution, consistency, stress, soak,",
        "slow-consumer, priority (or all). Outputs per run: <series>.hgrm, <scenario>.hlog, summary.json, summary.md,",
        "report.html. --quick shortens every phase (about a minute for the suite). Exit code 1 on any SLO miss."})
public final class BenchCommand implements Callable<Integer>
{
    private static final String GATEWAY_TARGETS =
        "FAL p99 <= 2 ms @10, jitter p99 <= 1 ms @100, paused p99 <= 2 ms, ping >= 100000 msg/s";

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "[NAME=]ws://HOST:PORT[/v1/stream]",
        description = "Server to measure: any protocol-v1 server on a loopback address, optionally named for " +
            "--compare tables. Default: start the embedded gateway in this process.")
    String url;

    @Option(names = "--scenario", defaultValue = "all", paramLabel = "NAME,...",
        description = "Scenarios to run, or all.")
    String scenario;

    @Option(names = "--sessions", defaultValue = "1,3,10", split = ",", paramLabel = "N,...",
        description = "Session counts for fal.")
    List<Integer> sessions;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
        description = "Length of each measured phase.")
    Duration duration;

    @Option(names = "--rate", defaultValue = "100000",
        description = "Intended ping rate (msg/s) of throughput; the sweep steps up to it.")
    int rate;

    @Option(names = "--quick",
        description = "Smoke run: short phases and fewer sessions (the suite in about a minute).")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: perf-results/<timestamp>.")
    File out;

    @Option(names = "--soak-duration", defaultValue = "60s", converter = DurationConverter.class,
        description = "Length of soak.")
    Duration soakDuration;

    @Option(names = "--jitter-sessions", defaultValue = "100", description = "Sessions of jitter.")
    int jitterSessions;

    @Option(names = "--barge-in-sessions", defaultValue = "10", description = "Sessions of barge-in.")
    int bargeInSessions;

    @Option(names = "--speak-interval", defaultValue = "250ms", converter = DurationConverter.class,
        description = "Time between one session's speaks in fal.")
    Duration speakInterval;

    // No defaultValue: picocli takes the field's initial value, the gateway's own default of messages_per_second.
    @Option(names = "--connection-rate", description = "Messages/s one connection may send (the server's " +
        "per-connection limit, messages_per_second); load is spread to stay under it.")
    int connectionRate = GatewayConfiguration.MESSAGES_PER_SECOND.defaultValue();

    @Option(names = "--slow-share", defaultValue = "0.3",
        description = "slow-consumer: stalled clients as a share of the normal ones.")
    double slowShare;

    @Option(names = "--samples-per-char", defaultValue = "800",
        description = "consistency: samples per text character of the server's worker (800: the reference worker, " +
            "50 ms at 16 kHz; 0: do not check).")
    int samplesPerChar;

    @Option(names = "--interval", defaultValue = "1s", converter = DurationConverter.class,
        description = "Histogram interval: hlog lines, latency-over-time points, progress lines.")
    Duration interval;

    @Option(names = "--worker-cost-model", defaultValue = "none",
        description = "Embedded worker's cost model: none (zero synthesis delay) or h100.")
    String costModel;

    @Option(names = "--gateway-targets", defaultValue = "auto", description = "Hold the zero-delay gateway targets (" +
        GATEWAY_TARGETS + "): auto (embedded with cost model none, judged on " + Targets.GATEWAY_TARGET_CORES +
        "+ cores; shown as not held on " +
        "fewer, where the load generator shares the cores), on (judged on any machine), off. --quick never " +
        "judges them.")
    String gatewayTargets;

    @Option(names = "--target-fal-p95-ms", defaultValue = "1=300,3=400,10=600",
        description = "FAL p95 limits by session count (a count uses the nearest lower key).")
    String falTargets;

    @Option(names = "--target-jitter-p95-ms", defaultValue = "5", description = "Jitter p95 limit.")
    double jitterTarget;

    @Option(names = "--target-barge-in-p95-ms", defaultValue = "50", description = "pause -> paused p95 limit.")
    double bargeInTarget;

    @Option(names = "--target-throughput", defaultValue = "20", description = "Least sustained msg/s.")
    double throughputTarget;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
        description = "Unrecorded speak and barge-in traffic before the first measured scenario, so figures are of " +
            "a JIT-compiled server, as JMH warms up before it measures (cold-start measures the cold one); 0 for none.")
    Duration warmup;

    @Option(names = "--no-progress", description = "No progress lines on stderr.")
    boolean noProgress;

    @Option(names = "--compare", arity = "1..*", paramLabel = "[NAME=]URL|DIR", description = {
        "[NAME=]ws://HOST:PORT (repeatable): run the same scenarios against this server too, interleaved, and print " +
            "a side-by-side table.",
        "DIR DIR: put two earlier runs side by side (ratio B/A per metric) and exit."})
    List<String> compare;

    @Option(names = "--pid", paramLabel = "NAME=PID",
        description = "The process serving NAME (repeatable): adds server CPU per frame delivered (utime+stime from " +
            "/proc/PID/stat). NAME as in --url/--compare, or host:port.")
    Map<String, Long> pids;

    @Option(names = "--utterances", defaultValue = "5",
        description = "sentences: sentences each session speaks back to back.")
    int utterances;

    @Override
    public Integer call() throws Exception
    {
        if (compare != null && compare.stream().noneMatch(c -> c.contains("ws://")))
        {
            if (compare.size() != 2)
            {
                System.err
                    .println("ringcast bench --compare: give two run folders, or one or more [NAME=]ws://HOST:PORT");
                return 2;
            }
            try
            {
                System.out.print(Comparison.render(new File(compare.get(0)), new File(compare.get(1))));
                return 0;
            }
            catch (final IOException e)
            {
                System.err.println("ringcast bench --compare: cannot read a summary.json: " + e.getMessage());
                return 2;
            }
        }
        final List<Scenario> selected = Scenarios.select(scenario);
        if (selected == null || selected.isEmpty())
        {
            System.err.println(
                "ringcast bench: unknown scenario in '" + scenario + "'; known: " + Scenarios.names() + " or all");
            return 2;
        }
        final CostModel cost = switch (costModel)
        {
            case "none" -> CostModel.NONE;
            case "h100" -> CostModel.H100;
            default -> null;
        };
        if (cost == null || !List.of("auto", "on", "off").contains(gatewayTargets))
        {
            System.err
                .println("ringcast bench: --worker-cost-model is none or h100, --gateway-targets auto, on or off");
            return 2;
        }
        final GatewayTarget target;
        if (url != null)
        {
            target = named(url);
            if (target == null)
            {
                System.err
                    .println("ringcast bench: --url must be [NAME=]ws://HOST:PORT on a loopback address, was " + url);
                return 2;
            }
        }
        else
        {
            System.err
                .println("ringcast bench: no --url, starting the embedded gateway in this process (worker cost model " +
                    costModel + ")");
            target = GatewayTarget.embedded(cost, connectionRate, costModel);
        }
        final List<GatewayTarget> others = new ArrayList<>();
        for (final String c : compare == null ? List.<String>of() : compare)
        {
            final GatewayTarget t = named(c);
            if (t == null)
            {
                System.err
                    .println("ringcast bench: --compare takes [NAME=]ws://HOST:PORT on a loopback address, was " + c);
                return 2;
            }
            others.add(t);
        }
        identify(target);
        others.forEach(this::identify);
        final File dir = out != null
            ? out
            : new File("perf-results",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (!others.isEmpty())
        {
            final List<GatewayTarget> all = new ArrayList<>(List.of(target));
            all.addAll(others);
            if (all.stream().map(GatewayTarget::label).distinct().count() != all.size())
            {
                System.err.println("ringcast bench: --url and --compare need distinct names (NAME=URL)");
                return 2;
            }
            try (target)
            {
                System.err.println("ringcast bench: side by side: " +
                    all.stream().map(t -> t.label() + " " + t.wsUrl()).toList() + ", results in " + dir);
                final String table =
                    new SideBySideRun(all, this::settings, view(settings(target)), dir, selected, System.err)
                        .run(s -> Scenarios.select(s.name()).get(0));
                System.out.print(table);
                System.out.println("Reports: " + dir + "/compare.md, compare.json, and one folder per server");
                return 0;
            }
        }
        try (target)
        {
            final BenchSettings settings = settings(target);
            if (settings.targets().gatewayNotJudged() != null)
            {
                System.err.println("ringcast bench: the zero-delay gateway targets (" + GATEWAY_TARGETS +
                    ") are measured but " + settings.targets().gatewayNotJudged());
            }
            System.err.println(
                "ringcast bench: measuring " + target.description() + " at " + target.wsUrl() + ", results in " + dir);
            final RunReport report = new BenchRun(settings, target, dir, selected, view(settings), System.err).run();
            System.out.println(SummaryMarkdown.render(report));
            System.out.println(
                "Reports: " + new File(dir, "report.html").getPath() + ", summary.md, summary.json, *.hgrm, *.hlog");
            return report.passed() ? 0 : 1;
        }
    }

    /** @return a remote target from {@code [NAME=]URL}, or null when the URL is not usable. */
    private static GatewayTarget named(final String spec)
    {
        final int ws = spec.indexOf("ws://");
        final String name = ws > 1 && spec.charAt(ws - 1) == '=' ? spec.substring(0, ws - 1) : null;
        final GatewayTarget t = ws < 0 ? null : GatewayTarget.remote(spec.substring(ws));
        return t == null ? null : t.identify(name, -1);
    }

    private void identify(final GatewayTarget t)
    {
        final Long pid = pids == null ? null : pids.get(t.label());
        t.identify(null, pid == null ? -1 : pid);
        if (pids != null && pid == null)
        {
            System.err.println("ringcast bench: no --pid " + t.label() + "=PID: no server CPU per frame for it");
        }
    }

    private boolean given(final String option)
    {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    BenchSettings settings(final GatewayTarget target)
    {
        final boolean gw = switch (gatewayTargets)
        {
            case "on" -> true;
            case "off" -> false;
            default -> target.embedded() && "none".equals(costModel);
        };
        final String notJudged = gw
            ? Targets.gatewayNotJudged(quick, Runtime.getRuntime().availableProcessors(),
                "on".equals(gatewayTargets))
            : null;
        final Targets t =
            new Targets(Targets.parseFal(falTargets), jitterTarget, bargeInTarget, throughputTarget, gw, 2, 1, 2,
                100_000, 0.10, 1.0, notJudged);
        return new BenchSettings(sessions,
            quick && !given("--duration") ? Duration.ofSeconds(2) : duration,
            quick && !given("--rate") ? 5_000 : rate,
            quick && !given("--jitter-sessions") ? 20 : jitterSessions,
            quick && !given("--barge-in-sessions") ? 4 : bargeInSessions,
            quick && !given("--soak-duration") ? Duration.ofSeconds(3) : soakDuration,
            speakInterval, connectionRate, slowShare, samplesPerChar,
            quick && !given("--interval") ? Duration.ofMillis(500) : interval,
            quick && !given("--warmup") ? Duration.ofSeconds(2) : warmup,
            quick, !noProgress, t, utterances);
    }

    private Map<String, Object> view(final BenchSettings s)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario);
        m.put("sessions", s.sessions());
        m.put("duration", s.duration().toString());
        m.put("rate", s.rate());
        m.put("jitter_sessions", s.jitterSessions());
        m.put("barge_in_sessions", s.bargeInSessions());
        m.put("soak_duration", s.soakDuration().toString());
        m.put("warmup", s.warmup().toString());
        m.put("quick", s.quick());
        m.put("worker_cost_model", url == null ? costModel : "n/a (--url)");
        m.put("gateway_targets", s.targets().gatewayTargets());
        if (s.targets().gatewayNotJudged() != null)
        {
            m.put("gateway_targets_not_judged", s.targets().gatewayNotJudged());
        }
        m.put("connection_rate", s.connectionRate());
        m.put("utterances", s.utterances());
        return m;
    }

    /**
     * @param args the arguments after {@code bench}.
     * @return the exit code.
     */
    public static int execute(final String... args)
    {
        return new CommandLine(new BenchCommand()).execute(args);
    }
}
