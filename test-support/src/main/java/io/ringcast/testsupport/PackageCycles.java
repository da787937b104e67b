package io.ringcast.testsupport;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * A module's package structure, checked on its compiled main classes (tests excluded). The rule: no cycle between
 * sibling sub-packages of a root package, and none between the root and a sub-package (the root holds the public
 * API and may be imported by every sub-package; it should not need them back). Each module keeps a thin
 * {@code PackageCyclesTest} that names its roots.
 */
public final class PackageCycles
{
    private final JavaClasses classes;

    private PackageCycles(final JavaClasses classes)
    {
        this.classes = classes;
    }

    /**
     * @param root the module's root package, e.g. {@code io.ringcast.engine}.
     * @return a checker over the main classes under {@code root}.
     */
    public static PackageCycles of(final String root)
    {
        return new PackageCycles(new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(root));
    }

    /** @return the imported classes, for a module's own further rules. */
    public JavaClasses classes()
    {
        return classes;
    }

    /**
     * Fails (with ArchUnit's report of each cycle) when sub-packages of {@code root} depend on each other in a cycle.
     *
     * @param root a root package among the imported ones.
     */
    public void assertNoCycleBetweenSubPackagesOf(final String root)
    {
        slices().matching(root + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    /**
     * @param root a root package among the imported ones.
     * @return the first-level sub-packages of {@code root} that depend on it and that it depends on.
     */
    public Set<String> rootCycles(final String root)
    {
        final Set<String> rootUses = new TreeSet<>();
        final Set<String> usesRoot = new TreeSet<>();
        for (final JavaClass c : classes)
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
