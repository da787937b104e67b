package io.ringcast.perf.harness.scenario;

/**
 * A scenario after it ran.
 *
 * @param name        its name.
 * @param description what it measures.
 * @param context     its series, gauges, metrics and notes.
 * @param seconds     how long it took.
 * @param error       why it could not complete, or null.
 */
public record ScenarioOutcome(String name, String description, ScenarioContext context, double seconds, String error)
{
}
