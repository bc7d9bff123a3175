-- Events the kiosk must send once per distinct fact, not once per card insertion (alert.meter: one
-- per distinct meter write-back reading of a card). The key is inserted in the same transaction as
-- the outbox row, so a crash leaves both or neither.
CREATE TABLE recorded_once (
  once_key     VARCHAR(200)  PRIMARY KEY,
  event_type   VARCHAR(40)   NOT NULL,
  recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
