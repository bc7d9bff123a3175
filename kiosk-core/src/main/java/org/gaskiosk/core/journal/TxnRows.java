package org.gaskiosk.core.journal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardUnit;

/** Maps a {@code recharge} row to a {@link Txn}. */
final class TxnRows {
  private TxnRows() {}

  static Txn read(ResultSet rs) throws SQLException {
    String orders = rs.getString("order_ids");
    List<String> orderIds =
        orders == null || orders.isEmpty() ? List.of() : Arrays.asList(orders.split(","));
    Timestamp hostTime = rs.getTimestamp("host_time");
    long balanceAfter = rs.getLong("balance_after");
    boolean noBalanceAfter = rs.wasNull();
    int seq = rs.getInt("seq_before");
    boolean noSeq = rs.wasNull();
    return new Txn(
        rs.getString("txn_id"),
        rs.getString("reference"),
        TxnKind.valueOf(rs.getString("kind")),
        TxnState.valueOf(rs.getString("state")),
        rs.getString("card_no"),
        CardFamily.valueOf(rs.getString("card_family")),
        CardUnit.valueOf(rs.getString("card_unit")),
        rs.getLong("balance_before"),
        rs.getString("meter_json"),
        rs.getString("quote_json"),
        rs.getLong("amount"),
        rs.getLong("money"),
        rs.getLong("paid"),
        rs.getString("payment_method"),
        orderIds,
        rs.getString("terminal_id"),
        noSeq ? null : seq,
        hostTime == null ? null : hostTime.toLocalDateTime(),
        rs.getString("mac2"),
        rs.getString("tac"),
        noBalanceAfter ? null : balanceAfter,
        rs.getString("reason"),
        rs.getString("receipt"),
        rs.getInt("transitions"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }
}
