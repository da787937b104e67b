package io.ringcast.gateway;

import io.ringcast.testsupport.PackageCycles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The module's package structure, checked on its compiled classes: no cycle between sibling sub-packages of
 * {@code io.ringcast.gateway} (the root package holds the public API and may be imported by every sub-package), nor
 * between the root and a sub-package.
 */
@Tag("unit")
class PackageCyclesTest
{
    private static final String ROOT = "io.ringcast.gateway";
    private static final PackageCycles PACKAGES = PackageCycles.of(ROOT);

    @Test
    void shouldHaveNoCycleBetweenSiblingPackages()
    {
        PACKAGES.assertNoCycleBetweenSubPackagesOf(ROOT);
    }

    @Test
    void shouldNotBorrowTheBridgeRegistryForRedis()
    {
        // The worker registry's Redis layout is the bridge's business; topics have their own connections.
        noClasses().should().dependOnClassesThat().haveSimpleName("WorkerRegistry").check(PACKAGES.classes());
        noClasses().that().resideInAPackage("io.ringcast.gateway.topics..")
            .should().dependOnClassesThat().resideInAPackage("io.ringcast.bridge..").check(PACKAGES.classes());
    }

    @Test
    void shouldHaveNoNewCycleBetweenTheRootPackageAndASubPackage()
    {
        assertEquals(Set.of(), PACKAGES.rootCycles(ROOT),
            "sub-packages that the root package uses and that use it back: a new cycle (break it)");
    }
}
