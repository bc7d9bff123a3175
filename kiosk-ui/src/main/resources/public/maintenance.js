/*
 * The staff's maintenance screen (docs/automation-api.md, /api/maintenance/...). Separate from the
 * resident's page: its own texts (i18n/maintenance.*.json), no shared code. The visit's token lives
 * in sessionStorage only for the page's lifetime (Chromium runs incognito); the state shown always
 * comes from GET /api/maintenance/state.
 */
'use strict';

(() => {
  const LANGS = ['zh-CN', 'en'];
  const KEYS = '1234567890abcdefghijklmnopqrstuvwxyz'.split('');
  const REFRESH_MS = 3000;
  const dicts = {};
  let lang = 'zh-CN';
  const typed = { staff: '', pin: '' };
  let field = 'staff';
  let refresh = null;

  const $ = (id) => document.getElementById(id);

  function t(key, params) {
    const text = (dicts[lang] || {})[key] || key;
    return text.replace(/\{(\w+)\}/g, (all, name) => (params && name in params ? String(params[name]) : all));
  }

  /** Fen (integers) as yuan with two decimals, without floating point. */
  function yuan(fen) {
    const abs = Math.abs(Math.trunc(Number(fen) || 0));
    return `${fen < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  }

  function token() {
    return sessionStorage.getItem('visitToken');
  }

  async function call(method, path, body) {
    const headers = { 'content-type': 'application/json' };
    if (token()) {
      headers['X-Visit-Token'] = token();
    }
    const response = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
    const json = await response.json().catch(() => ({}));
    return { ok: response.ok, status: response.status, json, sent: headers['X-Visit-Token'] };
  }

  function show(result, ok) {
    const box = $('m-result');
    box.hidden = false;
    box.className = 'panel ' + (ok ? 'good' : 'bad');
    box.textContent = (ok ? t('done') + ' ' : t('error')) + summary(result);
  }

  function summary(result) {
    if (result.message) {
      return result.message;
    }
    if (result.total !== undefined) {
      return `${result.notes} × / ${yuan(result.total)} CNY (${result.receipt})`;
    }
    if (result.results) {
      return result.results.map((r) => `${r.ok ? '✓' : '✗'} ${r.device}: ${r.detail}`).join(' · ');
    }
    return JSON.stringify(result);
  }

  // ---- login ------------------------------------------------------------------------------

  function drawKeys() {
    const keys = $('m-keys');
    keys.textContent = '';
    const all = field === 'pin' ? KEYS.slice(0, 10) : KEYS;
    for (const k of [...all, 'keys.clear', 'keys.next']) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = k.length > 1 ? t(k) : k;
      b.dataset.key = k;
      b.className = k.length > 1 ? 'fn' : '';
      b.addEventListener('click', () => key(k));
      keys.appendChild(b);
    }
    $('m-staff').classList.toggle('active', field === 'staff');
    $('m-pin').classList.toggle('active', field === 'pin');
    $('m-staff').textContent = typed.staff;
    $('m-pin').textContent = '•'.repeat(typed.pin.length);
  }

  function key(k) {
    if (k === 'keys.clear') {
      typed[field] = '';
    } else if (k === 'keys.next') {
      field = field === 'staff' ? 'pin' : 'staff';
    } else if (typed[field].length < (field === 'pin' ? 12 : 32)) {
      typed[field] += k;
    }
    drawKeys();
  }

  async function login() {
    const r = await call('POST', '/api/maintenance/login', { staffId: typed.staff, pin: typed.pin });
    typed.pin = '';
    if (r.ok) {
      sessionStorage.setItem('visitToken', r.json.token);
      typed.staff = '';
    } else {
      show(r.json, false);
    }
    await load();
  }

  // ---- the visit --------------------------------------------------------------------------

  async function act(action) {
    let body;
    if (action === 'out-of-service') {
      body = { reason: t('reason.default') };
    }
    const r = await call('POST', '/api/maintenance/' + action, body);
    show(r.json, r.ok);
    if (action === 'logout' && r.ok) {
      sessionStorage.removeItem('visitToken');
    }
    if (r.status === 401 && r.sent === token()) {
      sessionStorage.removeItem('visitToken');
    }
    await load();
  }

  function drawVisit(s) {
    const status = $('m-status');
    status.textContent = '';
    const h = document.createElement('h2');
    h.textContent = `${t('status.title')} · ${s.visit.staffId}`;
    status.appendChild(h);
    const lines = [
      t('status.mode', { mode: s.mode.kind + (s.mode.reason ? ' (' + s.mode.reason + ')' : '') }),
      t('status.door', { state: t('state.' + s.body.cashBoxDoor) }),
      t('status.cabinet', { state: t('state.' + s.body.cabinet) }),
    ];
    if (s.held) {
      lines.push(t('status.held'));
    }
    if (s.body.alarm) {
      lines.push(t('status.alarm'));
    }
    for (const line of lines) {
      const p = document.createElement('div');
      p.textContent = line;
      status.appendChild(p);
    }

    const cash = $('m-cash');
    cash.textContent = '';
    const ch = document.createElement('h2');
    ch.textContent = t('cash.title');
    cash.appendChild(ch);
    const table = document.createElement('table');
    for (const [denomination, count] of Object.entries(s.cashBox.sinceCollection)) {
      const row = table.insertRow();
      row.insertCell().textContent = `¥${yuan(Number(denomination)).replace(/\.00$/, '')}`;
      row.insertCell().textContent = `× ${count}`;
      row.insertCell().textContent = `${t('cash.install')}: ${s.cashBox.sinceInstall[denomination] || 0}`;
    }
    cash.appendChild(table);
    const total = document.createElement('div');
    total.textContent = t('cash.total', { notes: s.cashBox.notes, total: yuan(s.cashBox.total) });
    cash.appendChild(total);

    const faults = $('m-faults');
    faults.textContent = '';
    const fh = document.createElement('h2');
    fh.textContent = t('faults.title');
    faults.appendChild(fh);
    if (s.faults.length === 0) {
      faults.appendChild(document.createTextNode(t('faults.none')));
    }
    for (const f of s.faults) {
      const p = document.createElement('div');
      p.className = f.severity === 'critical' ? 'bad' : '';
      p.textContent = `${f.device} ${f.code}: ${f.text}`;
      faults.appendChild(p);
    }
  }

  async function load() {
    const sent = token();
    const r = await call('GET', '/api/maintenance/state');
    const s = r.json;
    const inVisit = Boolean(s.visit);
    // Forget the token only if this very answer judged it: a refresh sent before a login finished
    // must not throw away the token that login just stored.
    if (!inVisit && sent && sent === token()) {
      sessionStorage.removeItem('visitToken');
    }
    $('m-login').hidden = inVisit;
    $('m-visit').hidden = !inVisit;
    if (inVisit) {
      drawVisit(s);
    } else {
      drawKeys();
      if (s.lockedUntil) {
        show({ message: t('locked', { until: s.lockedUntil }) }, false);
      }
    }
  }

  function texts() {
    document.documentElement.lang = lang;
    $('m-title').textContent = t('title');
    $('m-lang').textContent = t('lang');
    $('m-back').textContent = t('back');
    $('m-staff-label').textContent = t('staff');
    $('m-pin-label').textContent = t('pin');
    $('m-login-go').textContent = t('login');
    for (const b of document.querySelectorAll('[data-action]')) {
      b.textContent = t('action.' + b.dataset.action);
    }
  }

  async function start() {
    await Promise.all(
      LANGS.map(async (l) => {
        const r = await fetch(`i18n/maintenance.${l}.json`, { cache: 'no-cache' });
        dicts[l] = r.ok ? await r.json() : {};
      }),
    );
    texts();
    $('m-lang').addEventListener('click', () => {
      lang = lang === 'zh-CN' ? 'en' : 'zh-CN';
      texts();
      load();
    });
    $('m-login-go').addEventListener('click', login);
    for (const b of document.querySelectorAll('[data-action]')) {
      b.addEventListener('click', () => act(b.dataset.action));
    }
    document.addEventListener('contextmenu', (e) => e.preventDefault());
    await load();
    refresh = setInterval(load, REFRESH_MS);
  }

  window.addEventListener('beforeunload', () => clearInterval(refresh));
  start();
})();
