package org.gaskiosk.sim.chaos;

import java.util.function.UnaryOperator;
import org.gaskiosk.core.port.BillAcceptor;
import org.gaskiosk.core.port.CardReader;
import org.gaskiosk.core.uplink.InMemoryUplink;

/**
 * Where a test swaps a part of the kiosk for a deliberately broken one, to prove the checkers catch
 * it. The campaign itself runs {@link #PRODUCTION}: every part as shipped.
 *
 * @param acceptor wraps the production ID003 driver
 * @param reader wraps the production PC/SC card reader
 * @param transport wraps the way to the central system
 * @param afterPowerCut runs on the journal's database (its JDBC URL) after a power cut, before the
 *     controller starts again
 */
public record Variants(
    UnaryOperator<BillAcceptor> acceptor,
    UnaryOperator<CardReader> reader,
    UnaryOperator<InMemoryUplink.Transport> transport,
    AfterPowerCut afterPowerCut) {

  /** What happens to a journal between the power cut and the next start. */
  @FunctionalInterface
  public interface AfterPowerCut {
    void apply(String jdbcUrl) throws Exception;
  }

  public static final Variants PRODUCTION = new Variants(a -> a, r -> r, t -> t, url -> {});

  public Variants withAcceptor(UnaryOperator<BillAcceptor> a) {
    return new Variants(a, reader, transport, afterPowerCut);
  }

  public Variants withReader(UnaryOperator<CardReader> r) {
    return new Variants(acceptor, r, transport, afterPowerCut);
  }

  public Variants withTransport(UnaryOperator<InMemoryUplink.Transport> t) {
    return new Variants(acceptor, reader, t, afterPowerCut);
  }

  public Variants withAfterPowerCut(AfterPowerCut hook) {
    return new Variants(acceptor, reader, transport, hook);
  }
}
