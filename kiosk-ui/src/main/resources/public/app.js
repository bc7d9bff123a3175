/*
 * The touchscreen page's core: connection to the controller, actions, texts, formatting and the
 * render dispatch. It keeps no state of its own: whatever it shows comes from the last view the
 * controller sent (GET /api/state, then `state` events on GET /api/events). The only local values
 * are transient: the digits typed on the keypad before they are sent, and whether a request is
 * in flight.
 *
 * Screens are drawn by one function each, registered in Kiosk.screens by screens.js.
 */
'use strict';

const Kiosk = (() => {
  const LANGS = ['zh-CN', 'en'];
  const BACKOFF_MIN_MS = 1000;
  const BACKOFF_MAX_MS = 15000;
  const TOAST_MS = 6000;

  const dicts = {};
  const screens = {};
  let view = null;
  let events = null;
  let backoffMs = BACKOFF_MIN_MS;
  let retryTimer = null;
  let toastTimer = null;
  let busy = false;
  let panelOpen = false;
  const input = { screen: null, text: '' };

  // ---- texts -------------------------------------------------------------------------------

  async function loadTexts() {
    await Promise.all(LANGS.map(async (lang) => {
      const response = await fetch(`i18n/${lang}.json`, { cache: 'no-cache' });
      dicts[lang] = response.ok ? await response.json() : {};
    }));
  }

  function lang() {
    return view && dicts[view.lang] ? view.lang : LANGS[0];
  }

  /** The text for `key` in the view's language, `{name}` replaced from params; the key if none. */
  function t(key, params) {
    const dict = dicts[lang()] || {};
    const text = Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : key;
    return String(text).replace(/\{(\w+)\}/g, (all, name) =>
      params && params[name] !== undefined && params[name] !== null ? String(params[name]) : all);
  }

  function has(key) {
    return Object.prototype.hasOwnProperty.call(dicts[lang()] || {}, key);
  }

  // ---- formatting: integers in hundredths (fen, centi-m3) shown with two decimals ------------

  function hundredths(value) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return value === undefined || value === null ? '' : String(value);
    }
    const negative = value < 0;
    const abs = Math.abs(Math.trunc(value));
    const text = `${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
    return negative ? `-${text}` : text;
  }

  function money(fen) {
    return t('format.money', { value: hundredths(fen) });
  }

  function volume(centiM3) {
    return t('format.volume', { value: hundredths(centiM3) });
  }

  /** A balance or amount in the card's unit: "fen" (money) or "centi-m3" (volume). */
  function inUnit(value, unit) {
    return unit === 'centi-m3' ? volume(value) : money(value);
  }

  /** Keypad text such as "12.5" as an integer of hundredths (1250), or null if incomplete. */
  function toHundredths(text) {
    const match = /^(\d{1,7})(?:\.(\d{0,2}))?$/.exec(text);
    if (!match) {
      return null;
    }
    const fraction = (match[2] || '').padEnd(2, '0');
    return Number(match[1]) * 100 + Number(fraction);
  }

  // ---- DOM helpers -------------------------------------------------------------------------

  /** Creates an element; props are properties (className, disabled, onclick...), never HTML. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([name, value]) => {
      if (value !== undefined && value !== null) {
        node[name] = value;
      }
    });
    children.flat().forEach((child) => {
      if (child !== undefined && child !== null && child !== false) {
        node.append(child instanceof Node ? child : String(child));
      }
    });
    return node;
  }

  function button(labelKey, onclick, options) {
    const opts = options || {};
    return el('button', {
      type: 'button',
      className: `btn ${opts.kind || 'primary'}`,
      disabled: Boolean(opts.disabled) || busy,
      onclick,
    }, opts.label !== undefined ? opts.label : t(labelKey), opts.note ? el('small', {}, opts.note) : null);
  }

  function actionButton(labelKey, action, body, options) {
    return button(labelKey, () => act(action, body), options);
  }

  /** One labelled value: label from i18n, value already formatted. */
  function field(labelKey, value, className) {
    return el('div', { className: `field ${className || ''}` },
      el('span', { className: 'label' }, t(labelKey)),
      el('span', { className: 'value' }, value));
  }

  /** Every data field, flattened, so that testers see what the controller sent. */
  function dataPanel(data, open) {
    const rows = [];
    const walk = (value, path) => {
      if (value && typeof value === 'object' && Object.keys(value).length > 0) {
        Object.entries(value).forEach(([key, inner]) => walk(inner, path ? `${path}.${key}` : key));
      } else {
        rows.push(el('tr', {}, el('th', {}, path), el('td', {},
          typeof value === 'string' ? value : JSON.stringify(value))));
      }
    };
    walk(data || {}, '');
    const summary = el('summary', {}, t('common.details'));
    const details = el('details', { className: 'data-panel', open: Boolean(open) || panelOpen },
      summary, rows.length ? el('table', {}, el('tbody', {}, rows)) : el('p', {}, t('common.noData')));
    // Remember a tester's choice across re-renders (the click comes before the toggle).
    summary.onclick = () => { panelOpen = !details.open; };
    return details;
  }

  /** The frame of every screen: title, optional hint, body, action row, data panel. */
  function frame(options) {
    // The body scrolls if it must; the title and the action row always stay in view.
    return el('section', { className: `screen ${options.className || ''}` },
      el('h1', {}, options.title),
      options.hint ? el('p', { className: 'hint' }, options.hint) : null,
      el('div', { className: 'body' }, options.body || [], dataPanel(view ? view.data : {}, options.openData)),
      options.actions && options.actions.length ? el('div', { className: 'actions' }, options.actions) : null);
  }

  // ---- rendering ---------------------------------------------------------------------------

  function render() {
    if (!view) {
      return;
    }
    if (input.screen !== view.screen) {
      input.screen = view.screen;
      input.text = '';
    }
    document.documentElement.lang = lang();
    document.title = t('app.title');
    document.body.classList.toggle('accessible', Boolean(view.accessible));
    document.body.dataset.screen = view.screen;
    renderTop();
    const draw = screens[view.screen] || screens['*'];
    let content;
    try {
      content = draw(view, view.data || {});
    } catch (failure) {
      content = screens['*'](view, view.data || {});
    }
    document.getElementById('screen').replaceChildren(content);
  }

  function renderTop() {
    const other = lang() === 'zh-CN' ? 'en' : 'zh-CN';
    document.getElementById('brand').replaceChildren(t('app.title'));
    document.getElementById('tools').replaceChildren(
      button('accessible.toggle', () => act('set-accessible', { on: !view.accessible }),
        { kind: view.accessible ? 'tool on' : 'tool' }),
      button('lang.switch', () => act('set-language', { lang: other }), { kind: 'tool', label: t('lang.switch') }));
  }

  /** Shows a view from the controller unless an equal or newer one is shown already. */
  function show(next, always) {
    if (!next || typeof next.screen !== 'string') {
      return;
    }
    if (!always && view && typeof next.version === 'number' && next.version <= view.version) {
      return;
    }
    view = next;
    render();
  }

  // ---- actions -----------------------------------------------------------------------------

  async function act(name, body) {
    if (busy) {
      return;
    }
    busy = true;
    render();
    try {
      const response = await fetch(`api/actions/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body || {}),
      });
      const answer = await response.json().catch(() => ({}));
      if (response.ok) {
        show(answer);
      } else {
        refusal(answer);
      }
    } catch (failure) {
      toast(t('error.network'));
    } finally {
      busy = false;
      render();
    }
  }

  function refusal(answer) {
    const code = answer && answer.error;
    const text = (answer && answer.message) || (code && has(`refusal.${code}`) ? t(`refusal.${code}`) : '');
    toast(text || t('refusal.generic'), code);
  }

  function toast(text, code) {
    const box = document.getElementById('toast');
    box.replaceChildren(el('strong', {}, t('refusal.title')), ' ', text,
      code ? el('small', {}, ` (${code})`) : null);
    box.hidden = false;
    box.onclick = () => { box.hidden = true; };
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { box.hidden = true; }, TOAST_MS);
  }

  // ---- connection: fetch the state, then follow the event stream; reconnect with backoff ------

  async function connect() {
    retryTimer = null;
    try {
      const response = await fetch('api/state', { cache: 'no-store' });
      if (!response.ok) {
        throw new Error(`state ${response.status}`);
      }
      // After a reconnect the controller may have restarted and counted versions anew.
      show(await response.json(), true);
    } catch (failure) {
      dropped();
      return;
    }
    events = new EventSource('api/events');
    events.addEventListener('state', (event) => {
      backoffMs = BACKOFF_MIN_MS;
      banner(null);
      try {
        show(JSON.parse(event.data));
      } catch (failure) {
        // A malformed event is ignored; the next one carries the whole state again.
      }
    });
    events.onopen = () => banner(null);
    events.onerror = () => dropped();
  }

  function dropped() {
    if (events) {
      events.close();
      events = null;
    }
    banner(t('conn.lost'));
    if (retryTimer === null) {
      retryTimer = setTimeout(connect, backoffMs);
      backoffMs = Math.min(backoffMs * 2, BACKOFF_MAX_MS);
    }
  }

  function banner(text) {
    const box = document.getElementById('banner');
    box.hidden = !text;
    box.replaceChildren(text || '');
  }

  async function start() {
    document.addEventListener('contextmenu', (event) => event.preventDefault());
    document.addEventListener('selectstart', (event) => event.preventDefault());
    document.addEventListener('dragstart', (event) => event.preventDefault());
    try {
      await loadTexts();
    } catch (failure) {
      // Without texts the page still works, showing keys; the next reload will try again.
    }
    banner(t('conn.connecting'));
    connect();
  }

  return {
    screens, input, t, has, money, volume, inUnit, hundredths, toHundredths,
    el, button, actionButton, field, frame, dataPanel, act, render, start,
    isBusy: () => busy,
  };
})();

document.addEventListener('DOMContentLoaded', () => Kiosk.start());
