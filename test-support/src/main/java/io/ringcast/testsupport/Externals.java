package io.ringcast.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * External programs a test needs (Debian packages): found on PATH, else the test is skipped with the package to
 * install, unless {@code RINGCAST_REQUIRE_EXTERNALS=1} (CI), where a missing program fails the test.
 */
public final class Externals
{
    private Externals()
    {
    }

    /**
     * @param program executable name.
     * @return its path on PATH, if any.
     */
    public static Optional<Path> onPath(final String program)
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
        {
            if (dir.isEmpty())
            {
                continue;
            }
            final Path p = Path.of(dir, program);
            if (Files.isExecutable(p))
            {
                return Optional.of(p.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /**
     * @param program    executable name.
     * @param debPackage the Debian package that provides it.
     * @return its path; skips the test (fails it under {@code RINGCAST_REQUIRE_EXTERNALS=1}) when it is missing.
     */
    public static Path require(final String program, final String debPackage)
    {
        final Optional<Path> p = onPath(program);
        if (p.isEmpty())
        {
            missing(program + " not found on PATH: install the Debian package '" + debPackage + "'");
        }
        return p.orElseThrow();
    }

    /**
     * Skips the test with {@code message}, or fails it when externals are required (CI).
     *
     * @param message what is missing and which package provides it.
     */
    public static void missing(final String message)
    {
        if ("1".equals(System.getenv("RINGCAST_REQUIRE_EXTERNALS")))
        {
            throw new AssertionError(message + " (RINGCAST_REQUIRE_EXTERNALS=1 forbids skipping)");
        }
        Assumptions.abort(message);
    }
}
