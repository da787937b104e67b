package io.ringcast.perf;

import io.ringcast.testsupport.PackageCycles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The module's package structure, checked on its compiled classes: no cycle between sibling sub-packages of
 * {@code io.ringcast.perf}, nor between those of {@code io.ringcast.perf.harness} (a root package may be imported by
 * its sub-packages), nor between either root and its sub-packages.
 */
@Tag("unit")
class PackageCyclesTest
{
    private static final String ROOT = "io.ringcast.perf";
    private static final PackageCycles PACKAGES = PackageCycles.of(ROOT);

    @Test
    void shouldHaveNoCycleBetweenSiblingPackages()
    {
        PACKAGES.assertNoCycleBetweenSubPackagesOf(ROOT);
        PACKAGES.assertNoCycleBetweenSubPackagesOf(ROOT + ".harness");
    }

    @Test
    void shouldHaveNoNewCycleBetweenTheRootPackageAndASubPackage()
    {
        assertEquals(Set.of(), PACKAGES.rootCycles(ROOT),
            "sub-packages that the root package uses and that use it back");
        assertEquals(Set.of(), PACKAGES.rootCycles(ROOT + ".harness"),
            "sub-packages of harness that harness uses and that use it back");
    }
}
