/*
 * The touchscreen page's core: connection to the controller, actions, texts, formatting and the
 * render dispatch. It keeps no state of its own: whatever it shows comes from the last view the
 * controller sent (GET /api/state, then `state` events on GET /api/events). The only local values
 * are transient: the digits typed on the keypad before they are sent, and whether a request is
 * in flight.
 *
 * Screens are drawn by one function each, registered in Kiosk.screens by screens.js (and by other
 * scripts: each screen is an independent function). Scripts that add to every screen (help and
 * service requests in assist.js, spoken prompts in voice.js) register header tools in
 * Kiosk.tools and after-render hooks in Kiosk.hooks.
 *
 * Every control that takes an action carries data-action="<action name>" (plus data-amount,
 * data-volume, data-method, data-kind... from its body) so that scripts and tests can drive the
 * page; page-local controls (help, keypad keys) carry data-local.
 */
'use strict';

const Kiosk = (() => {
  const LANGS = ['zh-CN', 'en'];
  const BACKOFF_MIN_MS = 1000;
  const BACKOFF_MAX_MS = 15000;
  const TOAST_MS = 6000;
  /** The countdown shows from this many seconds left (twice as early in accessible mode). */
  const WARN_SECONDS = 20;

  const dicts = {};
  const screens = {};
  const tools = [];
  const hooks = [];
  /** Transient page-local overlays (the help panel); dropped at every screen change. */
  const overlay = { name: null, text: '' };
  let drawnKey = null;
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

  /**
   * Small line icons drawn as SVG, so they look the same on a kiosk without an emoji font:
   * `large` (accessible mode), `help`, `speaker`, and the faces `good`, `ok`, `bad`.
   */
  function icon(name) {
    const NS = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', '0 0 48 48');
    svg.setAttribute('class', `icon icon-${name}`);
    svg.setAttribute('aria-hidden', 'true');
    const add = (tag, attrs) => {
      const node = document.createElementNS(NS, tag);
      Object.entries(attrs).forEach(([key, value]) => node.setAttribute(key, value));
      svg.append(node);
    };
    const stroke = { fill: 'none', stroke: 'currentColor', 'stroke-width': '4', 'stroke-linecap': 'round' };
    const mouths = { good: 'M14 28 Q24 38 34 28', ok: 'M15 31 L33 31', bad: 'M14 34 Q24 25 34 34' };
    if (mouths[name]) {
      add('circle', { cx: 24, cy: 24, r: 20, ...stroke });
      add('circle', { cx: 17, cy: 19, r: 3, fill: 'currentColor' });
      add('circle', { cx: 31, cy: 19, r: 3, fill: 'currentColor' });
      add('path', { d: mouths[name], ...stroke });
    } else if (name === 'speaker') {
      add('path', { d: 'M8 18 H16 L26 9 V39 L16 30 H8 Z', fill: 'currentColor' });
      add('path', { d: 'M32 16 Q38 24 32 32 M36 11 Q46 24 36 37', ...stroke });
    } else if (name === 'help') {
      add('circle', { cx: 24, cy: 24, r: 20, ...stroke });
      add('path', { d: 'M18 19 Q18 12 24 12 Q30 12 30 18 Q30 22 24 25 V29', ...stroke });
      add('circle', { cx: 24, cy: 36, r: 2.5, fill: 'currentColor' });
    } else {
      const text = document.createElementNS(NS, 'text');
      Object.entries({ x: 24, y: 36, 'text-anchor': 'middle', 'font-size': 32, 'font-weight': 700, fill: 'currentColor' })
        .forEach(([key, value]) => text.setAttribute(key, value));
      text.textContent = 'A+';
      svg.append(text);
    }
    return svg;
  }

  function button(labelKey, onclick, options) {
    const opts = options || {};
    const node = el('button', {
      type: 'button',
      className: `btn ${opts.kind || 'primary'}`,
      disabled: Boolean(opts.disabled) || busy,
      onclick,
    }, opts.icon ? icon(opts.icon) : null,
    opts.label !== undefined ? opts.label : t(labelKey), opts.note ? el('small', {}, opts.note) : null);
    Object.entries(opts.data || {}).forEach(([name, value]) => {
      if (value !== undefined && value !== null) {
        node.dataset[name] = String(value);
      }
    });
    return node;
  }

  /** A button that posts `action` with `body`; its data-* attributes name both. */
  function actionButton(labelKey, action, body, options) {
    const opts = options || {};
    const data = { action };
    Object.entries(body || {}).forEach(([name, value]) => {
      if (value !== null && typeof value !== 'object') {
        data[name] = value;
      }
    });
    return button(labelKey, () => act(action, body), { ...opts, data: { ...data, ...(opts.data || {}) } });
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
    // Laid out to fit a 10-inch screen in either orientation without scrolling; the title and the
    // action row always stay in view.
    const actions = (options.actions || []).filter(Boolean);
    return el('section', { className: `screen ${options.className || ''}` },
      el('h1', {}, options.title),
      options.hint ? el('p', { className: 'hint' }, options.hint) : null,
      countdown(),
      el('div', { className: 'body' }, options.body || []),
      // The testers' data panel sits small at the left of the action row, out of the resident's way.
      el('div', { className: `actions ${actions.length ? '' : 'only-data'}` },
        dataPanel(view ? view.data : {}, options.openData), actions));
  }

  /** The warning before a timeout, with the seconds left; what happens then depends on the screen. */
  function countdown() {
    const box = el('div', { className: 'countdown', id: 'countdown', hidden: true });
    box.setAttribute('role', 'timer');
    fillCountdown(box);
    return box;
  }

  function fillCountdown(box) {
    const left = view && view.data ? view.data.secondsLeft : undefined;
    const warnAt = view && view.accessible ? WARN_SECONDS * 2 : WARN_SECONDS;
    const show = typeof left === 'number' && left <= warnAt;
    box.hidden = !show;
    document.body.classList.toggle('timing-out', show);
    if (show) {
      const key = has(`countdown.${view.screen}`) ? `countdown.${view.screen}` : 'countdown.generic';
      box.replaceChildren(el('strong', { className: 'seconds' }, String(left)), ' ', t(key, { seconds: left }));
    }
  }

  // ---- rendering ---------------------------------------------------------------------------

  function render() {
    if (!view) {
      return;
    }
    if (input.screen !== view.screen) {
      input.screen = view.screen;
      input.text = '';
      overlay.name = null;
      overlay.text = '';
    }
    // The view changes every second while a countdown runs: then only the countdown is redrawn,
    // so that a finger (or a test) never presses a button that was just replaced.
    const { secondsLeft, ...rest } = view.data || {};
    const key = JSON.stringify([view.screen, view.lang, view.accessible, rest, busy, input.text,
      overlay.name, overlay.text, panelOpen]);
    const box = document.getElementById('countdown');
    if (key === drawnKey && box) {
      fillCountdown(box);
      hooks.forEach((hook) => hook(view, false));
      return;
    }
    drawnKey = key;
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
    hooks.forEach((hook) => hook(view, true));
    if (performance.getEntriesByName('kiosk-first-screen').length === 0) {
      // For docs/touchscreen.md: when the first real screen was drawn (PageLoadFigures reads it).
      performance.mark('kiosk-first-screen');
    }
  }

  function renderTop() {
    const other = lang() === 'zh-CN' ? 'en' : 'zh-CN';
    document.getElementById('brand').replaceChildren(t('app.title'));
    document.getElementById('tools').replaceChildren(
      ...tools.map((tool) => tool(view)).filter(Boolean),
      actionButton('accessible.toggle', 'set-accessible', { on: !view.accessible },
        { kind: view.accessible ? 'tool on' : 'tool', icon: 'large' }),
      actionButton('lang.switch', 'set-language', { lang: other }, { kind: 'tool', label: t('lang.switch') }));
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

  /** A refused action: the page's own words for the code (in the resident's language) first. */
  function refusal(answer) {
    const code = answer && answer.error;
    const text = code && has(`refusal.${code}`) ? t(`refusal.${code}`) : (answer && answer.message) || '';
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
    screens, tools, hooks, input, overlay, t, has, money, volume, inUnit, hundredths, toHundredths,
    el, icon, button, actionButton, field, frame, dataPanel, act, render, start,
    isBusy: () => busy,
    view: () => view,
  };
})();

document.addEventListener('DOMContentLoaded', () => Kiosk.start());
