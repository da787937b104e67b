package io.ringcast.engine;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
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
    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);

    @Test
    void shouldHaveNoCycleBetweenSiblingPackages()
    {
        slices().matching("io.ringcast.engine.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void shouldHaveNoNewCycleBetweenTheRootPackageAndASubPackage()
    {
        assertEquals(Set.of(), rootCycles(ROOT),
            "sub-packages that the root package uses and that use it back; a new one is a new cycle (break it), "
                + "a missing one was fixed (drop it from this list)");
    }

    /** @return the first-level sub-packages of {@code root} that depend on it and that it depends on. */
    private static Set<String> rootCycles(final String root)
    {
        final Set<String> rootUses = new TreeSet<>();
        final Set<String> usesRoot = new TreeSet<>();
        for (final JavaClass c : CLASSES)
        {
            final String from = c.getPackageName();
            for (final Dependency d : c.getDirectDependenciesFromSelf())
            {
                final String to = d.getTargetClass().getPackageName();
                if (from.equals(root) && to.startsWith(root + "."))
                {
                    rootUses.add(firstLevel(root, to));
                }
                else if (to.equals(root) && from.startsWith(root + "."))
                {
                    usesRoot.add(firstLevel(root, from));
                }
            }
        }
        rootUses.retainAll(usesRoot);
        return rootUses;
    }

    private static String firstLevel(final String root, final String pkg)
    {
        final int dot = pkg.indexOf('.', root.length() + 1);
        return dot < 0 ? pkg.substring(root.length() + 1) : pkg.substring(root.length() + 1, dot);
    }
}
