package io.ringcast.gateway.ops;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's choice of JDK: RINGCAST_JAVA, then an explicitly set JAVA_HOME, win over the newest JDK found,
 * and a wrong one is a one-line error with status 2 (checked before anything is built or started).
 */
@Tag("unit")
class LauncherTest
{
    private static final Path LAUNCHER = Path.of("..", "ringcast").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Result(int status, String err)
    {
    }

    private static Result launch(final Map<String, String> env, final String... args) throws Exception
    {
        final ProcessBuilder pb = new ProcessBuilder("bash", LAUNCHER.toString());
        pb.command().addAll(List.of(args));
        pb.environment().keySet().removeIf(k -> k.startsWith("RINGCAST_") || k.equals("JAVA_HOME"));
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        final Process p = pb.start();
        final boolean exited = p.waitFor(30, TimeUnit.SECONDS);
        if (!exited)
        {
            // it went on to build or serve: stop that, and everything it started
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        assertTrue(exited, "the launcher stops at once on a bad JDK choice");
        return new Result(p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }

    /** @return a JDK home whose release file says Java 11 (its java is never run). */
    private Path oldJdk() throws Exception
    {
        final Path home = Files.createDirectories(dir.resolve("jdk-11/bin"));
        Files.writeString(dir.resolve("jdk-11/release"), "JAVA_VERSION=\"11.0.2\"\n");
        final Path java = Files.writeString(home.resolve("java"), "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home.getParent();
    }

    @Test
    void shouldHonourAnExplicitJavaHomeOverNewerJdks() throws Exception
    {
        final Result r = launch(Map.of("JAVA_HOME", oldJdk().toString()), "serve");
        assertEquals(2, r.status(), r.err());
        assertEquals("ringcast: JAVA_HOME=" + oldJdk() + " is Java 11; ringcast needs 17 or newer", r.err());
    }

    @Test
    void shouldTakeRingcastJavaFirst() throws Exception
    {
        final Result r = launch(Map.of("RINGCAST_JAVA", oldJdk().resolve("bin/java").toString(),
            "JAVA_HOME", System.getProperty("java.home")), "serve");
        assertEquals(2, r.status(), r.err());
        assertEquals(
            "ringcast: RINGCAST_JAVA=" + oldJdk().resolve("bin/java") + " is Java 11; ringcast needs 17 or newer",
            r.err());
    }

    @Test
    void shouldRefuseARingcastJavaThatIsNoJdk() throws Exception
    {
        final Result r = launch(Map.of("RINGCAST_JAVA", dir.resolve("nothing").toString()), "serve");
        assertEquals(2, r.status(), r.err());
        assertEquals("ringcast: RINGCAST_JAVA=" + dir.resolve("nothing") + " is not a JDK home or a java binary",
            r.err());
    }
}
