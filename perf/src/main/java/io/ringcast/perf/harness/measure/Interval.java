package io.ringcast.perf.harness.measure;

/**
 * One sampled interval of a series, for latency-over-time charts.
 *
 * @param offsetSeconds interval end, seconds since the run started.
 * @param count         values recorded in the interval.
 * @param p50Micros     median (corrected), µs.
 * @param p99Micros     99th percentile (corrected), µs.
 * @param maxMicros     maximum (corrected), µs.
 */
public record Interval(double offsetSeconds, long count, long p50Micros, long p99Micros, long maxMicros)
{
}
