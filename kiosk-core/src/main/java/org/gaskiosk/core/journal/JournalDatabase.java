package org.gaskiosk.core.journal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The H2 database behind the journal: opening, schema migrations, and durable commits.
 *
 * <p>Durability: {@code WRITE_DELAY=0} makes H2 write each commit to the file at once, which
 * survives the death of the process (SIGKILL). It does not fsync: H2 2.x forces the file to the
 * device only on close, on compaction and on {@code CHECKPOINT SYNC}. A kiosk loses power without
 * warning, so with {@code fsync} on every journal commit is followed by {@code CHECKPOINT SYNC}
 * before the device action it announces.
 */
public final class JournalDatabase implements AutoCloseable {
  private final JdbcConnectionPool pool;
  private final boolean fsync;
  private final List<Runnable> commitListeners = new CopyOnWriteArrayList<>();

  private JournalDatabase(String url, boolean fsync) {
    this.pool = JdbcConnectionPool.create(url, "kiosk", "");
    this.pool.setMaxConnections(8);
    this.fsync = fsync;
    Flyway.configure()
        .dataSource(pool)
        .locations("classpath:db/journal")
        .loggers("slf4j")
        .load()
        .migrate();
  }

  /** The journal in {@code folder}/journal.mv.db, every commit on disk before the call returns. */
  public static JournalDatabase openFile(Path folder, boolean fsync) {
    Path base = folder.toAbsolutePath().resolve("journal");
    return new JournalDatabase("jdbc:h2:file:" + base + ";WRITE_DELAY=0", fsync);
  }

  /**
   * As {@link #openFile(Path, boolean)} with H2's page cache capped at {@code cacheKb} kilobytes: a
   * process hosting many journals (the fleet benchmark) cannot give each H2's default 16 MB.
   */
  public static JournalDatabase openFile(Path folder, boolean fsync, int cacheKb) {
    if (cacheKb < 256) {
      throw new IllegalArgumentException("an H2 cache below 256 KB thrashes: " + cacheKb);
    }
    Path base = folder.toAbsolutePath().resolve("journal");
    return new JournalDatabase(
        "jdbc:h2:file:" + base + ";WRITE_DELAY=0;CACHE_SIZE=" + cacheKb, fsync);
  }

  /** An in-memory journal for unit tests that do not need a file. */
  public static JournalDatabase openInMemory(String name) {
    return new JournalDatabase("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", false);
  }

  Connection connection() throws SQLException {
    Connection c = pool.getConnection();
    c.setAutoCommit(false);
    return c;
  }

  /** Commits and, when configured, forces the database file to the device. */
  void commitDurably(Connection c) throws SQLException {
    c.commit();
    if (fsync) {
      try (Statement s = c.createStatement()) {
        s.execute("CHECKPOINT SYNC");
      }
    }
    for (Runnable l : commitListeners) {
      l.run();
    }
  }

  /**
   * Commits to the file ({@code WRITE_DELAY=0}: it survives the process dying) without forcing it
   * to the device. Only for changes whose loss in a power cut is harmless because they are redone:
   * deleting outbox rows the central system acknowledged (lost, they are sent again and the central
   * system counts each eventId once). The next durable commit forces these along with it.
   */
  void commitLazily(Connection c) throws SQLException {
    c.commit();
  }

  /**
   * Calls {@code listener} after every durable commit, on the committing thread: the benchmark
   * counts the commits a purchase needs instead of guessing them.
   */
  public void onDurableCommit(Runnable listener) {
    commitListeners.add(listener);
  }

  /**
   * Closes every connection. Uncommitted work is lost, as it would be in a power cut: tests use
   * this to abandon a "crashed" controller before starting a fresh one over the same file.
   */
  @Override
  public void close() {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      // Already shut down or broken: nothing else to release.
    }
    pool.dispose();
  }

  /**
   * Drops the pool without H2's orderly shutdown, like a process that died; committed data stays on
   * disk.
   */
  public void abandon() {
    pool.dispose();
  }
}
