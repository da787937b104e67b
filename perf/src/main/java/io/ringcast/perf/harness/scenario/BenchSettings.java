package io.ringcast.perf.harness.scenario;

import java.time.Duration;
import java.util.List;

/**
 * Everything a run is told, resolved from the command line ({@code ringcast bench --help} documents each).
 *
 * @param sessions        session counts for {@code fal} (and the base of the others).
 * @param duration        length of each measured phase.
 * @param rate            intended ping rate of {@code throughput}, msg/s (the sweep goes around it).
 * @param jitterSessions  sessions of {@code jitter}.
 * @param bargeInSessions sessions of {@code barge-in}.
 * @param soakDuration    length of {@code soak}.
 * @param speakInterval   time between one session's {@code speak}s in {@code fal}.
 * @param connectionRate  inbound messages per second one connection may send (the server's limit).
 * @param slowShare       share of clients that stop reading in {@code slow-consumer}.
 * @param samplesPerChar  samples the reference worker makes per character (0: unknown, not checked).
 * @param sampleInterval  histogram interval (hlog lines, latency-over-time points, progress lines).
 * @param warmup          unrecorded speak and barge-in traffic before the first measured scenario (0: none).
 * @param quick           smoke mode: short phases, fewer sessions.
 * @param progress        print progress lines on stderr.
 * @param targets         the SLOs.
 * @param utterances      sentences each session speaks back to back in {@code sentences}.
 */
public record BenchSettings(List<Integer> sessions, Duration duration, int rate, int jitterSessions,
    int bargeInSessions,
    Duration soakDuration, Duration speakInterval, int connectionRate, double slowShare, int samplesPerChar,
    Duration sampleInterval, Duration warmup, boolean quick, boolean progress, Targets targets,
    int utterances)
{
    /** @return the duration in ns. */
    public long durationNanos()
    {
        return duration.toNanos();
    }
}
