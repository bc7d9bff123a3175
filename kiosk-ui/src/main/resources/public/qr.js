/*
 * The QR payment screen (`qr`, docs/automation-api.md), self-contained so the rest of the page can
 * change around it: it replaces the plain `qr` renderer of screens.js. It shows the status, the
 * amount, the countdown, the controller's message and, for `qr-show`, the payment QR the
 * controller draws as SVG (GET /api/qr.svg; the page holds no QR library). Its texts live here,
 * by language, falling back to i18n keys when the dictionaries gain them.
 */
'use strict';

((K) => {
  const { el, field, frame, actionButton } = K;

  const TEXTS = {
    'zh-CN': {
      title: { 'qr-scan': '出示付款码', 'qr-show': '扫码支付' },
      status: {
        'waiting-code': '请打开钱包付款码，对准扫描口',
        charging: '正在扣款…',
        confirming: '请在手机上确认付款',
        shown: '请用手机钱包扫描下方二维码付款',
        declined: '付款被拒绝，未扣款',
        unconfirmed: '支付机构未答复',
      },
      secondsLeft: '剩余 {s} 秒',
      reference: '参考号',
      back: '返回',
    },
    en: {
      title: { 'qr-scan': 'Show your payment code', 'qr-show': 'Scan to pay' },
      status: {
        'waiting-code': 'Open the payment code in your wallet and hold it under the scanner',
        charging: 'Charging your wallet…',
        confirming: 'Confirm the payment on your phone',
        shown: 'Scan this code with your wallet app to pay',
        declined: 'The payment was declined; nothing was taken',
        unconfirmed: 'The payment provider did not answer',
      },
      secondsLeft: '{s} s left',
      reference: 'Reference',
      back: 'Back',
    },
  };

  function texts() {
    return TEXTS[document.documentElement.lang] || TEXTS['zh-CN'];
  }

  function qr(view, d) {
    const tx = texts();
    const status = typeof d.status === 'string' ? d.status : '';
    const method = d.method === 'qr-show' ? 'qr-show' : 'qr-scan';
    const body = [];
    if (typeof d.amountDue === 'number') {
      body.push(el('div', { className: 'fields' }, field('pay.due', K.money(d.amountDue), 'big')));
    }
    body.push(el('p', { className: `qr-status ${status}` }, tx.status[status] || status));
    if (status === 'shown' && typeof d.qrPayload === 'string') {
      // The version in the URL makes Chromium fetch the code again for a new payment.
      body.push(el('img', {
        className: 'qr-code',
        src: `api/qr.svg?v=${encodeURIComponent(String(view.version))}`,
        alt: d.qrPayload,
        width: 280,
        height: 280,
      }));
    }
    if (typeof d.secondsLeft === 'number' && status !== 'unconfirmed') {
      body.push(el('p', { className: 'countdown' }, tx.secondsLeft.replace('{s}', String(d.secondsLeft))));
    }
    if (d.message) {
      body.push(el('p', { className: 'message' }, d.message));
    }
    if (status === 'unconfirmed' && d.reference) {
      body.push(el('div', { className: 'fields' }, el('div', { className: 'field big' },
        el('span', { className: 'label' }, tx.reference), el('span', { className: 'value' }, d.reference))));
    }
    const busy = status === 'charging';
    return frame({
      className: `qr ${status === 'declined' || status === 'unconfirmed' ? 'warn' : ''}`,
      title: tx.title[method],
      body,
      // Charging is one short request: nothing to press until it answers.
      actions: busy ? [] : [actionButton('common.cancel', 'cancel', {},
        { kind: 'ghost', label: status === 'unconfirmed' || status === 'declined' ? tx.back : undefined })],
    });
  }

  Object.assign(K.screens, { qr });
})(Kiosk);
