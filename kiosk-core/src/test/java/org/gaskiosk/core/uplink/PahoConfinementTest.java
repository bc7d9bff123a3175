package org.gaskiosk.core.uplink;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Paho is an implementation detail of the uplink: the rest of kiosk-core never sees it. */
class PahoConfinementTest {
  @Test
  void only_the_uplink_package_uses_paho() {
    JavaClasses core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.gaskiosk.core");
    noClasses()
        .that()
        .resideOutsideOfPackage("org.gaskiosk.core.uplink..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.paho..")
        .check(core);
  }
}
