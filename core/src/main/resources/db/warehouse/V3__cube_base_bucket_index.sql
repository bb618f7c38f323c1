-- The cube ETL replaces whole UTC hours of the base grain for all merchants: find them without a full scan.
CREATE INDEX cube_base_15m_bucket_start ON cube_base_15m (bucket_start);
