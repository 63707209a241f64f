-- 016_inspection_cancel.sql: why a planned inspection was called off. The state 'cancelled'
-- was in the schema from the start; the reason goes with it.
ALTER TABLE inspections ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
