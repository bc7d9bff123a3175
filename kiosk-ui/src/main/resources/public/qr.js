/*
 * The QR payment screen (`qr`, docs/automation-api.md), kept in its own file so the rest of the page
 * can change around it. It registers in Kiosk.screens like every screen (replacing the plain `qr`
 * renderer of screens.js) and in Kiosk.hooks to keep its time-left line current. It shows the
 * status in the page's own words (i18n `qr.*`, by status), the amount, the time left and, for
 * `qr-show`, the payment QR the controller draws as SVG (GET /api/qr.svg; the page holds no QR
 * library). Every text comes from i18n/*.json: the engine's `message` is English and is shown only
 * where it adds something the codes do not say (the provider's reason for a decline).
 */
'use strict';

((K) => {
  const { el, t, field, frame, actionButton } = K;
  const STATUSES = ['waiting-code', 'charging', 'confirming', 'shown', 'declined', 'unconfirmed'];

  /** The time left to pay, kept current by the hook below (the screen is not redrawn each second). */
  function timeLeft(d) {
    if (typeof d.secondsLeft !== 'number' || d.status === 'unconfirmed' || d.status === 'declined') {
      return null;
    }
    return el('p', { className: 'qr-left', id: 'qr-left' }, t('qr.secondsLeft', { seconds: d.secondsLeft }));
  }

  function qr(view, d) {
    const status = STATUSES.includes(d.status) ? d.status : '';
    const method = d.method === 'qr-show' ? 'qr-show' : 'qr-scan';
    const showCode = status === 'shown' && typeof d.qrPayload === 'string';
    const info = [
      typeof d.amountDue === 'number' ? el('div', { className: 'fields' }, field('pay.due', K.money(d.amountDue), 'big')) : null,
      el('p', { className: `qr-status ${status}` }, status ? t(`qr.status.${status}`) : d.message || ''),
      d.badScans > 0 && status === 'waiting-code' ? el('p', { className: 'qr-bad-scan' }, t('qr.badScan')) : null,
      timeLeft(d),
      status === 'declined' && d.message ? el('p', { className: 'notice' }, d.message) : null,
      status === 'unconfirmed' && d.reference
        ? el('div', { className: 'fields' }, field('qr.reference', d.reference, 'big reference')) : null,
      status === 'unconfirmed' ? el('p', { className: 'notice' }, t('qr.unconfirmedTodo', { hotline: d.hotline || '' })) : null,
    ];
    const picture = showCode
      // The version in the URL makes Chromium fetch the code again for a new payment.
      ? el('img', {
        className: 'qr-code',
        src: `api/qr.svg?v=${encodeURIComponent(String(view.version))}`,
        alt: t('qr.codeAlt'),
        width: 300,
        height: 300,
      })
      : method === 'qr-scan' && (status === 'waiting-code' || status === 'charging' || status === 'confirming')
        ? el('div', { className: 'qr-scanner' }, el('span', {}, t('qr.scannerHere')))
        : null;
    // Charging is one short request: nothing to press until it answers.
    const busy = status === 'charging';
    const back = status === 'unconfirmed' || status === 'declined';
    return frame({
      className: `qr qr-${method} ${back ? 'warn' : ''}`,
      title: t(`qr.title.${method}`),
      hint: t(`qr.hint.${method}`),
      body: el('div', { className: 'columns qr-columns' },
        el('div', { className: 'column' }, info),
        picture ? el('div', { className: 'column qr-picture' }, picture) : null),
      actions: busy ? [] : [actionButton(back ? 'qr.back' : 'common.cancel', 'cancel', {}, { kind: 'ghost' })],
    });
  }

  // The view changes every second while the payment runs; only this line follows it.
  K.hooks.push((view, drawn) => {
    if (drawn || view.screen !== 'qr') {
      return;
    }
    const line = document.getElementById('qr-left');
    const left = view.data ? view.data.secondsLeft : undefined;
    if (line && typeof left === 'number') {
      line.textContent = t('qr.secondsLeft', { seconds: left });
    }
  });

  Object.assign(K.screens, { qr });
})(Kiosk);
