package io.ringcast.gateway;

import io.ringcast.engine.EngineConfig;
import io.ringcast.gateway.config.LayeredDefaults;
import io.ringcast.gateway.config.ServeSettings;
import io.ringcast.settings.Setting;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ringcast serve}'s options are the settings declared in {@link ServeSettings}: one option per setting, named
 * after its key, of its type, with its default and its doc as help; and every flag keeps the name and default it had
 * before settings were declared in one place.
 */
@Tag("unit")
class ServeSettingsTest
{
    private static ServeCommand parse(final Map<String, String> env, final String... args)
    {
        final LayeredDefaults.Loaded loaded = LayeredDefaults.load(args, env);
        final ServeCommand serve = new ServeCommand();
        new CommandLine(serve).setDefaultValueProvider(loaded.defaults()).parseArgs(args);
        return serve;
    }

    @Test
    void shouldHaveOneOptionPerSettingOfItsType()
    {
        final CommandLine.Model.CommandSpec spec = new CommandLine(new ServeCommand()).getCommandSpec();
        final Set<String> options = new TreeSet<>();
        for (final OptionSpec o : spec.options())
        {
            if (o.usageHelp() || o.versionHelp())
            {
                continue;
            }
            options.add(o.longestName());
            final Setting<?> s = ServeSettings.byKey(LayeredDefaults.key(o.longestName()));
            assertTrue(s != null, o.longestName() + " is no setting of ServeSettings");
            final Class<?> type = o.type().isPrimitive() ? box(o.type()) : o.type();
            assertTrue(s.type() == type || Set.class.isAssignableFrom(type) && s.type() == String.class,
                o.longestName() + " is a " + type.getSimpleName() + ", its setting a " + s.type().getSimpleName());
            assertFalse(o.description().length == 0 || o.description()[0].isBlank(), o.longestName() + " has no help");
        }
        final Set<String> flags = new TreeSet<>();
        ServeSettings.ALL.forEach(s -> flags.add(s.flag()));
        assertEquals(flags, options, "every setting of serve is an option, and every option a setting");
    }

    @Test
    void shouldKeepEveryFlagsDefault()
    {
        final ServeCommand s = parse(Map.of());
        // The defaults serve had when each was written out as a string on its option.
        assertEquals("info", s.logLevel);
        assertEquals("text", s.logFormat);
        assertEquals(8080, s.port);
        assertEquals("127.0.0.1", s.bind);
        assertEquals("h100", s.workerCostModel);
        assertEquals("backoff", s.idle);
        assertEquals(10_000, s.maxConnections);
        assertEquals(65_536, s.maxMessageBytes);
        assertEquals(67_108_864L, s.maxInboundBufferBytes);
        assertEquals(256, s.maxConnectionsPerIp);
        assertEquals(16_384, s.maxPublishBytes);
        assertEquals(200, s.messagesPerSecond);
        assertEquals(64, s.maxSubscriptions);
        assertEquals(1024, s.queueMaxMessages);
        assertEquals(4_194_304L, s.queueMaxBytes);
        assertEquals(0.7, s.backpressureThreshold);
        assertEquals(0.9, s.dropBulkThreshold);
        assertEquals(262_144L, s.maxInflightBytes);
        assertEquals(500L, s.slowSendMs);
        assertEquals(5, s.slowEvents);
        assertEquals(5000L, s.sendTimeoutMs);
        assertEquals(200_000L, s.fanoutPerSecond);
        assertEquals(8, s.fusionMaxSessions);
        assertEquals(256, s.fusionMaxItems);
        assertEquals(8, s.fusionMaxPending);
        assertEquals(0, s.compression);
        assertEquals(1000, s.readAheadMs);
        assertEquals(1000L, s.histogramLogIntervalMs);
        assertEquals(20, s.frameMs);
        assertEquals(3, s.prefillFrames);
        assertEquals(8, s.maxBatch);
        assertEquals(2.0, s.maxQueueDelayMs);
        assertEquals(4096, s.providerQueue);
        assertEquals(3000L, s.maxQueueWaitMs);
        assertEquals(2, s.maxConcurrentBatches);
        assertTrue(s.dispatchWhenIdle);
        assertEquals(null, s.groups, "computed by the engine: half the cores");
        assertEquals(null, s.ioThreads, "computed by the gateway: half the cores");
        assertEquals(null, s.authSecret);
        assertFalse(s.insecure);
        assertFalse(s.perIpLimitOnLoopback);
        assertFalse(s.protectMetrics);
    }

    @Test
    void shouldKeepTheEngineDefaultsThatAreNoFlags()
    {
        final EngineConfig engine = parse(Map.of(), "--max-inflight-bytes", "1000").toConfig().engine();
        final EngineConfig defaults = EngineConfig.builder().build();
        assertEquals(1000L, engine.maxInflightBytes());
        assertEquals(defaults.maxInflightMessages(), engine.maxInflightMessages());
        assertEquals(defaults.sampleRate(), engine.sampleRate());
        assertEquals(256, engine.maxInflightMessages());
        assertEquals(16_000, engine.sampleRate());
    }

    @Test
    void shouldNegateDispatchWhenIdleFromEveryLayer()
    {
        assertFalse(parse(Map.of(), "--no-dispatch-when-idle").dispatchWhenIdle);
        assertTrue(parse(Map.of(), "--dispatch-when-idle").dispatchWhenIdle);
        assertFalse(parse(Map.of("RINGCAST_DISPATCH_WHEN_IDLE", "false")).dispatchWhenIdle);
        assertFalse(parse(Map.of("RINGCAST_DISPATCH_WHEN_IDLE", "false")).toConfig().batching().dispatchWhenIdle());
    }

    @Test
    void shouldTakeEachSettingFromItsEnvironmentVariable()
    {
        final ServeCommand s = parse(Map.of("RINGCAST_MAX_BATCH", "3", "RINGCAST_FRAME_MS", "10",
            "RINGCAST_HISTOGRAM_LOG", "/tmp/h", "RINGCAST_ALLOWED_ORIGINS", "https://a,https://b"));
        assertEquals(3, s.maxBatch);
        assertEquals(10, s.frameMs);
        assertEquals(Path.of("/tmp/h"), s.histogramLog);
        assertEquals(Set.of("https://a", "https://b"), s.allowedOrigins);
    }

    @Test
    void shouldRefuseAValueOutOfBoundsNamingKeyBoundsAndValue()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = RingcastMain.run(new String[]{"serve", "--port", "0", "--max-connections", "0"}, Map.of(),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertEquals("ringcast serve: max_connections must be at least 1, was 0",
            err.toString(StandardCharsets.UTF_8).trim());
    }

    @Test
    void shouldShowEachSettingsDocAndDefaultInHelp()
    {
        final String help = new CommandLine(new ServeCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF)
            .replaceAll("\\s+", " ");
        assertTrue(
            help.contains("--max-connections=<maxConnections> Global connection limit; above it the connection " +
                "is closed with 1013. Default: 10000 "),
            "the doc, then the default");
        assertTrue(help.contains("Stream groups, one consumer thread each. Default: half the cores, at least 1."),
            "a computed default is described");
        assertTrue(help.contains("Apply --max-connections-per-ip to loopback"), "keys in docs are flags in help");
    }

    private static Class<?> box(final Class<?> primitive)
    {
        if (primitive == int.class)
        {
            return Integer.class;
        }
        if (primitive == long.class)
        {
            return Long.class;
        }
        if (primitive == double.class)
        {
            return Double.class;
        }
        return Boolean.class;
    }
}
