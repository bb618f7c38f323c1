-- Decision 0028 (issue 17 item 3): week and month rows hold the merchant's totals cuboid only. A breakdown or filter
-- by week or month is answered from the day rows, which every cuboid keeps; so no ETL run writes, next to each day
-- delta of a dimension value, a week delta and a month delta of it too. The dimension rows these tables held are
-- sums of day rows that stay: removing them loses nothing. The constraint keeps every writer to the rule ('all' is
-- GroupingSet.TOTALS_ID).
DELETE FROM cube_week WHERE cuboid <> 'all';
DELETE FROM cube_month WHERE cuboid <> 'all';
ALTER TABLE cube_week ADD CONSTRAINT cube_week_totals_only CHECK (cuboid = 'all');
ALTER TABLE cube_month ADD CONSTRAINT cube_month_totals_only CHECK (cuboid = 'all');
