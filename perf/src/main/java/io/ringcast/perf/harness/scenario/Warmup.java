package io.ringcast.perf.harness.scenario;

import io.ringcast.perf.harness.client.Connector;
import io.ringcast.perf.harness.target.GatewayTarget;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Unrecorded traffic before the first measured scenario: {@code fal} at 10 sessions and then {@code barge-in},
 * each for half of {@code --warmup}, into a throwaway folder. Without it the first scenario's tail is the
 * JIT compiling the server's speak, pacing and barge-in paths, which is what {@code cold-start} measures.
 */
public final class Warmup
{
    private static final int SESSIONS = 10;

    private Warmup()
    {
    }

    /**
     * Runs the warm-up; does nothing when {@code settings.warmup()} is zero.
     *
     * @param target    the server under test.
     * @param settings  the run's settings.
     * @param connector the run's WebSocket connector.
     * @throws Exception when a warm-up scenario cannot run (the caller reports it and measures anyway).
     */
    public static void run(final GatewayTarget target, final BenchSettings settings, final Connector connector)
        throws Exception
    {
        if (settings.warmup().isZero() || settings.warmup().isNegative())
        {
            return;
        }
        final BenchSettings half = new BenchSettings(List.of(SESSIONS), settings.warmup().dividedBy(2), settings.rate(),
            settings.jitterSessions(), Math.min(SESSIONS, settings.bargeInSessions()), settings.soakDuration(),
            settings.speakInterval(), settings.connectionRate(), settings.slowShare(), settings.samplesPerChar(),
            settings.sampleInterval(), settings.warmup(), settings.quick(), false, settings.targets(),
            settings.utterances());
        final Path dir = Files.createTempDirectory("ringcast-bench-warmup");
        try
        {
            for (final Scenario s : List.of(new FalScenario(), new BargeInScenario()))
            {
                final ScenarioContext ctx = new ScenarioContext(s.name(), target, half, connector, dir.toFile(),
                    System.currentTimeMillis(), null);
                try
                {
                    s.run(ctx);
                }
                finally
                {
                    ctx.finish();
                }
            }
        }
        finally
        {
            delete(dir);
        }
    }

    private static void delete(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
