package io.ringcast.perf.harness.scenario;

/**
 * One named measurement of the suite. It opens its own sessions through the context, records latencies
 * into the context's series and adds {@link Metric}s; it must stop by itself within a bounded time.
 */
public interface Scenario
{
    /** @return the name used by {@code --scenario} and in file names. */
    String name();

    /** @return one line: what it measures. */
    String description();

    /**
     * @param ctx the run's target, settings and sinks.
     * @throws Exception when the scenario cannot run at all (reported, the suite goes on).
     */
    void run(ScenarioContext ctx) throws Exception;
}
