package io.ringcast.bridge.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What was built and what runs it: the project version and git revision, written into the jar at build
 * time (Maven resource filtering of {@code build.properties}), and the JDK of this JVM. Shown by
 * {@code --version} and exported as {@code ringcast_build_info}.
 *
 * @param version  the project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param revision the abbreviated git commit, with {@code -dirty} for uncommitted changes; {@code unknown}
 *                 when built outside a git checkout
 * @param jdk      the running JDK's version and vendor, e.g. {@code 17.0.17 (Debian)}
 */
public record BuildInfo(String version, String revision, String jdk)
{

    private static final String UNKNOWN = "unknown";

    /** The build of the classes on this class path, run by this JVM. */
    public static BuildInfo current()
    {
        final Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties"))
        {
            if (in != null)
            {
                p.load(in);
            }
        }
        catch (final IOException e)
        {
            // An unreadable resource in our own jar: report what we can rather than fail --version.
        }
        final String revision = filtered(p.getProperty("revision"));
        final String dirty =
            "true".equals(filtered(p.getProperty("dirty"))) && !UNKNOWN.equals(revision) ? "-dirty" : "";
        return new BuildInfo(filtered(p.getProperty("version")), revision + dirty,
            Runtime.version() + " (" + System.getProperty("java.vendor", UNKNOWN) + ")");
    }

    /** The lines {@code --version} prints, for a command named {@code name}. */
    public String[] versionLines(final String name)
    {
        return new String[]{name + " " + version, "revision " + revision, "jdk " + jdk};
    }

    /** A property left unfilled (no git checkout at build time, classes run from an IDE) reads as unknown. */
    private static String filtered(final String value)
    {
        return value == null || value.isBlank() || value.startsWith("${") ? UNKNOWN : value.trim();
    }
}
