package org.gaskiosk.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.lang.reflect.Field;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production log configuration: the file in logs.dir, rolled by size and day, capped in all.
 */
class LogRotationTest {
  @TempDir Path logs;

  @Test
  void the_kiosk_log_rolls_at_5_mb_and_all_of_it_stays_under_50_mb() throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    context.putProperty("kiosk.logs", logs.toString());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(Path.of("src/main/resources/logback.xml").toFile());
    try {
      context.getLogger("org.gaskiosk.test").info("a line for the file");

      RollingFileAppender<ILoggingEvent> file =
          (RollingFileAppender<ILoggingEvent>) context.getLogger("ROOT").getAppender("FILE");
      assertThat(file.getFile()).isEqualTo(logs.resolve("kiosk.log").toString());
      assertThat(file.getRollingPolicy()).isInstanceOf(SizeAndTimeBasedRollingPolicy.class);
      SizeAndTimeBasedRollingPolicy<?> policy =
          (SizeAndTimeBasedRollingPolicy<?>) file.getRollingPolicy();
      assertThat(policy.getMaxHistory()).isEqualTo(14);
      assertThat(field(SizeAndTimeBasedRollingPolicy.class, "maxFileSize", policy))
          .isEqualTo(FileSize.valueOf("5MB").getSize());
      assertThat(field(TimeBasedRollingPolicy.class, "totalSizeCap", policy))
          .isEqualTo(FileSize.valueOf("50MB").getSize());
    } finally {
      context.stop();
    }
    assertThat(logs.resolve("kiosk.log")).content().contains("a line for the file");
  }

  /** logback has setters but no getters for the caps; read what the configuration set. */
  private static long field(Class<?> owner, String name, Object target) throws Exception {
    Field f = owner.getDeclaredField(name);
    f.setAccessible(true);
    return ((FileSize) f.get(target)).getSize();
  }
}
