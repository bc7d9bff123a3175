/*
 * Spoken prompts in accessible mode: one short recorded clip per step of the purchase, in the
 * view's language, shipped with the page (voice/<lang>/<clip>.ogg, Opus, generated at development
 * time from the voice.* texts of i18n/*.json by scripts/gen-voice.sh) so that they play with no
 * network. Nothing is fetched until the resident turns accessible mode on. The same words are
 * shown as a caption for residents who hear badly.
 *
 * The clip playing and its state are on <body> (data-voice, data-voice-state) for tests.
 */
'use strict';

((K) => {
  const { el, t } = K;
  let audio = null;
  let spoken = null;
  let seenRequests = 0;
  let rated = null;
  let warned = null;

  /** The clip for what is on screen now, or null. */
  function clipFor(view) {
    const d = view.data || {};
    if (K.overlay.name) {
      return 'help';
    }
    switch (view.screen) {
      case 'account':
        if (d.canBuy === false) {
          return 'account-hold';
        }
        return Array.isArray(d.orders) && d.orders.length ? 'account-orders' : 'account';
      case 'amount':
        return d.unit === 'centi-m3' ? 'amount-volume' : 'amount';
      case 'refused':
        return ['safety-hold', 'tool-card'].includes(d.reasonCode) ? `refused-${d.reasonCode}` : 'refused';
      case 'idle': case 'reading': case 'pay-method': case 'cash': case 'qr': case 'writing':
      case 'done': case 'pending': case 'error': case 'out-of-service':
        return view.screen;
      default:
        return null;
    }
  }

  function state(clip, value) {
    document.body.dataset.voice = clip || '';
    document.body.dataset.voiceState = value;
  }

  function play(view, clip) {
    if (audio) {
      audio.pause();
      audio = null;
    }
    state(clip, 'loading');
    if (!clip) {
      return;
    }
    const player = new Audio(`voice/${view.lang}/${clip}.ogg`);
    audio = player;
    player.onplaying = () => audio === player && state(clip, 'playing');
    player.onended = () => audio === player && state(clip, 'ended');
    player.onerror = () => audio === player && state(clip, 'error');
    player.play().catch(() => audio === player && state(clip, 'blocked'));
  }

  function caption(view, clip) {
    document.querySelectorAll('#caption').forEach((node) => node.remove());
    if (!clip || !K.has(`voice.${clip}`)) {
      return;
    }
    const box = el('p', { className: 'caption', id: 'caption' }, K.icon('speaker'), t(`voice.${clip}`));
    box.setAttribute('aria-live', 'polite');
    const screen = document.querySelector('#screen > .screen > .hint') || document.querySelector('#screen > .screen > h1');
    if (screen) {
      screen.after(box);
    }
  }

  /** The clip for an event on the screen (a booking, a rating, the countdown), else the screen's. */
  function eventClip(view, d) {
    const count = Array.isArray(d.serviceRequests) ? d.serviceRequests.length : 0;
    let clip = null;
    if (count > seenRequests) {
      clip = 'service-booked';
    } else if (d.rated && d.rated !== rated) {
      clip = 'thanks';
    } else if (typeof d.secondsLeft === 'number' && document.body.classList.contains('timing-out')
      && warned !== `${view.screen}`) {
      warned = view.screen;
      clip = 'countdown';
    }
    seenRequests = count;
    rated = d.rated || null;
    if (!document.body.classList.contains('timing-out')) {
      warned = null;
    }
    return clip;
  }

  K.hooks.push((view, full) => {
    const d = view.data || {};
    if (!view.accessible) {
      if (audio) {
        audio.pause();
        audio = null;
      }
      spoken = null;
      seenRequests = Array.isArray(d.serviceRequests) ? d.serviceRequests.length : 0;
      rated = d.rated || null;
      delete document.body.dataset.voice;
      delete document.body.dataset.voiceState;
      return;
    }
    const clip = clipFor(view);
    const extra = eventClip(view, d);
    const key = `${view.lang}/${clip}`;
    if (full) {
      caption(view, extra && extra !== 'countdown' ? extra : clip);
    }
    if (extra) {
      play(view, extra);
    } else if (key !== spoken) {
      play(view, clip);
    }
    spoken = key;
  });

  // In accessible mode a header button says the current prompt again.
  K.tools.push((view) => (view.accessible ? K.button('voice.repeat', () => {
    spoken = null;
    play(K.view(), clipFor(K.view()));
  }, { kind: 'tool', icon: 'speaker', data: { local: 'repeat-voice' } }) : null));
})(Kiosk);
