package org.gaskiosk.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gaskiosk.core.domain.Tariff;
import org.gaskiosk.core.domain.Volume;
import org.gaskiosk.core.port.AuthorizeRequest;
import org.gaskiosk.core.port.AuthorizeResult;
import org.gaskiosk.core.port.CardServiceRequest;
import org.gaskiosk.core.port.CardServiceResult;
import org.gaskiosk.core.port.CentralSystem;
import org.gaskiosk.core.port.LookupRequest;
import org.gaskiosk.core.port.LookupResult;

/**
 * A central system for engine unit tests: accounts, orders with reservation, and a switch to go
 * unreachable.
 */
final class FakeCentral implements CentralSystem {
  volatile boolean reachable = true;
  volatile LookupResult.Safety safety = LookupResult.Safety.OK;
  final List<LookupResult.Order> orders = new ArrayList<>();
  final Map<String, String> reservedBy = new ConcurrentHashMap<>();
  final List<AuthorizeRequest> authorizations = new ArrayList<>();

  @Override
  public synchronized LookupResult lookup(LookupRequest request) {
    if (!reachable) {
      return new LookupResult.Unreachable("test: down");
    }
    return new LookupResult.Account(
        "Zhang *",
        safety,
        safety == LookupResult.Safety.HOLD ? "inspection overdue" : "",
        orders.stream().filter(o -> !reservedBy.containsKey(o.orderId())).toList(),
        Volume.m3(100),
        Tariff.example());
  }

  @Override
  public synchronized AuthorizeResult authorize(AuthorizeRequest r) {
    if (!reachable) {
      return new AuthorizeResult.Unreachable("test: down");
    }
    for (String id : r.orderIds()) {
      String holder = reservedBy.putIfAbsent(id, r.txnId());
      if (holder != null && !holder.equals(r.txnId())) {
        return new AuthorizeResult.Refused("order-taken", id + " taken by " + holder);
      }
    }
    authorizations.add(r);
    return new AuthorizeResult.Authorized(FakePurse.MAC2);
  }

  @Override
  public boolean connected() {
    return reachable;
  }

  /** Engine unit tests load purse cards only; the memory-card service is the simulator's. */
  @Override
  public CardServiceResult cardService(CardServiceRequest request) {
    return new CardServiceResult.Refused("no-card-service", "FakeCentral serves purse cards only");
  }
}
