package org.gaskiosk.sim.card.pcsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gaskiosk.hw.card.pboc.Hex.decode;
import static org.gaskiosk.hw.card.pboc.Hex.encode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gaskiosk.sim.card.IssuerKeys;
import org.gaskiosk.sim.card.OtherCardImage;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.card.SimCardSlot.When;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vpicc side of vsmartcard's protocol, against a fake vpcd (the real one runs in the ITs). */
class VirtualCardClientTest {
  private static final String MONEY = SimCardFixtures.MONEY_PURSE.cardNo();
  private static final byte POWER_ON = 0x01;
  private static final byte RESET = 0x02;
  private static final byte GET_ATR = 0x04;
  private static final byte[] SELECT = decode("00A4040009F04741535055525345");
  private static final byte[] GET_BALANCE = decode("805C000204");
  private static final String PURSE_ATR = "3B6B00008065B08301047483009000";

  @TempDir Path folder;
  SimCardSlot slot;
  FakeVpcd vpcd;
  VirtualCardClient client;

  @BeforeEach
  void start() throws IOException {
    slot = SimCardSlot.open(folder, IssuerKeys.generate(new Random(7)), new Random(7));
    vpcd = new FakeVpcd();
  }

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    vpcd.close();
  }

  private void startClient() {
    client = new VirtualCardClient(slot, vpcd.address()).start();
  }

  @Test
  void an_inserted_card_connects_and_answers_its_atr_and_commands_in_length_prefixed_messages()
      throws Exception {
    slot.insert(MONEY);
    startClient();
    vpcd.accept();

    vpcd.send(POWER_ON);
    assertThat(encode(vpcd.request(GET_ATR))).isEqualTo(PURSE_ATR);
    assertThat(encode(vpcd.request(SELECT))).endsWith("9000");
    assertThat(encode(vpcd.request(GET_BALANCE))).isEqualTo("000004B0" + "9000");
    assertThat(client.awaitInSync(Duration.ZERO)).isTrue();
  }

  @Test
  void an_empty_slot_does_not_connect_until_a_card_is_inserted() throws Exception {
    startClient();
    assertThat(vpcd.acceptWithin(Duration.ofMillis(200))).isFalse();

    slot.insert(MONEY);
    vpcd.accept();
    assertThat(encode(vpcd.request(GET_ATR))).isEqualTo(PURSE_ATR);
  }

  @Test
  void pulling_the_card_closes_the_connection_and_inserting_one_connects_again() throws Exception {
    slot.insert(MONEY);
    startClient();
    vpcd.accept().request(GET_ATR);

    slot.remove();
    assertThat(vpcd.hungUp()).isTrue();
    assertThat(client.awaitInSync(FakeVpcd.PATIENCE)).isTrue();

    slot.insert(SimCardFixtures.VOLUME_PURSE.cardNo());
    vpcd.accept();
    assertThat(encode(vpcd.request(GET_ATR))).isEqualTo(PURSE_ATR);
  }

  @Test
  void a_tear_after_apply_applies_the_command_then_hangs_up_without_answering() throws Exception {
    List<String> phases = new CopyOnWriteArrayList<>();
    slot.onCommand((ins, phase) -> phases.add(String.format("%02X %s", ins, phase)));
    slot.insert(MONEY);
    startClient();
    vpcd.accept().request(SELECT);
    slot.tearNext(0x5C, When.AFTER_APPLY);

    vpcd.send(GET_BALANCE);

    assertThat(vpcd.hungUp()).isTrue();
    assertThat(phases).endsWith("5C BEFORE_APPLY", "5C AFTER_APPLY");
    assertThat(slot.insertedCardNo()).isEmpty();
  }

  @Test
  void after_a_card_leaves_mid_command_the_next_card_waits_out_one_presence_poll()
      throws Exception {
    slot.insert(MONEY);
    startClient();
    vpcd.accept().request(SELECT);
    slot.tearNext(0x5C, When.BEFORE_APPLY);
    vpcd.send(GET_BALANCE);
    assertThat(vpcd.hungUp()).isTrue();

    slot.insert(MONEY);

    // vpcd dropped the connection itself; pcscd must poll once with no card before the next one.
    assertThat(vpcd.acceptWithin(Duration.ofMillis(300))).isFalse();
    vpcd.accept();
  }

  @Test
  void a_power_cut_in_the_command_hook_drops_the_command_and_the_client_survives()
      throws Exception {
    slot.insert(MONEY);
    slot.onCommand(
        (ins, phase) -> {
          if (ins == 0x5C) {
            throw new AssertionError("power cut");
          }
        });
    startClient();
    vpcd.accept().request(SELECT);

    vpcd.send(GET_BALANCE);
    assertThat(vpcd.hungUp()).isTrue();

    slot.onCommand(null);
    vpcd.accept();
    assertThat(encode(vpcd.request(GET_ATR))).isEqualTo(PURSE_ATR);
  }

  @Test
  void an_empty_answer_hangs_up_and_the_card_still_in_the_slot_reconnects_at_once()
      throws Exception {
    slot.insert(MONEY);
    startClient();
    vpcd.accept().request(SELECT);
    slot.corruptNext(0x5C, answer -> new byte[0]);

    vpcd.send(GET_BALANCE);

    assertThat(vpcd.hungUp()).isTrue();
    // No dwell (600 ms) for a card that is still there.
    assertThat(vpcd.acceptWithin(Duration.ofMillis(500))).isTrue();
    assertThat(encode(vpcd.request(GET_ATR))).isEqualTo(PURSE_ATR);
  }

  @Test
  void a_mute_card_answers_presence_polls_but_gives_no_answer_to_reset() throws Exception {
    slot.addCard(OtherCardImage.mute("0000000000000008"));
    slot.insert("0000000000000008");
    startClient();
    vpcd.accept();

    assertThat(vpcd.request(GET_ATR)).isNotEmpty();
    vpcd.send(POWER_ON);
    vpcd.send(GET_ATR);
    assertThat(vpcd.hungUp()).isTrue();
  }

  @Test
  void power_on_and_reset_make_the_card_forget_its_selected_application() throws Exception {
    slot.insert(MONEY);
    startClient();
    vpcd.accept().request(SELECT);
    assertThat(encode(vpcd.request(GET_BALANCE))).endsWith("9000");

    vpcd.send(RESET);

    assertThat(encode(vpcd.request(GET_BALANCE))).isEqualTo("6985");
  }

  @Test
  void the_client_waits_for_vpcd_to_listen_and_reconnects_after_it_restarts() throws Exception {
    vpcd.stop();
    slot.insert(MONEY);
    startClient();

    vpcd.restart();
    vpcd.accept().request(GET_ATR);
    vpcd.stop();
    vpcd.restart();

    vpcd.accept();
    assertThat(encode(vpcd.request(GET_ATR))).isEqualTo(PURSE_ATR);
    assertThat(client.connections()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void the_apdu_tap_sees_each_command_as_vpcd_delivered_it() throws Exception {
    List<String> tapped = new CopyOnWriteArrayList<>();
    slot.insert(MONEY);
    client = new VirtualCardClient(slot, vpcd.address()).tapApdus(a -> tapped.add(encode(a)));
    client.start();
    vpcd.accept().request(SELECT);
    vpcd.request(GET_BALANCE);

    assertThat(tapped).containsExactly(encode(SELECT), encode(GET_BALANCE));
  }

  @Test
  void a_tap_set_while_connected_sees_the_next_command() throws Exception {
    List<String> tapped = new CopyOnWriteArrayList<>();
    slot.insert(MONEY);
    startClient();
    vpcd.accept().request(SELECT);

    client.tapApdus(a -> tapped.add(encode(a)));
    vpcd.request(GET_BALANCE);

    assertThat(tapped).containsExactly(encode(GET_BALANCE));
  }

  @Test
  void an_sle4442_is_presented_the_way_an_acr38_style_reader_presents_it() throws Exception {
    slot.insert(SimCardFixtures.SLE4442.cardNo());
    startClient();
    vpcd.accept();

    assertThat(encode(vpcd.request(GET_ATR))).isEqualTo("3B04A2131091");
  }
}
