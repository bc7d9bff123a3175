package org.gaskiosk.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The three-tier yearly tariff of shared/design/card.md: 0-247 m3 at 3.45, 247-398 at 4.14, above
 * at 5.18.
 */
class TariffTest {
  private final Tariff tariff = Tariff.example();

  @Test
  void a_purchase_inside_tier_one_costs_the_tier_one_price() {
    TierSplit split = tariff.split(Volume.m3(100), Volume.m3(10));

    assertThat(split.portions()).singleElement().extracting(TierSplit.Portion::tier).isEqualTo(1);
    assertThat(split.total()).isEqualTo(Money.fen(3450));
  }

  @Test
  void a_purchase_that_crosses_a_bound_is_split_at_the_cycles_cumulative_volume() {
    // 240 m3 already bought: 7 m3 remain in tier 1, the other 13 m3 fall in tier 2.
    TierSplit split = tariff.split(Volume.m3(240), Volume.m3(20));

    assertThat(split.portions())
        .extracting(TierSplit.Portion::tier, p -> p.volume().centiM3(), p -> p.cost().fen())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 700L, 2415L),
            org.assertj.core.groups.Tuple.tuple(2, 1300L, 5382L));
    assertThat(split.total()).isEqualTo(Money.fen(7797));
    assertThat(split.volume()).isEqualTo(Volume.m3(20));
  }

  @Test
  void a_purchase_can_span_all_three_tiers() {
    TierSplit split = tariff.split(Volume.m3(240), Volume.m3(200));

    assertThat(split.portions()).extracting(TierSplit.Portion::tier).containsExactly(1, 2, 3);
    assertThat(split.portions().get(1).volume()).isEqualTo(Volume.m3(151));
    assertThat(split.portions().get(2).volume()).isEqualTo(Volume.m3(42));
  }

  @Test
  void a_cycle_already_past_every_bound_buys_at_the_top_price() {
    TierSplit split = tariff.split(Volume.m3(500), Volume.m3(1));

    assertThat(split.portions())
        .singleElement()
        .extracting(TierSplit.Portion::fenPerM3)
        .isEqualTo(518L);
  }

  @Test
  void portion_costs_round_half_up_to_the_fen() {
    // 0.01 m3 at 3.45 yuan/m3 = 3.45 fen -> 3; 0.03 m3 = 10.35 fen -> 10; 0.15 m3 = 51.75 -> 52
    assertThat(tariff.split(Volume.ZERO, Volume.centiM3(1)).total().fen()).isEqualTo(3);
    assertThat(tariff.split(Volume.ZERO, Volume.centiM3(3)).total().fen()).isEqualTo(10);
    assertThat(tariff.split(Volume.ZERO, Volume.centiM3(15)).total().fen()).isEqualTo(52);
  }

  @Test
  void money_buys_the_largest_volume_whose_cost_does_not_exceed_it() {
    for (long fen : new long[] {1, 100, 5000, 7797, 123_457, 1_000_000}) {
      Volume v = tariff.volumeFor(Volume.m3(240), Money.fen(fen));
      assertThat(tariff.split(Volume.m3(240), v).total().fen()).isLessThanOrEqualTo(fen);
      assertThat(tariff.split(Volume.m3(240), v.plus(Volume.centiM3(1))).total().fen())
          .isGreaterThan(fen);
    }
    assertThat(tariff.volumeFor(Volume.m3(240), Money.fen(7797))).isEqualTo(Volume.m3(20));
  }

  @Test
  void a_quote_for_a_volume_card_shows_the_rounding_it_keeps() {
    Quote q = Quote.forMoney(CardUnit.CENTI_M3, tariff, Volume.m3(240), Money.fen(5000));

    assertThat(q.due()).isEqualTo(Money.fen(5000));
    assertThat(q.amount()).isEqualTo(q.volume().centiM3());
    assertThat(q.rounding().fen()).isBetween(0L, 5L);
    assertThat(q.split().total().plus(q.rounding())).isEqualTo(Money.fen(5000));
  }

  @Test
  void a_quote_survives_the_journal_round_trip() {
    Quote q = Quote.forVolume(CardUnit.FEN, tariff, Volume.m3(240), Volume.m3(20));

    Quote back = Quote.fromMap(q.toMap());

    assertThat(back.due()).isEqualTo(q.due());
    assertThat(back.amount()).isEqualTo(7797);
    assertThat(back.split()).isEqualTo(q.split());
    assertThat(back.forPaid(Money.fen(10000)).amount()).isEqualTo(10000);
  }

  @Test
  void an_ill_formed_tariff_is_refused_with_its_reason() {
    assertThatThrownBy(() -> new Tariff("x", List.of())).hasMessageContaining("at least one tier");
    assertThatThrownBy(
            () ->
                new Tariff(
                    "x",
                    List.of(
                        new Tariff.Tier(Volume.m3(10), 300),
                        new Tariff.Tier(Volume.m3(5), 400),
                        new Tariff.Tier(null, 500))))
        .hasMessageContaining("increase");
    assertThatThrownBy(() -> new Tariff("x", List.of(new Tariff.Tier(Volume.m3(10), 300))))
        .hasMessageContaining("open-ended");
    assertThatThrownBy(() -> new Tariff("x", List.of(new Tariff.Tier(null, 0))))
        .hasMessageContaining("positive");
  }

  @Test
  void money_text_never_passes_through_floating_point() {
    assertThat(Money.fen(5).toYuanString()).isEqualTo("0.05");
    assertThat(Money.fen(-1234).toYuanString()).isEqualTo("-12.34");
    assertThat(Volume.centiM3(123456).toM3String()).isEqualTo("1234.56");
  }
}
