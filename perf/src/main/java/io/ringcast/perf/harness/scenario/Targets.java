package io.ringcast.perf.harness.scenario;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * SLO targets. The suite's defaults (docs/perf.md, "Targets"): FAL p95 &lt; 300/400/600 ms at 1/3/10
 * sessions, jitter p95 &lt; 5 ms, barge-in p95 &lt; 50 ms, &gt; 20 msg/s. The gateway's own targets hold with a
 * zero-delay worker only ({@link #gatewayTargets}): FAL p99 &le; 2 ms at 10 sessions, jitter p99 &le; 1 ms at 100
 * sessions, pause→paused p99 &le; 2 ms, ping/pong &ge; 100,000 msg/s.
 *
 * @param falP95Ms          FAL p95 limit by session count; a count between keys takes the nearest lower key.
 * @param jitterP95Ms       frame jitter p95 limit.
 * @param bargeInP95Ms      pause→paused p95 limit.
 * @param minMessagesPerSec least sustained throughput.
 * @param gatewayTargets    also hold the zero-delay gateway targets.
 * @param falOverheadP99Ms  gateway target: FAL p99 at 10+ sessions with a zero-delay worker.
 * @param jitterP99Ms       gateway target: jitter p99 at 100+ sessions.
 * @param pausedP99Ms       gateway target: pause→paused p99.
 * @param pingPerSec        gateway target: ping/pong msg/s.
 * @param isolation         slow-consumer: others' FAL/jitter p95 may grow by at most this share ...
 * @param isolationFloorMs  ... or by this many ms, whichever is larger (sub-ms figures are noise on 2 cores).
 * @param gatewayNotJudged  why the gateway targets are shown but not judged on this run (a small shared machine,
 *                          {@code --quick}), or null when they are judged.
 */
public record Targets(NavigableMap<Integer, Double> falP95Ms, double jitterP95Ms, double bargeInP95Ms,
    double minMessagesPerSec,
    boolean gatewayTargets, double falOverheadP99Ms, double jitterP99Ms, double pausedP99Ms, double pingPerSec,
    double isolation, double isolationFloorMs, String gatewayNotJudged)
{
    /**
     * Fewest cores on which {@code --gateway-targets auto} judges the gateway targets with the load generator
     * alongside.
     */
    public static final int GATEWAY_TARGET_CORES = 4;

    /**
     * @param quick      a {@code --quick} run.
     * @param cores      the machine's cores.
     * @param asked      {@code --gateway-targets on} (judge them even on a small machine, but never in a quick run).
     * @return why the gateway targets are not judged on this run, or null when they are.
     */
    public static String gatewayNotJudged(final boolean quick, final int cores, final boolean asked)
    {
        if (quick)
        {
            return "not judged by --quick (phases of a few seconds leave a handful of samples at p99)";
        }
        return !asked && cores < GATEWAY_TARGET_CORES
            ? "not held on this machine (" + cores +
                " cores, load generator on the same cores; --gateway-targets on judges anyway)"
            : null;
    }

    /**
     * A gateway target (zero-delay worker): judged, or shown with the reason it is not judged on this run.
     *
     * @return the figure.
     */
    public Metric gateway(final String scenario, final String name, final double measured, final String unit,
        final Metric.Rule rule,
        final double limit)
    {
        return gatewayNotJudged == null
            ? Metric.slo(scenario, name, measured, unit, rule, limit)
            : Metric.notJudged(scenario, name, measured, unit, rule, limit, gatewayNotJudged);
    }

    /** @return the defaults, with or without the gateway targets. */
    public static Targets defaults(final boolean gatewayTargets)
    {
        return new Targets(new TreeMap<>(Map.of(1, 300.0, 3, 400.0, 10, 600.0)), 5, 50, 20, gatewayTargets, 2, 1, 2,
            100_000,
            0.10, 1.0, null);
    }

    /**
     * @param sessions concurrent sessions.
     * @return the FAL p95 limit for that many sessions (nearest lower key; the lowest key below it).
     */
    public double falP95For(final int sessions)
    {
        final Map.Entry<Integer, Double> e = falP95Ms.floorEntry(sessions);
        return e != null ? e.getValue() : falP95Ms.firstEntry().getValue();
    }

    /**
     * @param spec {@code 1=300,3=400,10=600}
     * @return the map.
     * @throws IllegalArgumentException on a malformed spec.
     */
    public static NavigableMap<Integer, Double> parseFal(final String spec)
    {
        final NavigableMap<Integer, Double> m = new TreeMap<>();
        for (final String part : spec.split(","))
        {
            final String[] kv = part.trim().split("=");
            if (kv.length != 2)
            {
                throw new IllegalArgumentException("FAL targets look like 1=300,3=400,10=600; got '" + spec + "'");
            }
            m.put(Integer.parseInt(kv[0].trim()), Double.parseDouble(kv[1].trim()));
        }
        return m;
    }
}
