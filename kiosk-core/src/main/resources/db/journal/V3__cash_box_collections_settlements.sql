-- The cash box: notes per denomination since installation and since the last collection. Counted in the
-- same transaction as each banknote's credit (RechargeJournal.creditBanknote), so a crash cannot leave the
-- counters and the credited notes disagreeing.
CREATE TABLE cash_counter (
  denomination       BIGINT  PRIMARY KEY,
  since_install      BIGINT  NOT NULL DEFAULT 0,
  since_collection   BIGINT  NOT NULL DEFAULT 0
);

-- Each cash collection by staff: what the counters said when they were reset (JSON {denomination: count}).
CREATE TABLE cash_collection (
  collection_id  VARCHAR(36)   PRIMARY KEY,
  visit_id       VARCHAR(36)   NOT NULL,
  staff_id       VARCHAR(32)   NOT NULL,
  counts_json    VARCHAR(2000) NOT NULL,
  notes          BIGINT        NOT NULL,
  total          BIGINT        NOT NULL,
  collected_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Each closed business day, committed together with its settlement.daily outbox event: a day is closed once.
CREATE TABLE settlement (
  business_day  DATE          PRIMARY KEY,
  window_from   TIMESTAMP WITH TIME ZONE NOT NULL,
  window_to     TIMESTAMP WITH TIME ZONE NOT NULL,
  report_json   VARCHAR(16000) NOT NULL,
  closed_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
