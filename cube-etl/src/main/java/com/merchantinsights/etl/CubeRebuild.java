package com.merchantinsights.etl;

import com.merchantinsights.core.cube.Measure;
import com.merchantinsights.core.metric.MetricCatalogue;
import com.merchantinsights.core.reprocess.CubeDiff;
import com.merchantinsights.core.reprocess.CubeSwitch;
import com.merchantinsights.core.reprocess.MerchantScope;
import com.merchantinsights.core.reprocess.ReprocessRun;
import com.merchantinsights.core.reprocess.ReprocessRuns;
import com.merchantinsights.core.reprocess.ShadowSchema;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.core.time.MerchantCalendar;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a reprocess run (design decision 7, docs/decisions/0016-reprocessing.md): the cube rows of a range, for all
 * or some merchants, rebuilt from raw events with the current logic into the run's own schema, where the insights
 * API never looks. Every local day the range touches is rebuilt whole in each merchant's current calendar, with
 * its hours, and every week and month containing such a day (from the rebuilt days plus the live days around them).
 * The same refresh code as the scheduled ETL runs, with the run's schema first on the search path. The live cube is
 * not written: the switch ({@link CubeSwitch}) installs the rows later, in one transaction.
 */
public final class CubeRebuild {
    private static final Logger LOG = LoggerFactory.getLogger(CubeRebuild.class);
    /** Hours read per Spark job: the progress (and the heartbeat) moves at least this often. */
    private static final int HOURS_PER_STEP = 24;

    /** Raw events of whole UTC hours, of the given merchants (all when empty), with at least the cube's columns. */
    public interface RawSource {
        Dataset<Row> hours(Collection<Instant> hours, Collection<String> merchants);
    }

