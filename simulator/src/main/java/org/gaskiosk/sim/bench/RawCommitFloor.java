package org.gaskiosk.sim.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The floor under the controller's overhead: the durable H2 commits a purchase needs, done raw with
 * JDBC against an H2 file with the journal's settings ({@code WRITE_DELAY=0}, each commit followed
 * by {@code CHECKPOINT SYNC}, as {@code JournalDatabase} does). Each commit inserts one row the
 * size of an outbox event, the least a journal transition writes.
 */
final class RawCommitFloor implements AutoCloseable {
  private static final String BODY = "x".repeat(300);
  private final Connection c;
  private final PreparedStatement insert;
  private final Statement sync;
  private long id;

  RawCommitFloor(Path folder, int cacheKb) throws Exception {
    Files.createDirectories(folder);
    String url =
        "jdbc:h2:file:"
            + folder.toAbsolutePath().resolve("floor")
            + ";WRITE_DELAY=0"
            + (cacheKb > 0 ? ";CACHE_SIZE=" + cacheKb : "");
    c = DriverManager.getConnection(url, "floor", "");
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS t (id BIGINT PRIMARY KEY, kind VARCHAR(40), body"
              + " VARCHAR(1000))");
    }
    c.setAutoCommit(false);
    insert = c.prepareStatement("INSERT INTO t (id, kind, body) VALUES (?,?,?)");
    sync = c.createStatement();
  }

  /** {@code commits} durable commits in a row; returns the nanoseconds they took. */
  long run(int commits) throws SQLException {
    long start = System.nanoTime();
    for (int i = 0; i < commits; i++) {
      insert.setLong(1, ++id);
      insert.setString(2, "floor");
      insert.setString(3, BODY);
      insert.executeUpdate();
      c.commit();
      sync.execute("CHECKPOINT SYNC");
    }
    return System.nanoTime() - start;
  }

  @Override
  public void close() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
    c.close();
  }
}
