package org.gaskiosk.sim.card;

/**
 * The result of one command: the image after it (the same instance when nothing changed), the RAM
 * after it and the answer with its status word.
 */
record CardStep(SimCardImage image, CardRam ram, byte[] response) {
  static CardStep unchanged(SimCardImage image, CardRam ram, byte[] response) {
    return new CardStep(image, ram, response);
  }
}
