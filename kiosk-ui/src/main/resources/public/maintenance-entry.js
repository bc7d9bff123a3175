/*
 * The hidden way from the resident's page to the maintenance screen: five taps within three
 * seconds in the top-left corner (100 x 100 px). Residents do not stumble on it, staff know it, and
 * the maintenance screen itself still asks for a staff PIN. Kept apart from app.js on purpose.
 */
'use strict';

(() => {
  const CORNER_PX = 100;
  const TAPS = 5;
  const WINDOW_MS = 3000;
  let taps = [];
  document.addEventListener('pointerdown', (e) => {
    if (e.clientX > CORNER_PX || e.clientY > CORNER_PX) {
      taps = [];
      return;
    }
    const now = Date.now();
    taps = taps.filter((at) => now - at < WINDOW_MS);
    taps.push(now);
    if (taps.length >= TAPS) {
      window.location.href = '/maintenance.html';
    }
  }, { capture: true });
})();
