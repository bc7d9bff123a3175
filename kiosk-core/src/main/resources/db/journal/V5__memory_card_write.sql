-- The commands of one SLE4442 memory-card load as the central's card.service gave them, each
-- marked sent (committed before the command goes to the card) and done (after its answer). A
-- load interrupted between the two is decided from the card's own evidence, never by writing
-- again: the purchase count step is last, and whether the PSC change was sent decides whether the
-- old PSC may still be presented.
CREATE TABLE memory_card_write (
  txn_id    VARCHAR(36)  NOT NULL REFERENCES recharge (txn_id),
  step_no   INT          NOT NULL,
  what      VARCHAR(8)   NOT NULL,
  address   INT          NOT NULL,
  data_hex  VARCHAR(512) NOT NULL,
  sent      BOOLEAN      NOT NULL DEFAULT FALSE,
  done      BOOLEAN      NOT NULL DEFAULT FALSE,
  PRIMARY KEY (txn_id, step_no)
);
