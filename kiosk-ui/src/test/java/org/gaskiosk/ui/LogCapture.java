package org.gaskiosk.ui;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Records every log event of the process while open (Javalin's and Jetty's included), with the
 * given loggers lowered to DEBUG so that tests can count this module's quiet lines too.
 */
final class LogCapture implements AutoCloseable {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final Map<Logger, Level> levels = new HashMap<>();

  LogCapture(Class<?>... debugLoggers) {
    for (Class<?> type : debugLoggers) {
      Logger logger = (Logger) LoggerFactory.getLogger(type);
      levels.put(logger, logger.getLevel());
      logger.setLevel(Level.DEBUG);
    }
    appender.start();
    root.addAppender(appender);
  }

  /** Everything recorded so far. */
  List<ILoggingEvent> events() {
    synchronized (appender.list) {
      return List.copyOf(appender.list);
    }
  }

  /** Events at WARN or above, and any event that carries a stack trace. */
  List<String> problems() {
    return events().stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN) || e.getThrowableProxy() != null)
        .map(LogCapture::describe)
        .toList();
  }

  /** Events of the logger for {@code type}, as "LEVEL message". */
  List<String> linesOf(Class<?> type) {
    return events().stream()
        .filter(e -> e.getLoggerName().equals(type.getName()))
        .map(e -> e.getLevel() + " " + e.getFormattedMessage())
        .toList();
  }

  private static String describe(ILoggingEvent e) {
    return e.getLevel()
        + " ["
        + e.getThreadName()
        + "] "
        + e.getLoggerName()
        + " - "
        + e.getFormattedMessage()
        + (e.getThrowableProxy() == null
            ? ""
            : " ("
                + e.getThrowableProxy().getClassName()
                + ": "
                + e.getThrowableProxy().getMessage()
                + ")");
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
    levels.forEach(Logger::setLevel);
  }
}
