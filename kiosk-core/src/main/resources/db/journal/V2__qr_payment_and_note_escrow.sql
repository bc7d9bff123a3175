-- QR payments: one row per transaction that tried one (at most one attempt per transaction, so the
-- txnId is the idempotency key of every qr.* request). The row is written before the request it
-- announces goes out (status REQUESTED or CANCELLING), and its result right after.
CREATE TABLE qr_payment (
  txn_id      VARCHAR(36)   PRIMARY KEY REFERENCES recharge (txn_id),
  method      VARCHAR(16)   NOT NULL,
  status      VARCHAR(16)   NOT NULL,
  money       BIGINT        NOT NULL,
  code_masked VARCHAR(40),
  payment_id  VARCHAR(64),
  payload     VARCHAR(1000),
  expires_at  TIMESTAMP WITH TIME ZONE,
  reason      VARCHAR(400),
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX qr_payment_status ON qr_payment (status);
