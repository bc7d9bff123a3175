/*
 * Help and service requests, reachable from every screen: a "Help" button in the header opens a
 * panel over the current screen with the hotline and this kiosk's number (both from the view:
 * `hotline`, `kioskId`), and buttons to book a safety inspection, report a problem or ask for a
 * call-back (action `request-service`). Confirmations come from the view (`serviceRequests`), so a
 * reload still shows them; only whether the panel is open is page-local, like keypad digits, and it
 * closes at every screen change.
 */
'use strict';

((K) => {
  const { el, t } = K;
  const TOPICS = ['card', 'payment', 'kiosk', 'gas-supply', 'other'];
  const PHONE = /^\d{0,20}$/;

  function open(name) {
    K.overlay.name = name;
    K.overlay.text = '';
    K.render();
  }

  function requests(d) {
    return Array.isArray(d.serviceRequests) ? d.serviceRequests : [];
  }

  /** The confirmation of a request of `kind` made in this session, or null. */
  function serviceBooked(d, kind) {
    const found = requests(d).find((r) => r.kind === kind);
    return found ? el('div', { className: 'booked', role: 'status' },
      el('strong', {}, t(`service.booked.${kind}`)), ' ', t('service.reference', { reference: found.reference })) : null;
  }

  function localButton(labelKey, local, onclick, options) {
    return K.button(labelKey, onclick, { ...(options || {}), data: { local, ...((options || {}).data || {}) } });
  }

  function request(labelKey, body, options) {
    return K.actionButton(labelKey, 'request-service', body, options);
  }

  function helpPanel(view, d) {
    const hasCard = Boolean(d.cardNo);
    const made = requests(d);
    return [
      el('h1', {}, t('help.title')),
      el('div', { className: 'hotline' },
        el('span', { className: 'label' }, t('help.hotline')),
        el('span', { className: 'number' }, d.hotline || t('help.noHotline')),
        el('span', { className: 'label' }, t('help.kiosk')),
        el('span', { className: 'number small' }, d.kioskId || '')),
      el('ol', { className: 'steps' }, ['help.step1', 'help.step2', 'help.step3'].map((key) => el('li', {}, t(key)))),
      made.length ? el('div', { className: 'panel good confirmations' }, made.map((r) =>
        el('p', {}, el('strong', {}, t(`service.booked.${r.kind}`)), ' ', t('service.reference', { reference: r.reference })))) : null,
      el('h2', {}, t('service.title')),
      el('div', { className: 'choices service' },
        request('service.inspection', { kind: 'inspection' },
          { kind: 'choice', disabled: !hasCard, note: hasCard ? t('service.inspectionNote') : t('service.needCard') }),
        localButton('service.problem', 'report-problem', () => open('problem'), { kind: 'choice', note: t('service.problemNote') }),
        hasCard
          ? request('service.callback', { kind: 'callback' }, { kind: 'choice', note: t('service.callbackNote') })
          : localButton('service.callback', 'callback-phone', () => open('phone'), { kind: 'choice', note: t('service.phoneNote') })),
    ];
  }

  function problemPanel() {
    return [
      el('h1', {}, t('service.problemTitle')),
      el('p', { className: 'hint' }, t('service.problemHint')),
      el('div', { className: 'choices topics' }, TOPICS.map((topic) =>
        request(`topic.${topic}`, { kind: 'problem', topic }, { kind: 'choice', data: { topic } }))),
    ];
  }

  function pressPhone(key) {
    const next = key === 'back' ? K.overlay.text.slice(0, -1) : key === 'clear' ? '' : K.overlay.text + key;
    if (PHONE.test(next)) {
      K.overlay.text = next;
      K.render();
    }
  }

  function phonePanel() {
    const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'];
    const phone = K.overlay.text;
    return [
      el('h1', {}, t('service.phoneTitle')),
      el('div', { className: 'columns' },
        el('div', { className: 'entry' },
          el('div', { className: 'display phone' }, phone || '\u00a0'),
          el('p', { className: 'hint' }, t('service.phoneHint')),
          request('service.callbackSend', { kind: 'callback', phone }, { disabled: phone.length < 5 })),
        el('div', { className: 'keypad' }, keys.map((key) => K.button(null, () => pressPhone(key), {
          kind: `key ${key.length > 1 ? 'fn' : ''}`,
          label: key === 'back' ? t('key.back') : key === 'clear' ? t('key.clear') : key,
          data: { local: 'key', key },
        })))),
    ];
  }

  /** Draws the open panel over the screen (after every full render), or removes it. */
  function draw(view, full) {
    if (!full) {
      return;
    }
    document.querySelectorAll('#overlay').forEach((node) => node.remove());
    const name = K.overlay.name;
    if (!name) {
      return;
    }
    const d = view.data || {};
    // Once the call-back or problem is sent, the help panel shows its confirmation.
    const content = name === 'problem' ? problemPanel() : name === 'phone' ? phonePanel() : helpPanel(view, d);
    const panel = el('section', { className: `screen overlay-${name}`, id: 'overlay' },
      el('div', { className: 'body' }, content),
      el('div', { className: 'actions' },
        localButton('help.close', 'close-help', () => open(null), { kind: 'ghost' }),
        name !== 'help' ? localButton('help.back', 'help', () => open('help'), { kind: 'secondary' }) : null));
    panel.setAttribute('role', 'dialog');
    document.getElementById('screen').append(panel);
  }

  // After a request from the problem or phone panel, go back to the help panel's confirmation.
  let seen = 0;
  K.hooks.push((view) => {
    const count = requests(view.data || {}).length;
    if (count > seen && (K.overlay.name === 'problem' || K.overlay.name === 'phone')) {
      seen = count;
      open('help');
      return;
    }
    seen = count;
  });
  K.hooks.push(draw);
  K.tools.push(() => K.button('help.open', () => open(K.overlay.name ? null : 'help'),
    { kind: `tool help ${K.overlay.name ? 'on' : ''}`, icon: 'help', data: { local: 'help' } }));
  K.serviceBooked = serviceBooked;
})(Kiosk);
