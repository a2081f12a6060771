package dev.revgraph;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.elements.GivenClassesConjunction;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.lang.annotation.Annotation;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Repository;
import org.springframework.stereotype.Service;

/**
 * The structure the house style asks for, checked on every build. A feature is a package right
 * under {@code dev.revgraph} ({@code spend}, {@code audit}, {@code token}, ...); {@code shared}
 * holds what several features use and depends on none of them. Features form no cycle, and reach
 * each other only through services and the values those services take and return, never through
 * another feature's repository or controller. See docs/development.md.
 *
 * <p>Only the application's own classes are imported (not the generated jOOQ schema in
 * {@code dev.revgraph.db} nor the generated Java client), so every package found is the
 * application's.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.revgraph.";
    private static final String SHARED = "shared";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .importUrl(Application.class.getProtectionDomain().getCodeSource().getLocation());

    /** The feature packages' names: every package right under the root except shared. */
    private static final Set<String> FEATURES = CLASSES.stream()
            .map(ArchitectureTest::topPackage)
            .flatMap(Optional::stream)
            .filter(name -> !name.equals(SHARED))
            .collect(Collectors.toUnmodifiableSet());

    /** The package right under {@code dev.revgraph} a class lives in, if any. */
    private static Optional<String> topPackage(JavaClass type) {
        String name = type.getPackageName();
        if (!name.startsWith(ROOT)) {
            return Optional.empty();
        }
        return Optional.of(name.substring(ROOT.length()).split("\\.")[0]);
    }

    /** The feature a class belongs to; empty for shared, the root and classes of libraries. */
    private static Optional<String> feature(JavaClass type) {
        return topPackage(type.getBaseComponentType()).filter(FEATURES::contains);
    }

    private static final DescribedPredicate<JavaClass> IN_A_FEATURE = DescribedPredicate.describe(
            "are in a feature package", type -> feature(type).isPresent());

    @Test
    void theFeaturesAreFound() {
        // guards the rules below against passing because the importer found nothing
        if (!FEATURES.containsAll(Set.of("spend", "revenue", "audit", "token", "dimension"))) {
            throw new AssertionError("feature packages found: " + FEATURES);
        }
    }

    @Test
    void sqlLivesInRepositoriesOnly() {
        // the jOOQ classes generated into dev.revgraph.db are not application code: for each
        // table-valued function (changeset 0026's *_reported) they add a fetch helper taking a
        // Configuration, which no application class calls
        noClasses()
                .that()
                .areNotAnnotatedWith(Repository.class)
                .and()
                .resideOutsideOfPackage("dev.revgraph.db..")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(DSLContext.class)
                .check(CLASSES);
    }

    @Test
    void sharedDependsOnNoFeature() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + SHARED + "..")
                .should()
                .dependOnClassesThat(IN_A_FEATURE)
                .because("shared/ holds what several features use; what one feature needs lives in that feature,"
                        + " and a contract shared code needs from a feature is an interface owned by shared")
                .check(CLASSES);
    }

    @Test
    void featurePackagesFormNoCycle() {
        slices().assignedFrom(new FeatureSlices())
                .should()
                .beFreeOfCycles()
                .because("a cycle between features is broken by moving the type both sides need,"
                        + " or by an interface owned by the lower feature")
                .check(CLASSES);
    }

    @Test
    void controllersGoThroughServices() {
        noClasses()
                .that()
                .areAnnotatedWith(Controller.class)
                .should()
                .dependOnClassesThat()
                .areAnnotatedWith(Repository.class)
                .check(CLASSES);
    }

    @Test
    void repositoriesArePackagePrivate() {
        classes()
                .that()
                .areAnnotatedWith(Repository.class)
                .should()
                .bePackagePrivate()
                .check(CLASSES);
    }

    @Test
    void noFeatureUsesAnotherFeaturesRepository() {
        featureClasses()
                .should(reachOtherFeaturesOnlyThrough(
                        "no repository nor type declared in one", type -> !declaredIn(type, Repository.class)))
                .check(CLASSES);
    }

    @Test
    void noFeatureUsesAnotherFeaturesController() {
        featureClasses()
                .should(reachOtherFeaturesOnlyThrough(
                        "no controller nor type declared in one", type -> !declaredIn(type, Controller.class)))
                .check(CLASSES);
    }

    @Test
    void featuresMeetOnlyThroughServices() {
        Set<JavaClass> serviceTypes = serviceSignatureTypes();
        featureClasses()
                .should(reachOtherFeaturesOnlyThrough(
                        "their services and the types those services' public methods take and return",
                        type -> type.isAnnotatedWith(Service.class) || serviceTypes.contains(type)))
                .check(CLASSES);
    }

    private static GivenClassesConjunction featureClasses() {
        return classes().that(IN_A_FEATURE);
    }

    /** True when the class, or a class it is nested in, carries the annotation. */
    private static boolean declaredIn(JavaClass type, Class<? extends Annotation> annotation) {
        for (Optional<JavaClass> c = Optional.of(type);
                c.isPresent();
                c = c.get().getEnclosingClass()) {
            if (c.get().isAnnotatedWith(annotation)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The values one feature may hold of another: every application type that appears in a public
     * method of a service (as a parameter, a return type or a type argument of either), and the
     * types of those values' own fields (a returned {@code SpendLine} carries its
     * {@code SpendCategory}), followed to the end.
     */
    private static Set<JavaClass> serviceSignatureTypes() {
        Deque<JavaClass> pending = new ArrayDeque<>();
        for (JavaClass service : CLASSES) {
            if (!service.isAnnotatedWith(Service.class)) {
                continue;
            }
            for (JavaMethod method : service.getMethods()) {
                if (!method.getModifiers().contains(JavaModifier.PUBLIC)) {
                    continue;
                }
                pending.addAll(method.getReturnType().getAllInvolvedRawTypes());
                for (JavaParameter parameter : method.getParameters()) {
                    pending.addAll(parameter.getType().getAllInvolvedRawTypes());
                }
            }
        }
        Set<JavaClass> values = new HashSet<>();
        while (!pending.isEmpty()) {
            JavaClass value = pending.pop().getBaseComponentType();
            if (feature(value).isEmpty() || value.isAnnotatedWith(Service.class) || !values.add(value)) {
                continue;
            }
            for (JavaField field : value.getFields()) {
                if (!field.getModifiers().contains(JavaModifier.STATIC)) {
                    pending.addAll(field.getType().getAllInvolvedRawTypes());
                }
            }
        }
        return values;
    }

    /**
     * Every dependency on a class of another feature targets a class {@code allowed} accepts;
     * dependencies within a feature and on shared or libraries are not this rule's concern.
     */
    private static ArchCondition<JavaClass> reachOtherFeaturesOnlyThrough(
            String description, Predicate<JavaClass> allowed) {
        return new ArchCondition<>("reach other features only through " + description) {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                String own = feature(type).orElseThrow();
                for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass().getBaseComponentType();
                    Optional<String> other = feature(target);
                    if (other.isPresent() && !other.get().equals(own) && !allowed.test(target)) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    /** One slice per feature package; shared and the root belong to none. */
    private static final class FeatureSlices implements SliceAssignment {

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass type) {
            return feature(type).map(SliceIdentifier::of).orElseGet(SliceIdentifier::ignore);
        }

        @Override
        public String getDescription() {
            return "feature packages dev.revgraph.(*) except shared";
        }
    }
}
