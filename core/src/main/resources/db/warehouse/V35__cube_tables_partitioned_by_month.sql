-- Decision 0031 (issue 17 item 4): the cube tables are partitioned by month of bucket_start (the UTC month for the
-- 15-minute and hour rows, the calendar month of the local date for days, weeks and months), so retention drops whole
-- months instead of deleting rows on every run, and a month's rows sit together on disk. The range index on
-- bucket_start becomes BRIN (it only served ranges); the lookup index stays a b-tree (V34). Existing rows are carried
-- over into a partition per month they occupy; writers create later months' partitions before they write
-- (CubePartitions.ensure).

ALTER TABLE cube_quarter_hour RENAME TO cube_quarter_hour_unpartitioned;
CREATE TABLE cube_quarter_hour (LIKE cube_quarter_hour_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (bucket_start);
DO $$
DECLARE m date;
BEGIN
    FOR m IN SELECT DISTINCT date_trunc('month', bucket_start AT TIME ZONE 'UTC')::date FROM cube_quarter_hour_unpartitioned LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF cube_quarter_hour FOR VALUES FROM (%L) TO (%L)',
                       'cube_quarter_hour_m' || to_char(m, 'YYYYMM'), (m::timestamp AT TIME ZONE 'UTC'), ((m + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
    END LOOP;
END $$;
INSERT INTO cube_quarter_hour SELECT * FROM cube_quarter_hour_unpartitioned;
DROP TABLE cube_quarter_hour_unpartitioned;
CREATE INDEX cube_quarter_hour_lookup ON cube_quarter_hour (merchant_id, cuboid, event_type, bucket_start);
CREATE INDEX cube_quarter_hour_bucket_start ON cube_quarter_hour USING brin (bucket_start);

ALTER TABLE cube_hour RENAME TO cube_hour_unpartitioned;
CREATE TABLE cube_hour (LIKE cube_hour_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (bucket_start);
DO $$
DECLARE m date;
BEGIN
    FOR m IN SELECT DISTINCT date_trunc('month', bucket_start AT TIME ZONE 'UTC')::date FROM cube_hour_unpartitioned LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF cube_hour FOR VALUES FROM (%L) TO (%L)',
                       'cube_hour_m' || to_char(m, 'YYYYMM'), (m::timestamp AT TIME ZONE 'UTC'), ((m + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
    END LOOP;
END $$;
INSERT INTO cube_hour SELECT * FROM cube_hour_unpartitioned;
DROP TABLE cube_hour_unpartitioned;
CREATE INDEX cube_hour_lookup ON cube_hour (merchant_id, cuboid, event_type, bucket_start);
CREATE INDEX cube_hour_bucket_start ON cube_hour USING brin (bucket_start);

ALTER TABLE cube_day RENAME TO cube_day_unpartitioned;
CREATE TABLE cube_day (LIKE cube_day_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (bucket_start);
DO $$
DECLARE m date;
BEGIN
    FOR m IN SELECT DISTINCT date_trunc('month', bucket_start)::date FROM cube_day_unpartitioned LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF cube_day FOR VALUES FROM (%L) TO (%L)',
                       'cube_day_m' || to_char(m, 'YYYYMM'), m, (m + interval '1 month')::date);
    END LOOP;
END $$;
INSERT INTO cube_day SELECT * FROM cube_day_unpartitioned;
DROP TABLE cube_day_unpartitioned;
CREATE INDEX cube_day_lookup ON cube_day (merchant_id, cuboid, event_type, bucket_start);
CREATE INDEX cube_day_bucket_start ON cube_day USING brin (bucket_start);

ALTER TABLE cube_week RENAME TO cube_week_unpartitioned;
CREATE TABLE cube_week (LIKE cube_week_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (bucket_start);
DO $$
DECLARE m date;
BEGIN
    FOR m IN SELECT DISTINCT date_trunc('month', bucket_start)::date FROM cube_week_unpartitioned LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF cube_week FOR VALUES FROM (%L) TO (%L)',
                       'cube_week_m' || to_char(m, 'YYYYMM'), m, (m + interval '1 month')::date);
    END LOOP;
END $$;
INSERT INTO cube_week SELECT * FROM cube_week_unpartitioned;
DROP TABLE cube_week_unpartitioned;
CREATE INDEX cube_week_lookup ON cube_week (merchant_id, cuboid, event_type, bucket_start);
CREATE INDEX cube_week_bucket_start ON cube_week USING brin (bucket_start);

ALTER TABLE cube_month RENAME TO cube_month_unpartitioned;
CREATE TABLE cube_month (LIKE cube_month_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (bucket_start);
DO $$
DECLARE m date;
BEGIN
    FOR m IN SELECT DISTINCT date_trunc('month', bucket_start)::date FROM cube_month_unpartitioned LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF cube_month FOR VALUES FROM (%L) TO (%L)',
                       'cube_month_m' || to_char(m, 'YYYYMM'), m, (m + interval '1 month')::date);
    END LOOP;
END $$;
INSERT INTO cube_month SELECT * FROM cube_month_unpartitioned;
DROP TABLE cube_month_unpartitioned;
CREATE INDEX cube_month_lookup ON cube_month (merchant_id, cuboid, event_type, bucket_start);
CREATE INDEX cube_month_bucket_start ON cube_month USING brin (bucket_start);
