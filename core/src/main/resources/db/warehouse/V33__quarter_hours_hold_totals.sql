-- Decision 0029 (issue 17 item 3): 15-minute rows hold the merchant's totals cuboid only. Breakdowns and filters start
-- at the merchant-local hour, whose rows keep every cuboid; the 15-minute grain serves totals (the query-time time-zone
-- override among them). The dimension rows this table held are sums that the hour rows already hold (every hour row
-- was rolled up from them): removing them loses no answer the insights API gives. The constraint keeps every writer to
-- the rule ('all' is GroupingSet.TOTALS_ID).
DELETE FROM cube_quarter_hour WHERE cuboid <> 'all';
ALTER TABLE cube_quarter_hour ADD CONSTRAINT cube_quarter_hour_totals_only CHECK (cuboid = 'all');
