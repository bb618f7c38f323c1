-- Per-merchant cardinality caps (issue 20, decision 0042): the event types and dimension values the cube keeps, per
-- merchant, merchant-local day and dimension ('event_type' for the type). A value is admitted the first time a run of
-- the ETL sees it while the day has room under the cap; later values are folded into '(other)' in the cube (the raw
-- event keeps its own). Rebuilds read the same admissions, so a day folds the same way however often it is rebuilt.
-- Rows older than the cube's day retention are deleted with the cube's.
CREATE TABLE cube_dimension_values (
    merchant_id text NOT NULL,
    day         date NOT NULL,
    dimension   text NOT NULL,
    value       text NOT NULL,
    PRIMARY KEY (merchant_id, day, dimension, value)
);
-- The retention's delete of expired days (each ETL run) finds them without reading the table.
CREATE INDEX cube_dimension_values_day ON cube_dimension_values USING brin (day);

-- A merchant's own caps, above or below the platform's defaults (NULL: the default).
CREATE TABLE merchant_cardinality_caps (
    merchant_id          text PRIMARY KEY,
    max_event_types      integer CHECK (max_event_types > 0),
    max_dimension_values integer CHECK (max_dimension_values > 0)
);
