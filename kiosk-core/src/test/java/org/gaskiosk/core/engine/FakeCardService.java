package org.gaskiosk.core.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gaskiosk.core.port.AuthorizeRequest;
import org.gaskiosk.core.port.AuthorizeResult;
import org.gaskiosk.core.port.CardServiceRequest;
import org.gaskiosk.core.port.CardServiceResult;
import org.gaskiosk.core.port.CardServiceResult.Service;
import org.gaskiosk.core.port.CardServiceResult.Step;
import org.gaskiosk.core.port.CentralSystem;
import org.gaskiosk.core.port.LookupRequest;
import org.gaskiosk.core.port.LookupResult;

/**
 * The memory-card service for engine tests, with the central simulator's rules: idempotent by
 * txnId, the PSC rotating per load and taken as changed when the card shows the count written after
 * the change, psc-uncertain otherwise.
 */
final class FakeCardService implements CentralSystem {
  private final Map<String, Service> served = new HashMap<>();
  private byte[] psc = FakeMemoryCard.HEX.parseHex("FFFFFF");
  private byte[] pendingPsc;
  private int pendingCount;
  private int rotations;
  int requests;

  @Override
  public LookupResult lookup(LookupRequest request) {
    throw new UnsupportedOperationException("memory-card tests ask card.service only");
  }

  @Override
  public AuthorizeResult authorize(AuthorizeRequest request) {
    throw new UnsupportedOperationException("memory-card tests ask card.service only");
  }

  @Override
  public synchronized CardServiceResult cardService(CardServiceRequest r) {
    requests++;
    byte[] m = r.image();
    int count = ((m[0x30] & 0xFF) << 8) | (m[0x31] & 0xFF);
    Service given = served.get(r.txnId());
    if (given != null) {
      if (pendingPsc != null && count < pendingCount) {
        // Asked again before the card showed the count: it may hold either PSC.
        return new Service(
            given.oldPsc(),
            given.newPsc(),
            given.expectedPurchaseCount(),
            given.steps(),
            List.of(given.newPsc(), given.oldPsc()));
      }
      return given;
    }
    if (pendingPsc != null) {
      if (count < pendingCount) {
        return new CardServiceResult.Refused("psc-uncertain", "an earlier load was interrupted");
      }
      psc = pendingPsc;
      pendingPsc = null;
    }
    int next = count + 1;
    byte[] newPsc = {(byte) 0x10, (byte) ++rotations, (byte) 0x5A};
    byte[] area = {
      (byte) (r.amount() >> 24),
      (byte) (r.amount() >> 16),
      (byte) (r.amount() >> 8),
      (byte) r.amount()
    };
    Service s =
        new Service(
            psc,
            newPsc,
            next,
            List.of(
                new Step("backup", 0x36, area),
                new Step("gas", 0x32, area),
                new Step("psc", -1, newPsc),
                new Step("count", 0x30, new byte[] {(byte) (next >> 8), (byte) next})));
    served.put(r.txnId(), s);
    pendingPsc = newPsc;
    pendingCount = next;
    return s;
  }
}
