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
    return el('div', { className: 'panel quote' },
      el('h2', {}, t('quote.title')),
      fields(
        quote.amount !== undefined ? field('quote.amount', K.money(quote.amount), 'big') : null,
        quote.volume !== undefined ? field('quote.volume', K.volume(quote.volume)) : null),
      tiers.length ? el('ul', { className: 'tiers' }, tiers.map((tier) => el('li', {}, t('quote.tierLine', {
        tier: tier.tier,
        volume: K.volume(tier.volume),
        price: K.money(tier.price),
        amount: K.money(tier.amount),
      })))) : null);
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
      body: [el('div', { className: 'card-slot' }), d.notice ? el('p', { className: 'notice' }, d.notice) : null],
    });
  }

  function reading() {
    return frame({ className: 'busy', title: t('screen.reading.title'), hint: t('screen.reading.hint'),
      body: el('div', { className: 'spinner' }) });
  }

  function writing() {
    return frame({ className: 'busy warn', title: t('screen.writing.title'), hint: t('screen.writing.hint'),
      body: el('div', { className: 'spinner' }) });
  }

  // ---- account --------------------------------------------------------------------------------

  function safety(d) {
    if (d.safetyStatus === undefined && !d.safetyNotice) {
      return null;
    }
    const ok = d.safetyStatus === 'ok';
    return el('div', { className: `panel safety ${ok ? '' : 'warn'}` },
      field('account.safety', known('safety', d.safetyStatus)),
      d.safetyNotice ? el('p', {}, d.safetyNotice) : null);
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

  function orders(list) {
    if (!Array.isArray(list) || list.length === 0) {
      return null;
    }
    return el('div', { className: 'panel orders' },
      el('h2', {}, t('account.orders', { count: list.length })),
      el('ul', {}, list.map((order) => el('li', {},
        el('span', {}, order.orderId || ''),
        el('span', { className: 'value' },
          order.amount !== undefined ? K.money(order.amount) : K.volume(order.volume))))));
  }

  function account(view, d) {
    const hasOrders = Array.isArray(d.orders) && d.orders.length > 0;
    return frame({
      className: 'account',
      title: t('screen.account.title'),
      body: [
        fields(
          field('account.cardNo', d.cardNo),
          field('account.family', known('family', d.family)),
          field('account.balance', K.inUnit(d.balance, d.unit), 'big')),
        el('div', { className: 'panels' }, safety(d), tariff(d.tariff), orders(d.orders)),
      ],
      actions: [
        hasOrders ? actionButton('account.loadOrders', 'load-orders', {}, { kind: 'secondary' }) : null,
        actionButton('account.buy', 'start-purchase', {}, { disabled: d.canBuy === false }),
        cancelButton('account.done'),
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
    })), K.button('key.clear', () => press('clear'), { kind: 'key fn wide' }));
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
          }, { kind: 'secondary', label: K.inUnit(preset, unit) }))) : null,
          quotePanel(d.quote)),
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
        d.amountDue !== undefined ? fields(field('pay.due', K.money(d.amountDue), 'big')) : null,
        quotePanel(d.quote),
        el('div', { className: 'choices' }, ['cash', 'qr-scan', 'qr-show'].map((method) => {
          const on = available.includes(method);
          return actionButton(`pay.${method}`, 'choose-payment', { method },
            { kind: 'choice', disabled: !on, note: on ? null : t('pay.coming') });
        })),
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
      ],
      actions: [
        cancelButton(),
        actionButton('cash.finish', 'finish-cash', {}, { disabled: !(inserted > 0) }),
      ],
    });
  }

  function qr(view, d) {
    return frame({
      className: 'qr',
      title: t('screen.qr.title'),
      hint: t('screen.qr.hint'),
      body: d.amountDue !== undefined ? fields(field('pay.due', K.money(d.amountDue), 'big')) : null,
      actions: [cancelButton()],
    });
  }

  // ---- outcomes -----------------------------------------------------------------------------------

  function done(view, d) {
    return frame({
      className: 'done good',
      title: t('screen.done.title'),
      hint: t('screen.done.hint'),
      body: fields(
        field('done.loaded', K.inUnit(d.loaded, d.unit), 'big'),
        field('done.newBalance', K.inUnit(d.newBalance, d.unit)),
        field('done.txnId', d.txnId)),
    });
  }

  function pending(view, d) {
    return frame({
      className: 'pending warn',
      title: t('screen.pending.title'),
      hint: t('screen.pending.hint'),
      body: [
        fields(
          field('pending.paid', K.money(d.paid)),
          field('pending.reference', d.reference, 'big'),
          field('pending.txnId', d.txnId)),
        d.whatNext ? el('div', { className: 'panel' }, el('h2', {}, t('pending.whatNext')), el('p', {}, d.whatNext)) : null,
      ],
    });
  }

  function refused(view, d) {
    return frame({
      className: 'refused bad',
      title: t('screen.refused.title'),
      hint: t('screen.refused.hint'),
      body: [
        el('p', { className: 'reason' }, d.reasonText || known('reason', d.reasonCode) || ''),
        d.reasonCode ? el('p', { className: 'code' }, t('common.code', { code: d.reasonCode })) : null,
      ],
    });
  }

  function error(view, d) {
    return frame({
      className: 'error bad',
      title: t('screen.error.title'),
      hint: t('screen.error.hint'),
      body: [
        d.message ? el('p', { className: 'reason' }, d.message) : null,
        d.code ? el('p', { className: 'code' }, t('common.code', { code: d.code })) : null,
      ],
    });
  }

  function outOfService(view, d) {
    return frame({ className: 'out-of-service bad', title: t('screen.out-of-service.title'),
      hint: t('screen.out-of-service.hint'), body: d.reason ? el('p', { className: 'reason' }, d.reason) : null });
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
    qr,
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
