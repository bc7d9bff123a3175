/*
 * One render function per screen of the automation contract. Each gets the view and its data
 * and returns the screen's element; none keeps state. The data fields each screen reads are
 * listed in docs/automation-api.md. Every text comes from i18n/*.json through K.t.
 */
'use strict';

((K) => {
  const { el, t, field, frame, actionButton } = K;

  // ---- pieces shared by several screens -----------------------------------------------------

  function known(prefix, code) {
    return code !== undefined && code !== null && K.has(`${prefix}.${code}`) ? t(`${prefix}.${code}`) : code;
  }

  function fields(...rows) {
    return el('div', { className: 'fields' }, rows);
  }

  function quotePanel(quote) {
    if (!quote || typeof quote !== 'object') {
      return null;
    }
    const tiers = Array.isArray(quote.tiers) ? quote.tiers : [];
    // `due` is what the resident pays (fen); `amount` is in the card's unit, fen when absent.
    const pay = quote.due !== undefined ? quote.due : quote.unit === 'centi-m3' ? undefined : quote.amount;
    return el('div', { className: 'panel quote' },
      el('h2', {}, t('quote.title')),
      fields(
        pay !== undefined ? field('quote.amount', K.money(pay), 'big') : null,
        quote.volume !== undefined ? field('quote.volume', K.volume(quote.volume), 'big') : null),
      tiers.length ? el('ul', { className: 'tiers' }, tiers.map((tier) => el('li', {}, t('quote.tierLine', {
        tier: tier.tier,
        volume: K.volume(tier.volume),
        price: K.money(tier.price),
        amount: K.money(tier.amount),
      })))) : null,
      quote.rounding > 0 ? el('p', { className: 'notice' }, t('quote.rounding', { rounding: K.money(quote.rounding) })) : null);
  }

  /** The quote in one line, where the keypad needs the room (the pay-method screen shows it whole). */
  function quoteLine(quote) {
    if (!quote || typeof quote !== 'object' || quote.volume === undefined) {
      return null;
    }
    const tiers = Array.isArray(quote.tiers) ? quote.tiers : [];
    return el('p', { className: 'quote-line' }, t('quote.line', {
      volume: K.volume(quote.volume),
      tiers: tiers.map((tier) => t('quote.tierShort', { tier: tier.tier, volume: K.volume(tier.volume) })).join(' + '),
    }));
  }

  function cancelButton(labelKey) {
    return actionButton(labelKey || 'common.cancel', 'cancel', {}, { kind: 'ghost' });
  }

  // ---- idle, reading, writing: a message and nothing to press ------------------------------

  function idle(view, d) {
    return frame({
      className: 'idle',
      title: t('screen.idle.title'),
      hint: t('screen.idle.hint'),
      body: [
        el('div', { className: 'card-slot' }),
        d.notice ? el('p', { className: 'notice' }, d.notice) : null,
        el('div', { className: 'first-choices' },
          actionButton(view.accessible ? 'idle.accessibleOff' : 'idle.accessibleOn', 'set-accessible',
            { on: !view.accessible }, {
              kind: `choice accessible-choice ${view.accessible ? 'on' : ''}`,
              icon: 'large',
              note: t(view.accessible ? 'idle.accessibleOnNote' : 'idle.accessibleNote'),
            })),
      ],
    });
  }

  function reading() {
    return frame({ className: 'busy', title: t('screen.reading.title'), hint: t('screen.reading.hint'),
      body: el('div', { className: 'spinner' }) });
  }

  function writing(view, d) {
    return frame({ className: 'busy warn writing', title: t('screen.writing.title'), hint: t('screen.writing.hint'),
      body: [el('div', { className: 'card-held' }, el('div', { className: 'spinner' })),
        el('p', { className: 'reason' }, t(d.recovering ? 'writing.recovering' : 'writing.explain'))] });
  }

  // ---- account --------------------------------------------------------------------------------

  function safety(d) {
    if (d.safetyStatus === undefined && !d.safetyNotice) {
      return null;
    }
    const ok = d.safetyStatus === 'ok';
    const booked = K.serviceBooked && K.serviceBooked(d, 'inspection');
    return el('div', { className: `panel safety ${ok ? '' : 'warn'} ${d.safetyStatus === 'hold' ? 'hold' : ''}` },
      field('account.safety', known('safety', d.safetyStatus)),
      // The gas company's own notice when it sent one (it says when and why), else ours.
      ok ? null : el('p', {}, d.safetyNotice && d.safetyStatus === 'due' ? d.safetyNotice : t(`safety.explain.${d.safetyStatus}`)),
      d.safetyNotice && d.safetyStatus === 'hold' ? el('p', { className: 'notice' }, d.safetyNotice) : null,
      booked);
  }

  function tariff(tr) {
    if (!tr || typeof tr !== 'object') {
      return null;
    }
    return el('div', { className: 'panel tariff' },
      field('account.tariff', t('tariff.position', { tier: tr.tier, price: K.money(tr.price) })),
      tr.used !== undefined ? el('p', {}, t('tariff.used', { used: K.volume(tr.used) })) : null,
      tr.nextTierAt !== undefined && tr.nextTierAt !== null && tr.used !== undefined
        ? el('p', {}, t('tariff.next', { left: K.volume(Math.max(tr.nextTierAt - tr.used, 0)) })) : null);
  }

  /** An order's value: in the card's unit (`amount`), or fen / centi-m3 as older views sent it. */
  function orderValue(order, unit) {
    if (order.volume !== undefined) {
      return K.volume(order.volume);
    }
    return K.inUnit(order.amount, unit);
  }

  function orders(list, unit) {
    if (!Array.isArray(list) || list.length === 0) {
      return null;
    }
    return el('div', { className: 'panel orders first' },
      el('h2', {}, t('account.orders', { count: list.length })),
      el('p', {}, t('account.ordersExplain')),
      el('ul', {}, list.map((order) => el('li', {},
        el('span', {}, order.description || order.orderId || ''),
        el('span', { className: 'value' }, orderValue(order, unit))))));
  }

  function recoveredPanel(list, unit) {
    if (!Array.isArray(list) || list.length === 0) {
      return null;
    }
    return el('div', { className: 'panel good' },
      el('h2', {}, t('account.recovered')),
      el('ul', {}, list.map((r) => el('li', {}, t('account.recoveredLine', {
        loaded: K.inUnit(r.loaded, unit), reference: r.reference || r.txnId || '' })))));
  }

  /**
   * What the meter wrote back that the resident must know, most urgent first as the engine sorts
   * them: the page's words for the code (with what to do), else the engine's text. A leak is a
   * red banner across the screen that says to leave and call the hotline; no purchase comes first.
   */
  function meterNotices(d) {
    const list = Array.isArray(d.meterNotices) ? d.meterNotices.filter((n) => n && typeof n === 'object') : [];
    if (list.length === 0) {
      return null;
    }
    return el('div', { className: 'meter-notices' }, list.map((n) => {
      const known = n.code && K.has(`meter.${n.code}`);
      const severity = ['critical', 'major', 'minor', 'info'].includes(n.severity) ? n.severity : 'minor';
      const box = el('div', { className: `meter-notice ${severity} meter-${n.code || 'other'}` },
        el('strong', {}, known ? t(`meter.${n.code}`, { hotline: d.hotline || '' }) : n.text || n.code || ''),
        known && K.has(`meter.todo.${n.code}`)
          ? el('p', {}, t(`meter.todo.${n.code}`, { hotline: d.hotline || t('help.noHotline') })) : null);
      box.setAttribute('role', severity === 'critical' ? 'alert' : 'status');
      return box;
    }));
  }

  function account(view, d) {
    const hasOrders = Array.isArray(d.orders) && d.orders.length > 0;
    const hold = d.canBuy === false;
    // The tariff goes wherever there is room: right, unless orders or recovered loads fill it.
    const busyRight = hasOrders || (Array.isArray(d.recovered) && d.recovered.length > 0);
    const notices = meterNotices(d);
    // Under a leak alarm the resident must read the alarm, not the tariff: the screen keeps only
    // the balance and card number beside it.
    const critical = Array.isArray(d.meterNotices) && d.meterNotices.some((n) => n && n.severity === 'critical');
    return frame({
      className: `account ${hold ? 'on-hold' : ''} ${notices ? 'with-notices' : ''} ${critical ? 'meter-critical' : ''}`,
      title: t('screen.account.title'),
      // The meter's notices take the hint's place: what the meter says matters more.
      hint: notices ? null : hasOrders ? t('account.hintOrders') : hold ? t('account.hintHold') : t('account.hint'),
      // Two columns in landscape (one in portrait): who and how much on the left; what needs
      // attention on the right, orders paid elsewhere first (they are the resident's money already).
      body: [notices, el('div', { className: 'columns account-columns' },
        el('div', { className: 'column' },
          el('div', { className: 'fields stacked' },
            field('account.balance', K.inUnit(d.balance, d.unit), 'big'),
            field('account.cardNo', d.cardNo),
            d.holder && !critical ? field('account.holder', d.holder) : null),
          hold || critical || !busyRight ? null : tariff(d.tariff)),
        el('div', { className: 'column' },
          orders(d.orders, d.unit),
          recoveredPanel(d.recovered, d.unit),
          safety(d),
          hold || critical || busyRight ? null : tariff(d.tariff)))],
      actions: [
        cancelButton('account.done'),
        // Booking an inspection is the main button under a hold, a secondary one when it is only due.
        d.safetyStatus && d.safetyStatus !== 'ok' && !(K.serviceBooked && K.serviceBooked(d, 'inspection'))
          ? actionButton('service.bookInspection', 'request-service', { kind: 'inspection' },
            { kind: hold ? 'primary' : 'secondary' }) : null,
        hasOrders ? actionButton('account.loadOrders', 'load-orders', {}, { kind: 'primary' }) : null,
        actionButton('account.buy', 'start-purchase', {},
          { kind: hasOrders ? 'secondary' : 'primary', disabled: hold }),
      ],
    });
  }

  // ---- amount: the on-page keypad ---------------------------------------------------------------

  const ENTRY = /^(0|[1-9]\d{0,6})?(\.\d{0,2})?$/;

  function press(key) {
    const text = K.input.text;
    let next = text;
    if (key === 'back') {
      next = text.slice(0, -1);
    } else if (key === 'clear') {
      next = '';
    } else if (key === '.') {
      next = text === '' ? '0.' : `${text}.`;
    } else {
      next = text === '0' ? key : text + key;
    }
    if (ENTRY.test(next)) {
      K.input.text = next;
      K.render();
    }
  }

  function keypad() {
    const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '0', 'back'];
    return el('div', { className: 'keypad' }, keys.map((key) => K.button(null, () => press(key), {
      kind: `key ${key === 'back' ? 'fn' : ''}`,
      label: key === 'back' ? t('key.back') : key === '.' ? t('key.dot') : key,
      data: { local: 'key', key },
    })), K.button('key.clear', () => press('clear'), { kind: 'key fn wide', data: { local: 'key', key: 'clear' } }));
  }

  function amount(view, d) {
    const unit = d.unit === 'centi-m3' ? 'centi-m3' : 'fen';
    const value = K.toHundredths(K.input.text);
    const presets = Array.isArray(d.presets) ? d.presets : [];
    return frame({
      className: 'amount',
      title: t(`screen.amount.title.${unit}`),
      body: el('div', { className: 'columns' },
        el('div', { className: 'entry' },
          el('div', { className: 'display' }, K.input.text || '0', el('small', {}, t(`amount.suffix.${unit}`))),
          d.min !== undefined && d.max !== undefined
            ? el('p', { className: 'hint' }, t('amount.limits', { min: K.inUnit(d.min, unit), max: K.inUnit(d.max, unit) }))
            : null,
          presets.length ? el('div', { className: 'presets' }, presets.map((preset) => K.button(null, () => {
            K.input.text = K.hundredths(preset).replace(/\.00$/, '');
            K.render();
          }, { kind: 'secondary', label: K.inUnit(preset, unit), data: { local: 'preset', value: preset } }))) : null,
          quoteLine(d.quote)),
        keypad()),
      actions: [
        cancelButton(),
        actionButton('amount.submit', 'set-amount', { [unit === 'centi-m3' ? 'volume' : 'amount']: value },
          { disabled: !value }),
      ],
    });
  }

  // ---- paying ------------------------------------------------------------------------------------

  function payMethod(view, d) {
    const available = Array.isArray(d.methods) ? d.methods : ['cash'];
    return frame({
      className: 'pay-method',
      title: t('screen.pay-method.title'),
      body: [
        // The quote shows what is paid and what is loaded; without one, the amount due alone.
        d.quote ? quotePanel(d.quote) : d.amountDue !== undefined ? fields(field('pay.due', K.money(d.amountDue), 'big')) : null,
        el('div', { className: 'choices' }, ['cash', 'qr-scan', 'qr-show'].map((method) => {
          const on = available.includes(method);
          return actionButton(`pay.${method}`, 'choose-payment', { method },
            { kind: `choice pay-${method}`, disabled: !on, note: t(on ? `pay.note.${method}` : 'pay.unavailable') });
        })),
        // Why QR is gone after a failed attempt (the engine's own sentence).
        d.message ? el('p', { className: 'notice' }, d.message) : null,
      ],
      actions: [cancelButton()],
    });
  }

  function cash(view, d) {
    const due = typeof d.amountDue === 'number' ? d.amountDue : 0;
    const inserted = typeof d.inserted === 'number' ? d.inserted : 0;
    const notes = Array.isArray(d.acceptedNotes) ? d.acceptedNotes : [];
    return frame({
      className: 'cash',
      title: t('screen.cash.title'),
      hint: t('screen.cash.hint'),
      body: [
        fields(
          field('cash.due', K.money(due)),
          field('cash.inserted', K.money(inserted), 'big'),
          field('cash.remaining', K.money(Math.max(due - inserted, 0)))),
        notes.length ? el('p', {}, t('cash.notes', { notes: notes.map(K.money).join('  ') })) : null,
        el('p', { className: 'notice' }, t('cash.noChange')),
      ],
      actions: [
        cancelButton(),
        actionButton('cash.finish', 'finish-cash', {}, { disabled: !(inserted > 0) }),
      ],
    });
  }

  // ---- outcomes -----------------------------------------------------------------------------------

  /** The optional one-touch rating after a purchase; once given, a thank-you. */
  function rating(d) {
    if (!d.txnId) {
      return null;
    }
    if (d.rated) {
      return el('div', { className: 'panel rating rated' }, el('p', {}, t('rating.thanks', { rating: t(`rating.${d.rated}`) })));
    }
    return el('div', { className: 'panel rating' },
      el('h2', {}, t('rating.ask')),
      el('div', { className: 'choices' }, ['good', 'ok', 'bad'].map(
        (value) => actionButton(`rating.${value}`, 'rate-service', { rating: value },
          { kind: `choice rate ${value}`, icon: value }))));
  }

  function done(view, d) {
    const kind = d.kind === 'pickup' || d.kind === 'resume' ? d.kind : 'purchase';
    return frame({
      className: 'done good',
      title: t(`screen.done.title.${kind}`),
      hint: t('screen.done.hint'),
      body: [
        fields(
          field('done.loaded', K.inUnit(d.loaded, d.unit), 'big'),
          field('done.newBalance', K.inUnit(d.newBalance, d.unit), 'big'),
          d.money !== undefined && d.unit === 'centi-m3' ? field('done.paid', K.money(d.money)) : null,
          field('done.reference', d.reference || d.txnId)),
        el('p', { className: 'notice' }, t('done.meter')),
        rating(d),
      ],
    });
  }

  function pending(view, d) {
    const next = d.next === 'insert-card-again-here' ? 'here' : 'any';
    return frame({
      className: 'pending warn',
      title: t('screen.pending.title'),
      hint: t('screen.pending.hint'),
      body: [
        fields(
          field('pending.paid', K.money(d.paid), 'big'),
          field('pending.reference', d.reference || d.txnId, 'big reference')),
        el('div', { className: 'panel' },
          el('h2', {}, t('pending.whatNext')),
          el('ol', { className: 'steps' },
            el('li', {}, t(`pending.step1.${next}`)),
            el('li', {}, t('pending.step2')),
            el('li', {}, t('pending.step3', { hotline: d.hotline || '' })))),
        rating(d),
      ],
    });
  }

  /** Refusals in plain words: what happened and what to do, from the page's texts by code. */
  function refused(view, d) {
    const code = d.reasonCode;
    const plain = code && K.has(`reason.${code}`) ? t(`reason.${code}`) : d.reasonText || code || '';
    const todo = code && K.has(`todo.${code}`) ? t(`todo.${code}`) : t('todo.generic', { hotline: d.hotline || '' });
    const hold = code === 'safety-hold';
    const booked = K.serviceBooked && K.serviceBooked(d, 'inspection');
    return frame({
      className: `refused bad ${code ? `reason-${code}` : ''}`,
      // A refusal the kiosk retries by itself while the card stays must not tell the resident to take it.
      title: code && K.has(`screen.refused.title.${code}`) ? t(`screen.refused.title.${code}`) : t('screen.refused.title'),
      hint: code && K.has(`screen.refused.hint.${code}`) ? t(`screen.refused.hint.${code}`) : t('screen.refused.hint'),
      body: [
        el('p', { className: 'reason' }, plain),
        el('div', { className: 'panel todo' }, el('h2', {}, t('refused.whatToDo')), el('p', {}, todo)),
        d.reasonText && d.reasonText !== plain ? el('p', { className: 'notice' }, d.reasonText) : null,
      ],
      actions: [
        hold && d.cardNo ? booked || actionButton('service.bookInspection', 'request-service', { kind: 'inspection' },
          { kind: 'primary' }) : null,
      ],
    });
  }

  function error(view, d) {
    return frame({
      className: 'error bad',
      title: t('screen.error.title'),
      hint: t('screen.error.hint'),
      body: [
        el('p', { className: 'reason' }, K.has(`errorText.${d.code}`) ? t(`errorText.${d.code}`) : d.message || ''),
        el('div', { className: 'panel todo' }, el('h2', {}, t('refused.whatToDo')),
          el('p', {}, t('error.todo', { hotline: d.hotline || '' }))),
        d.code ? el('p', { className: 'code' }, t('common.code', { code: d.code })) : null,
      ],
    });
  }

  function outOfService(view, d) {
    return frame({ className: 'out-of-service bad', title: t('screen.out-of-service.title'),
      hint: t('screen.out-of-service.hint'), body: [
        d.reason ? el('p', { className: 'notice' }, d.reason) : null,
        d.hotline ? el('p', { className: 'reason' }, t('help.call', { hotline: d.hotline })) : null] });
  }

  function maintenance(view, d) {
    return frame({ className: 'maintenance', title: t('screen.maintenance.title'),
      hint: t('screen.maintenance.hint'), body: d.message ? el('p', {}, d.message) : null });
  }

  /** Any screen this page does not know yet: its name and every data field. */
  function unknown(view) {
    return frame({ className: 'unknown', title: t('screen.unknown.title', { screen: view.screen }), openData: true });
  }

  Object.assign(K.screens, {
    idle,
    reading,
    account,
    amount,
    'pay-method': payMethod,
    cash,
    writing,
    done,
    pending,
    refused,
    error,
    'out-of-service': outOfService,
    maintenance,
    '*': unknown,
  });
})(Kiosk);
