package org.gaskiosk.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * kiosk-core knows no device, UI or broker library: adapters and the simulator implement its ports.
 * H2 and Flyway live only in the journal package, Paho only in the uplink package; domain and
 * engine use neither.
 */
class ArchitectureTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.gaskiosk.core");

  @Test
  void core_uses_no_device_or_ui_library() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("org.gaskiosk.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "javax.smartcardio..",
                "com.pi4j..",
                "com.fazecast.jSerialComm..",
                "io.javalin..",
                "org.eclipse.jetty..",
                "com.github.anastaciocintra..",
                "com.hivemq..",
                "org.gaskiosk.hw..",
                "org.gaskiosk.ui..",
                "org.gaskiosk.sim..");
    rule.check(CORE);
  }

  @Test
  void only_the_uplink_talks_mqtt() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.gaskiosk.core.uplink..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.paho..")
        .check(CORE);
  }

  @Test
  void only_the_journal_talks_to_the_database() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.gaskiosk.core.journal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.h2..", "org.flywaydb..", "java.sql..")
        .check(CORE);
  }

  @Test
  void domain_depends_on_nothing_but_the_jdk() {
    noClasses()
        .that()
        .resideInAPackage("org.gaskiosk.core.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.gaskiosk.core.engine..",
            "org.gaskiosk.core.journal..",
            "org.gaskiosk.core.uplink..",
            "org.gaskiosk.core.port..",
            "com.fasterxml..",
            "org.slf4j..")
        .check(CORE);
  }
}
