package org.gaskiosk.ui;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.gaskiosk.core.engine.ActionOutcome;
import org.gaskiosk.core.engine.KioskView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the page over a fake engine with {@link SampleScreens}, to look at it (and screenshot it)
 * without the controller. Not a test. Run with the test classpath:
 *
 * <pre>java -cp ... org.gaskiosk.ui.PageDemo [port]</pre>
 *
 * Then type a screen name (or "en", "zh-CN", "accessible") on standard input to show it. Actions
 * from the page walk a simple happy path.
 */
final class PageDemo {

  private static final Logger LOG = LoggerFactory.getLogger(PageDemo.class);

  private PageDemo() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    FakeKioskApi engine = new FakeKioskApi();
    Map<String, Map<String, Object>> samples = SampleScreens.all();
    engine.answerActionsWith(
        (action, body) -> {
          KioskView now = engine.current();
          KioskView next =
              switch (action) {
                case "set-language" ->
                    copy(now, now.screen(), String.valueOf(body.get("lang")), now.accessible());
                case "set-accessible" ->
                    copy(now, now.screen(), now.lang(), Boolean.TRUE.equals(body.get("on")));
                case "start-purchase" -> copy(now, "amount", now.lang(), now.accessible());
                case "set-amount" -> copy(now, "pay-method", now.lang(), now.accessible());
                case "choose-payment" -> copy(now, "cash", now.lang(), now.accessible());
                case "finish-cash", "load-orders" ->
                    copy(now, "done", now.lang(), now.accessible());
                case "cancel" -> copy(now, "idle", now.lang(), now.accessible());
                default -> null;
              };
          if (next == null) {
            return new ActionOutcome.Rejected(404, "unknown-action", "no action " + action);
          }
          engine.publish(next);
          return new ActionOutcome.Done(next);
        });
    KioskUiServer server = new KioskUiServer(engine, "127.0.0.1", port);
    server.start();
    LOG.info("Screens: {}", samples.keySet());
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String command = line.trim();
      KioskView now = engine.current();
      if (command.equals("en") || command.equals("zh-CN")) {
        engine.publish(copy(now, now.screen(), command, now.accessible()));
      } else if (command.equals("accessible")) {
        engine.publish(copy(now, now.screen(), now.lang(), !now.accessible()));
      } else if (!command.isEmpty()) {
        engine.publish(copy(now, command, now.lang(), now.accessible()));
      }
    }
    server.stop();
  }

  private static KioskView copy(KioskView now, String screen, String lang, boolean accessible) {
    Map<String, Object> data =
        SampleScreens.all().getOrDefault(screen, Map.of("note", "no sample"));
    return new KioskView(now.version() + 1, screen, lang, accessible, data);
  }
}
