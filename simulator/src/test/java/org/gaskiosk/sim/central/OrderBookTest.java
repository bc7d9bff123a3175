package org.gaskiosk.sim.central;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gaskiosk.sim.central.LedgerSnapshot.OrderEntry;
import org.gaskiosk.sim.central.LedgerSnapshot.OrderStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderBookTest {
  private static final String CARD = "31";
  private final Map<String, OrderEntry> orders = new LinkedHashMap<>();
  private final OrderBook book = new OrderBook(orders);

  @BeforeEach
  void givenTwoOpenOrders() {
    book.add(new OrderEntry("o1", CARD, "online", 100, 345, "", OrderStatus.OPEN, null, ""));
    book.add(new OrderEntry("o2", CARD, "online", 200, 690, "", OrderStatus.OPEN, null, ""));
  }

  private String refusal(String txn, long amount, long money, String... ids) {
    OrderBook.Refusal r = book.reserve(txn, CARD, amount, money, List.of(ids), "now");
    return r == null ? null : r.code();
  }

  @Test
  void reserves_all_orders_of_a_load_or_none() {
    assertThat(refusal("t1", 300, 1035, "o1", "o2")).isNull();
    assertThat(orders.get("o1").status()).isEqualTo(OrderStatus.RESERVED);
    assertThat(orders.get("o2").txnId()).isEqualTo("t1");

    assertThat(refusal("t2", 300, 1035, "o2", "o-missing")).isEqualTo("order-reserved");
    assertThat(refusal("t2", 300, 1035, "o-missing")).isEqualTo("order-unknown");
  }

  @Test
  void a_failed_reservation_changes_nothing() {
    assertThat(refusal("t1", 100, 345, "o1", "o-missing")).isEqualTo("order-unknown");
    assertThat(orders.get("o1").status()).isEqualTo(OrderStatus.OPEN);
  }

  @Test
  void the_orders_must_add_up_to_the_load() {
    assertThat(refusal("t1", 300, 1000, "o1", "o2")).isEqualTo("amount-mismatch");
    assertThat(refusal("t1", 100, 345, "o1", "o1")).isEqualTo("amount-mismatch");
  }

  @Test
  void an_order_of_another_card_is_unknown_to_this_one() {
    assertThat(book.reserve("t1", "99", 100, 345, List.of("o1"), "now").code())
        .isEqualTo("order-unknown");
  }

  @Test
  void asking_again_with_the_same_txn_succeeds_even_after_pickup() {
    assertThat(refusal("t1", 100, 345, "o1")).isNull();
    assertThat(refusal("t1", 100, 345, "o1")).isNull();
    book.pickUp("t1", CARD, List.of("o1"), 100, 345, "now");
    assertThat(refusal("t1", 100, 345, "o1")).isNull();
    assertThat(orders.get("o1").status()).isEqualTo(OrderStatus.PICKED_UP);
    assertThat(refusal("t2", 100, 345, "o1")).isEqualTo("order-taken");
  }

  @Test
  void a_cancellation_releases_only_what_that_txn_holds() {
    refusal("t1", 100, 345, "o1");
    book.release("t2", List.of("o1"));
    assertThat(orders.get("o1").status()).isEqualTo(OrderStatus.RESERVED);
    book.release("t1", List.of("o1"));
    assertThat(orders.get("o1").status()).isEqualTo(OrderStatus.OPEN);
  }

  @Test
  void the_own_pending_credit_is_accepted_before_its_event_but_not_by_another_txn() {
    assertThat(refusal("t9", 50, 170, "pending:t9")).isNull();
    assertThat(orders.get("pending:t9").status()).isEqualTo(OrderStatus.RESERVED);
    assertThat(refusal("t8", 50, 170, "pending:t9")).isEqualTo("order-reserved");
    assertThat(refusal("t8", 50, 170, "pending:t8x")).isEqualTo("order-unknown");

    book.registerPending("t9", CARD, 50, 170, "paid at K1", "later");
    assertThat(orders.get("pending:t9").status())
        .as("the late txn.pending does not reopen it")
        .isEqualTo(OrderStatus.RESERVED);
  }

  @Test
  void a_pickup_by_a_second_txn_is_reported_and_does_not_move_the_order() {
    book.pickUp("t1", CARD, List.of("o1"), 100, 345, "now");
    assertThat(book.pickUp("t2", CARD, List.of("o1"), 100, 345, "now")).hasSize(1);
    assertThat(orders.get("o1").txnId()).isEqualTo("t1");
  }
}
