package io.ringcast.bridge.support;

import java.io.File;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds external programs for tests. A missing program skips the test with a message naming
 * its Debian package, unless RINGCAST_REQUIRE_EXTERNALS=1 (CI), where it fails the test.
 */
public final class Externals {

    private Externals() {
    }

    /** The program on PATH, if any. */
    public static Optional<String> onPath(final String program) {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            final File f = new File(dir, program);
            if (!dir.isEmpty() && f.canExecute()) {
                return Optional.of(f.getAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** The program's path; skips or fails (under RINGCAST_REQUIRE_EXTERNALS=1) when it is missing. */
    public static String require(final String program, final String debianPackage) {
        final Optional<String> p = onPath(program);
        if (p.isEmpty()) {
            missing(program + " not found on PATH: install the Debian package '" + debianPackage + "'");
        }
        return p.get();
    }

    /** Skips the test, or fails it when externals are required. */
    public static void missing(final String message) {
        if ("1".equals(System.getenv("RINGCAST_REQUIRE_EXTERNALS"))) {
            throw new AssertionError(message + " (RINGCAST_REQUIRE_EXTERNALS=1)");
        }
        Assumptions.abort(message);
    }
}