    /** What to rebuild; a calendar run replaces week rows of any week start (the previous one included). */
    public record Request(ReprocessRun.Kind kind, Instant from, Instant to, List<String> merchants, String rawVersion,
                          String requestedBy) {
        public Request {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("empty range: " + from + " .. " + to);
            }
            if (kind == ReprocessRun.Kind.ROLLBACK) {
                throw new IllegalArgumentException("a rollback is not built");
            }
            if (kind == ReprocessRun.Kind.CALENDAR && merchants.isEmpty()) {
                throw new IllegalArgumentException("a calendar rebuild names its merchants");
            }
            merchants = List.copyOf(new TreeSet<>(merchants));
        }
    }

    private final SparkSession spark;
    private final CubeEtlConfig config;
    private final CubeTables tables;
    private final MetricCatalogue catalogue;
    private final Clock clock;

    public CubeRebuild(SparkSession spark, CubeEtlConfig config, Clock clock) {
        this.spark = spark;
        this.config = config;
        this.tables = new CubeTables(config.cube());
        this.catalogue = MetricCatalogue.standard(config.cube());
        this.clock = clock;
    }

    /** At driver start: runs still building belonged to a driver that died; their schemas go. */
    public void abandonInterruptedRuns() throws SQLException {
        try (Connection c = connect()) {
            for (ReprocessRun run : new ReprocessRuns(c).abandonAllBuilding(clock.instant())) {
                LOG.warn("reprocess run {} was interrupted while building; abandoned", run.runId());
            }
            new CubeSwitch(c).prune(clock.instant());
        }
    }

    /** Logs a new run (state building) and creates its schema; returns its id at once. */
    public long start(Request request) throws SQLException {
        try (Connection c = connect()) {
            Instant now = clock.instant();
            ReprocessRuns runs = new ReprocessRuns(c);
            runs.abandonStale(now);
            new CubeSwitch(c).prune(now);
            long runId = runs.start(new ReprocessRuns.Request(request.kind(), request.from(), request.to(),
                    request.merchants(), request.rawVersion(), config.cube().name(), config.cube().version(),
                    request.requestedBy()), now);
            createSchema(c, new ShadowSchema(runId));
            return runId;
        }
    }

    /**
     * Builds run {@code runId} and computes its diff; on failure the run is marked failed and its schema dropped.
     *
     * @param raw where the raw events come from: the live store (with the archive beyond its retention) or a
     *            re-derived version
     * @return the diff between the live cube and the rebuilt one
     */
    public CubeDiff.Diff build(long runId, Request request, RawSource raw) throws SQLException {
        ShadowSchema schema = new ShadowSchema(runId);
        try (Connection c = connect()) {
            try {
                return build(c, schema, request, raw);
            } catch (SQLException | RuntimeException e) {
                try {
                    new ReprocessRuns(c).failed(runId, String.valueOf(e.getMessage()), clock.instant());
                    execute(c, "DROP SCHEMA IF EXISTS " + schema.name() + " CASCADE");
                } catch (SQLException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    private CubeDiff.Diff build(Connection c, ShadowSchema schema, Request request, RawSource raw) throws SQLException {
        ReprocessRuns runs = new ReprocessRuns(c);
        String stage = schema.name() + ".stage";
        execute(c, tables.stagingDdl(stage));

        // 1. The hours to read: every local day the range touches, in the zones of the merchants concerned.
        List<Instant> hours = hoursToRead(zones(c, request.merchants()), request.from(), request.to());

        // 2. A calendar change re-cuts the 15-minute base, which stays as it is: copied within its retention, rebuilt
        //    from raw events (or the archive) only for older hours. Otherwise Spark rebuilds every hour from raw.
        List<Instant> rawHours = hours;
        long events = 0;
        if (request.kind() == ReprocessRun.Kind.CALENDAR && !hours.isEmpty()) {
            Instant baseKeptFrom = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)
                    .minus(config.cube().retention().get(Grain.QUARTER_HOUR)).atStartOfDay(java.time.ZoneOffset.UTC)
                    .toInstant();
            rawHours = hours.stream().filter(h -> h.isBefore(baseKeptFrom)).toList();
            Instant copyFrom = hours.get(0).isBefore(baseKeptFrom) ? baseKeptFrom : hours.get(0);
            copyBase(c, stage, request.merchants(), copyFrom, hours.get(hours.size() - 1).plus(1, ChronoUnit.HOURS));
            events = stagedEvents(c, stage);
            runs.progress(schema.runId(), hours.size(), hours.size() - rawHours.size(), events, 0, clock.instant());
        }
        for (int done = 0; done < rawHours.size(); ) {
            List<Instant> step = rawHours.subList(done, Math.min(rawHours.size(), done + HOURS_PER_STEP));
            spark.sparkContext().setJobDescription("reprocess run " + schema.runId() + ": " + step.size()
                    + " hour(s) from " + step.get(0));
            try {
                BaseCubeQuery.aggregate(raw.hours(step, request.merchants()), config.cube())
                        .foreachPartition(new StagingWriter(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(),
                                stage, tables.stagingColumns(),
                                config.cube().measures().stream().map(Measure::kind).toList()));
            } finally {
                spark.sparkContext().setJobDescription(null);
            }
            done += step.size();
            events = stagedEvents(c, stage);
            runs.progress(schema.runId(), hours.size(), hours.size() - rawHours.size() + done, events, 0, clock.instant());
        }

        // 3. The scope: each merchant with events in the range (now or before) and its buckets in its calendar.
        Set<String> merchants = merchantsConcerned(c, stage, request);
        Map<String, MerchantCalendar> calendars = MerchantCalendars.of(c, merchants, config.defaultZone());
        List<MerchantScope> scopes = new ArrayList<>();
        boolean anyWeekStart = request.kind() == ReprocessRun.Kind.CALENDAR;
        for (String merchant : merchants) {
            scopes.add(MerchantScope.of(merchant, calendars.get(merchant), request.from(), request.to(), anyWeekStart));
        }
        insertScopes(c, schema, scopes);

        // 4. Base rows of the scope; the live days around it that its weeks and months also contain.
        String columns = String.join(", ", tables.stagingColumns());
        execute(c, "INSERT INTO " + schema.rebuilt(Grain.QUARTER_HOUR) + " (" + columns + ") SELECT "
                + prefixed("st", tables.stagingColumns()) + " FROM " + stage + " st JOIN " + schema.scope() + " s ON "
                + ShadowSchema.inScope(Grain.QUARTER_HOUR, "st"));
        execute(c, "INSERT INTO " + schema.rebuilt(Grain.DAY) + " SELECT l.* FROM " + ShadowSchema.live(Grain.DAY)
                + " l JOIN " + schema.scope() + " s ON l.merchant_id = s.merchant_id AND l.bucket_start >="
                + " s.rollup_days_start AND l.bucket_start < s.rollup_days_end"
                + " AND NOT (l.bucket_start BETWEEN s.first_day AND s.last_day)");
        execute(c, "DROP TABLE " + stage);

        // 5. Hours, days, weeks and months, by the refresh's own code, in the run's schema.
        Map<String, Set<Instant>> days = new TreeMap<>();
        for (MerchantScope scope : scopes) {
            MerchantCalendar calendar = calendars.get(scope.merchantId());
            Set<Instant> starts = days.computeIfAbsent(scope.merchantId(), m -> new TreeSet<>());
            for (LocalDate d = scope.firstDay(); !d.isAfter(scope.lastDay()); d = d.plusDays(1)) {
                starts.add(calendar.dayStart(d));
            }
        }
        c.setAutoCommit(false);
        try {
            execute(c, "SET LOCAL search_path TO " + schema.name() + ", public");
            new CalendarRollups(c, tables).rebuild(days, calendars);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }

        long rows = rowsInScope(c, schema);
        CubeDiff.Diff diff = new CubeDiff(c, catalogue).of(schema);
        runs.progress(schema.runId(), hours.size(), hours.size(), events, rows, clock.instant());
        runs.built(schema.runId(), rows, DiffJson.summary(diff), clock.instant());
        LOG.info("reprocess run {} built: {} hour(s), {} merchant(s), {} event(s), {} row(s), {} metric change(s)",
                schema.runId(), hours.size(), merchants.size(), events, rows, diff.changes().size());
        return diff;
    }

    /** The UTC hours a run reads: every local day its range touches, in its merchants' zones (or all zones). */
    public List<Instant> hoursOf(ReprocessRun run) throws SQLException {
        try (Connection c = connect()) {
            return hoursToRead(zones(c, run.merchants()), run.from(), run.to());
        }
    }

    private Collection<ZoneId> zones(Connection c, List<String> merchants) throws SQLException {
        return merchants.isEmpty() ? registeredZones(c)
                : MerchantCalendars.of(c, merchants, config.defaultZone()).values().stream()
                        .map(MerchantCalendar::zone).toList();
    }

    /** The live 15-minute rows of the merchants in [from, to) into the staging table, unchanged. */
    private void copyBase(Connection c, String stage, List<String> merchants, Instant from, Instant to)
            throws SQLException {
        String columns = String.join(", ", tables.stagingColumns());
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + stage + " (" + columns + ") SELECT " + columns
                + " FROM " + ShadowSchema.live(Grain.QUARTER_HOUR) + " WHERE merchant_id = ANY(?) AND bucket_start >= ?"
                + " AND bucket_start < ?")) {
            p.setArray(1, c.createArrayOf("text", merchants.toArray()));
            p.setObject(2, CalendarRollups.utc(from));
            p.setObject(3, CalendarRollups.utc(to));
            p.executeUpdate();
        }
    }

    static List<Instant> hoursToRead(Collection<ZoneId> zones, Instant from, Instant to) {
        Instant first = from;
        Instant end = to;
        for (ZoneId zone : zones) {
            MerchantCalendar calendar = MerchantCalendar.mondayWeeks(zone);
            Instant dayStart = calendar.dayStart(calendar.day(from));
            Instant dayEnd = calendar.dayEnd(calendar.day(to.minusNanos(1)));
            first = dayStart.isBefore(first) ? dayStart : first;
            end = dayEnd.isAfter(end) ? dayEnd : end;
        }
        List<Instant> hours = new ArrayList<>();
        for (Instant h = first.truncatedTo(ChronoUnit.HOURS); h.isBefore(end); h = h.plus(1, ChronoUnit.HOURS)) {
            hours.add(h);
        }
        return hours;
    }

    private Collection<ZoneId> registeredZones(Connection c) throws SQLException {
        Set<ZoneId> zones = new HashSet<>(List.of(config.defaultZone()));
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT time_zone FROM merchants")) {
            while (rs.next()) {
                zones.add(ZoneId.of(rs.getString(1)));
            }
        }
        return zones;
    }

    /** The requested merchants, or every merchant with rebuilt rows or with live day rows near the range. */
    private Set<String> merchantsConcerned(Connection c, String stage, Request request) throws SQLException {
        if (!request.merchants().isEmpty()) {
            return new TreeSet<>(request.merchants());
        }
        Set<String> merchants = new TreeSet<>();
        try (PreparedStatement p = c.prepareStatement("SELECT DISTINCT merchant_id FROM " + stage
                + " UNION SELECT DISTINCT merchant_id FROM " + ShadowSchema.live(Grain.DAY)
                + " WHERE bucket_start BETWEEN ? AND ?")) {
            p.setObject(1, java.sql.Date.valueOf(LocalDate.ofInstant(request.from(), java.time.ZoneOffset.UTC).minusDays(1)));
            p.setObject(2, java.sql.Date.valueOf(LocalDate.ofInstant(request.to(), java.time.ZoneOffset.UTC).plusDays(1)));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    merchants.add(rs.getString(1));
                }
            }
        }
        return merchants;
    }

    private void createSchema(Connection c, ShadowSchema schema) throws SQLException {
        execute(c, "CREATE SCHEMA " + schema.name());
        for (Grain grain : Grain.values()) {
            // Unlogged: a crash abandons the run anyway; the switch copies the rows into the logged live tables.
            execute(c, "CREATE UNLOGGED TABLE " + schema.rebuilt(grain) + " (LIKE " + ShadowSchema.live(grain)
                    + " INCLUDING ALL)");
        }
        execute(c, "CREATE TABLE " + schema.scope() + " (merchant_id text PRIMARY KEY, base_start timestamptz NOT NULL,"
                + " base_end timestamptz NOT NULL, first_day date NOT NULL, last_day date NOT NULL, first_week date NOT NULL,"
                + " last_week date NOT NULL, first_month date NOT NULL, last_month date NOT NULL,"
                + " rollup_days_start date NOT NULL, rollup_days_end date NOT NULL)");
    }

    private static void insertScopes(Connection c, ShadowSchema schema, List<MerchantScope> scopes) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + schema.scope()
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (MerchantScope s : scopes) {
                p.setString(1, s.merchantId());
                p.setObject(2, CalendarRollups.utc(s.baseStart()));
                p.setObject(3, CalendarRollups.utc(s.baseEnd()));
                Object[] dates = {s.firstDay(), s.lastDay(), s.firstWeek(), s.lastWeek(), s.firstMonth(), s.lastMonth(),
                    s.rollupDaysStart(), s.rollupDaysEnd()};
                for (int i = 0; i < dates.length; i++) {
                    p.setObject(4 + i, java.sql.Date.valueOf((LocalDate) dates[i]));
                }
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private long stagedEvents(Connection c, String stage) throws SQLException {
        return tables.eventsIn(c, stage);
    }

    private static long rowsInScope(Connection c, ShadowSchema schema) throws SQLException {
        long rows = 0;
        for (Grain grain : Grain.values()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM "
                    + schema.rebuilt(grain) + " n JOIN " + schema.scope() + " s ON " + ShadowSchema.inScope(grain, "n"))) {
                rs.next();
                rows += rs.getLong(1);
            }
        }
        return rows;
    }

    private static String prefixed(String alias, List<String> columns) {
        return String.join(", ", columns.stream().map(col -> alias + "." + col).toList());
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
    }
}
