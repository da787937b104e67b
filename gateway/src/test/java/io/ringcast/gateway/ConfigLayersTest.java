package io.ringcast.gateway;

import io.ringcast.gateway.config.LayeredDefaults;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Settings of {@code ringcast serve} from flags, RINGCAST_* environment variables, a --config file and defaults,
 * in that order; and the errors an operator gets for a typo or a missing file (one line, exit status 2).
 */
@Tag("unit")
class ConfigLayersTest
{
    @TempDir
    Path dir;

    /** Runs the command line in this JVM; returns the exit status and what went to standard error. */
    private static Outcome run(final Map<String, String> env, final String... args)
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = RingcastMain.run(args, env, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, err.toString(StandardCharsets.UTF_8));
    }

    private record Outcome(int status, String err)
    {
    }

    private static ServeCommand parse(final Map<String, String> env, final String... args)
    {
        final LayeredDefaults.Loaded loaded = LayeredDefaults.load(args, env);
        assertNull(loaded.error());
        final ServeCommand serve = new ServeCommand();
        new CommandLine(serve).setDefaultValueProvider(loaded.defaults()).parseArgs(args);
        return serve;
    }

    @Test
    void shouldRefuseAnUnknownKeyInTheFileNamingTheNearestOne() throws Exception
    {
        final Path conf = Files.writeString(dir.resolve("ringcast.conf"), "port=0\nmax_conections=10\n");
        final Outcome o = run(Map.of(), "serve", "--config", conf.toString());
        assertEquals(2, o.status(), o.err());
        assertEquals("ringcast serve: unknown key 'max_conections' in ringcast.conf; did you mean 'max_connections'?",
            o.err().trim());
    }

    @Test
    void shouldRefuseAnUnknownRingcastEnvironmentVariable()
    {
        final Outcome o = run(Map.of("RINGCAST_MAX_CONECTIONS", "10", "RINGCAST_HEAP", "4g", "HOME", "/root"), "serve",
            "--port", "0");
        assertEquals(2, o.status(), o.err());
        assertEquals(
            "ringcast serve: unknown environment variable RINGCAST_MAX_CONECTIONS; did you mean " +
                "RINGCAST_MAX_CONNECTIONS?",
            o.err().trim());
    }

    @Test
    void shouldExplainAMissingFileOnOneLine()
    {
        final Path missing = dir.resolve("nowhere.conf");
        final Outcome o = run(Map.of(), "serve", "--config", missing.toString());
        assertEquals(2, o.status());
        assertEquals("ringcast: config file " + missing + " not found", o.err().trim(), "one line, no stack trace");
    }

    @Test
    void shouldNameWhereABadValueCameFromOnOneLine() throws Exception
    {
        final Outcome env = run(Map.of("RINGCAST_PORT", "abc"), "serve");
        assertEquals(2, env.status(), env.err());
        assertEquals("ringcast serve: Invalid value for option '--port': 'abc' is not an int (from RINGCAST_PORT)",
            env.err().trim(), "one line naming the variable, not the usage");

        final Path conf = Files.writeString(dir.resolve("bad.conf"), "max-connections=many\n");
        final Outcome file = run(Map.of(), "serve", "--config", conf.toString());
        assertEquals(2, file.status(), file.err());
        assertEquals("ringcast serve: Invalid value for option '--max-connections': 'many' is not an int " +
            "(from 'max-connections' in bad.conf)", file.err().trim());

        final Outcome flag = run(Map.of("RINGCAST_PORT", "abc"), "serve", "--port", "x1");
        assertEquals(2, flag.status(), flag.err());
        assertEquals("ringcast serve: Invalid value for option '--port': 'x1' is not an int", flag.err().trim(),
            "a flag's value beats the variable's, and the message names no other source");
    }

    @Test
    void shouldNameTheNearestFlagOrCommandForATypoOnOneLine()
    {
        final Outcome o = run(Map.of(), "serve", "--prot", "8081");
        assertEquals(2, o.status(), o.err());
        assertEquals("ringcast serve: Unknown options: '--prot', '8081'; did you mean --port?", o.err().trim());
        final Outcome command = run(Map.of(), "servee");
        assertEquals(2, command.status(), command.err());
        assertEquals("ringcast: Unmatched argument at index 0: 'servee'; did you mean serve?", command.err().trim());
    }

    @Test
    void shouldTakeFlagsThenEnvironmentThenFileThenDefaults() throws Exception
    {
        final Path conf = Files.writeString(dir.resolve("layers.conf"),
            "port=1111\nmax_connections=2222\nmax-subscriptions=3333\n");
        final Map<String, String> env = Map.of("RINGCAST_PORT", "4444", "RINGCAST_MAX_CONNECTIONS", "5555");
        final ServeCommand s = parse(env, "--config", conf.toString(), "--port", "6666");
        assertEquals(6666, s.port, "a flag beats everything");
        assertEquals(5555, s.maxConnections, "the environment beats the file");
        assertEquals(3333, s.maxSubscriptions, "the file beats the default (hyphenated keys work too)");
        assertEquals(65_536, s.maxMessageBytes, "the default when no layer sets it");
    }

    @Test
    void shouldAcceptLogSettingsFromEveryLayer() throws Exception
    {
        final Path conf = Files.writeString(dir.resolve("log.conf"), "log_format=json\n");
        final ServeCommand s = parse(Map.of("RINGCAST_LOG_LEVEL", "debug"), "--config", conf.toString());
        assertEquals("json", s.logFormat);
        assertEquals("debug", s.logLevel);
    }

    @Test
    void shouldRefuseAnUnknownLogLevel()
    {
        final Outcome o = run(Map.of(), "serve", "--port", "0", "--log-level", "verbose");
        assertEquals(2, o.status());
        assertEquals("ringcast serve: --log-level must be one of error, warn, info, debug, trace; was 'verbose'",
            o.err().trim());
    }
}
