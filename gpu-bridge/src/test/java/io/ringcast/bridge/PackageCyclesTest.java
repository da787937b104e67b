package io.ringcast.bridge;

import io.ringcast.testsupport.PackageCycles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The module's package structure, checked on its compiled classes: no cycle between sibling sub-packages of
 * {@code io.ringcast.bridge} (the root package holds the public API and may be imported by every sub-package).
 * Cycles between the root and a sub-package are known debt: the list below may shrink but not grow.
 */
@Tag("unit")
class PackageCyclesTest
{
    private static final String ROOT = "io.ringcast.bridge";
    private static final PackageCycles PACKAGES = PackageCycles.of(ROOT);

    @Test
    void shouldHaveNoCycleBetweenSiblingPackages()
    {
        PACKAGES.assertNoCycleBetweenSubPackagesOf(ROOT);
    }

    @Test
    void shouldHaveNoNewCycleBetweenTheRootPackageAndASubPackage()
    {
        assertEquals(Set.of("batching"), PACKAGES.rootCycles(ROOT),
            "sub-packages that the root package uses and that use it back; a new one is a new cycle (break it), " +
                "a missing one was fixed (drop it from this list)");
    }
}
