package dev.revgraph;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Repository;

/** The structure the house style asks for, checked on every build. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.revgraph");

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
    void repositoriesAreReachedOnlyFromTheirOwnFeature() {
        classes()
                .that()
                .areAnnotatedWith(Repository.class)
                .should()
                .bePackagePrivate()
                .check(CLASSES);
    }
}
