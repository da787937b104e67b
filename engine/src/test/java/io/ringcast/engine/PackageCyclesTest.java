package io.ringcast.engine;

import io.ringcast.testsupport.PackageCycles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The module's package structure, checked on its compiled classes: no cycle between sibling sub-packages of
 * {@code io.ringcast.engine} (the root package holds the public API and may be imported by every sub-package).
 * The root package uses none of its sub-packages, so there is no cycle between the root and a sub-package either:
 * the set below stays empty.
 */
@Tag("unit")
class PackageCyclesTest
{
    private static final String ROOT = "io.ringcast.engine";
    private static final PackageCycles PACKAGES = PackageCycles.of(ROOT);

    @Test
    void shouldHaveNoCycleBetweenSiblingPackages()
    {
        PACKAGES.assertNoCycleBetweenSubPackagesOf(ROOT);
    }

    @Test
    void shouldHaveNoNewCycleBetweenTheRootPackageAndASubPackage()
    {
        assertEquals(Set.of(), PACKAGES.rootCycles(ROOT),
            "sub-packages that the root package uses and that use it back; a new one is a new cycle (break it), " +
                "a missing one was fixed (drop it from this list)");
    }
}
