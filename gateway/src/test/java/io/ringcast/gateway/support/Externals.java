package io.ringcast.gateway.support;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * External programs a test needs (Debian packages): found on PATH, else the test is skipped with the
 * package to install, unless {@code RINGCAST_REQUIRE_EXTERNALS=1} (CI), where a missing program fails.
 */
public final class Externals
{
    private Externals()
    {
    }

    /**
     * @param program    executable name.
     * @param debPackage the Debian package that provides it.
     * @return its path.
     */
    public static Path require(final String program, final String debPackage)
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
        {
            final Path p = Path.of(dir, program);
            if (Files.isExecutable(p))
            {
                return p;
            }
        }
        final String message = program + " not found on PATH: install the Debian package '" + debPackage + "'";
        if ("1".equals(System.getenv("RINGCAST_REQUIRE_EXTERNALS")))
        {
            throw new AssertionError(message + " (RINGCAST_REQUIRE_EXTERNALS=1 forbids skipping)");
        }
        Assumptions.assumeTrue(false, message);
        return null;
    }
}
