package com.merchantinsights.etl;

import com.merchantinsights.core.metric.MetricCatalogue;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.core.time.MerchantCalendar;
import com.merchantinsights.etl.reprocess.CubeDiff;
import com.merchantinsights.etl.reprocess.CubeSwitch;
import com.merchantinsights.etl.reprocess.MerchantScope;
import com.merchantinsights.etl.reprocess.ReprocessRun;
import com.merchantinsights.etl.reprocess.ReprocessRuns;
import com.merchantinsights.etl.reprocess.ShadowSchema;
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
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a reprocess run (docs/decisions/0016-reprocessing.md): the cube rows of a range, for all
 * or some merchants, rebuilt from raw events with the current logic into the run's own schema, where the insights
 * API never looks. Every local day the range touches is rebuilt whole in each merchant's current calendar from raw
 * events, with its 15-minute totals and its hours ({@link CubeGrains}, decision 0029), and every week and month
 * containing such a day (from the rebuilt days plus the live days around them, by the refresh's rollup code with the
 * run's schema first on the search path). The live cube is
 * not written: the switch ({@link CubeSwitch}) installs the rows later, in one transaction.
 */
public final class CubeRebuild {
    private static final Logger LOG = LoggerFactory.getLogger(CubeRebuild.class);
    /**
     * Local days aggregated per Spark job: the progress (and the heartbeat) moves at least this often. Each step reads
     * its days' hours in every zone concerned (up to 26 hours more than the days), so longer steps read less twice.
     */
    static final int DAYS_PER_STEP = 2;

    private static final Grain[] REBUILT_FROM_RAW = {Grain.QUARTER_HOUR, Grain.HOUR, Grain.DAY};

    /** Raw events of whole UTC hours, of the given merchants (all when empty), with at least the cube's columns. */
    public interface RawSource {
        Dataset<Row> hours(Collection<Instant> hours, Collection<String> merchants);
    }

    /** What to rebuild; a calendar run replaces week rows of any week start (the previous one included). */
    public record Request(
            ReprocessRun.Kind kind,
            Instant from,
            Instant to,
            List<String> merchants,
            String rawVersion,
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
            long runId = runs.start(
                    new ReprocessRuns.Request(
                            request.kind(),
                            request.from(),
                            request.to(),
                            request.merchants(),
                            request.rawVersion(),
                            config.cube().name(),
                            config.cube().version(),
                            request.requestedBy()),
                    now);
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
        Map<Grain, String> stages = new EnumMap<>(Grain.class);
        for (Grain grain : REBUILT_FROM_RAW) {
            stages.put(grain, schema.name() + ".stage_" + grain.wireName());
            execute(
                    c,
                    "CREATE UNLOGGED TABLE " + stages.get(grain) + " (LIKE " + ShadowSchema.live(grain)
                            + " INCLUDING DEFAULTS)");
        }

        // 1. Every local day the range touches, in the zones of the merchants concerned, in steps of whole local days:
        //    each step reads the raw hours its days cover in every zone and aggregates the events of those days only
        //    (CubeGrains), so that every hour and day row is built from all of its events, once (decision 0029). A
        //    calendar change reads raw events too: the 15-minute rows hold no dimension to re-cut hours from.
        Collection<ZoneId> zones = zones(c, request.merchants());
        List<CubeGrains.LocalDayRange> steps = steps(zones, request.from(), request.to());
        int hoursTotal =
                steps.stream().mapToInt(step -> hoursOfDays(zones, step).size()).sum();
        Dataset<Row> calendars = WarehouseRebuild.calendars(spark, config);
        int hoursDone = 0;
        long events = 0;
        for (CubeGrains.LocalDayRange step : steps) {
            List<Instant> hours = hoursOfDays(zones, step);
            spark.sparkContext()
                    .setJobDescription("reprocess run " + schema.runId() + ": local days " + step.first() + " .. "
                            + step.last() + ", " + hours.size() + " hour(s)");
            try (CubeGrains grains = CubeGrains.aggregate(
                    raw.hours(hours, request.merchants()),
                    calendars,
                    config.cube(),
                    config.defaultZone(),
                    step,
                    CubeGrains.Folding.of(config, c))) {
                for (Grain grain : REBUILT_FROM_RAW) {
                    LongAccumulator rows = spark.sparkContext().longAccumulator("reprocessed rows " + grain.wireName());
                    grains.rows(grain).foreachPartition(BinaryCopyWriter.of(config, stages.get(grain), grain, rows));
                }
            } finally {
                spark.sparkContext().setJobDescription(null);
            }
            hoursDone += hours.size();
            events = tables.eventsIn(c, stages.get(Grain.QUARTER_HOUR));
            runs.progress(schema.runId(), hoursTotal, hoursDone, events, 0, clock.instant());
        }

        // 2. The scope: each merchant with events in the range (now or before) and its buckets in its calendar.
        Set<String> merchants = merchantsConcerned(c, stages.get(Grain.QUARTER_HOUR), request);
        Map<String, MerchantCalendar> calendarOf = MerchantCalendars.of(c, merchants, config.defaultZone());
        List<MerchantScope> scopes = new ArrayList<>();
        boolean anyWeekStart = request.kind() == ReprocessRun.Kind.CALENDAR;
        for (String merchant : merchants) {
            scopes.add(
                    MerchantScope.of(merchant, calendarOf.get(merchant), request.from(), request.to(), anyWeekStart));
        }
        insertScopes(c, schema, scopes);

        // 3. The rebuilt rows of the scope's days; the live days around them that their weeks and months also contain.
        for (Grain grain : REBUILT_FROM_RAW) {
            List<String> columns = grain == Grain.QUARTER_HOUR ? tables.stagingColumns() : tables.rollupColumns(grain);
            execute(
                    c,
                    "INSERT INTO " + schema.rebuilt(grain) + " (" + String.join(", ", columns) + ") SELECT "
                            + prefixed("st", columns) + " FROM " + stages.get(grain) + " st JOIN " + schema.scope()
                            + " s ON "
                            + ShadowSchema.inScope(grain, "st"));
            execute(c, "DROP TABLE " + stages.get(grain));
        }
        execute(
                c,
                "INSERT INTO " + schema.rebuilt(Grain.DAY) + " SELECT l.* FROM " + ShadowSchema.live(Grain.DAY)
                        + " l JOIN " + schema.scope() + " s ON l.merchant_id = s.merchant_id AND l.bucket_start >="
                        + " s.rollup_days_start AND l.bucket_start < s.rollup_days_end"
                        + " AND NOT (l.bucket_start BETWEEN s.first_day AND s.last_day)");

        // 4. Weeks and months from the days, by the refresh's own code, in the run's schema.
        Map<String, Set<LocalDate>> days = new TreeMap<>();
        for (MerchantScope scope : scopes) {
            Set<LocalDate> merchantDays = days.computeIfAbsent(scope.merchantId(), m -> new TreeSet<>());
            for (LocalDate d = scope.firstDay(); !d.isAfter(scope.lastDay()); d = d.plusDays(1)) {
                merchantDays.add(d);
            }
        }
        c.setAutoCommit(false);
        try {
            execute(c, "SET LOCAL search_path TO " + schema.name() + ", public");
            new CalendarRollups(c, tables).rollUpWeeksAndMonths(days, calendarOf);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }

        long rows = rowsInScope(c, schema);
        CubeDiff.Diff diff = new CubeDiff(c, catalogue).of(schema);
        runs.progress(schema.runId(), hoursTotal, hoursTotal, events, rows, clock.instant());
        runs.built(schema.runId(), rows, DiffJson.summary(diff), clock.instant());
        LOG.info(
                "reprocess run {} built: {} hour(s), {} merchant(s), {} event(s), {} row(s), {} metric change(s)",
                schema.runId(),
                hoursTotal,
                merchants.size(),
                events,
                rows,
                diff.changes().size());
        return diff;
    }

    /** The local days the range touches in any of the zones, in steps of {@link #DAYS_PER_STEP}. */
    static List<CubeGrains.LocalDayRange> steps(Collection<ZoneId> zones, Instant from, Instant to) {
        LocalDate first = null;
        LocalDate last = null;
        for (ZoneId zone : zones) {
            MerchantCalendar calendar = MerchantCalendar.mondayWeeks(zone);
            LocalDate f = calendar.day(from);
            LocalDate l = calendar.day(to.minusNanos(1));
            first = first == null || f.isBefore(first) ? f : first;
            last = last == null || l.isAfter(last) ? l : last;
        }
        List<CubeGrains.LocalDayRange> steps = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(DAYS_PER_STEP)) {
            LocalDate end = d.plusDays(DAYS_PER_STEP - 1);
            steps.add(new CubeGrains.LocalDayRange(d, end.isAfter(last) ? last : end));
        }
        return steps;
    }

    /** The UTC hours that hold the events of the local days in any of the zones. */
    static List<Instant> hoursOfDays(Collection<ZoneId> zones, CubeGrains.LocalDayRange days) {
        Instant start = null;
        Instant end = null;
        for (ZoneId zone : zones) {
            MerchantCalendar calendar = MerchantCalendar.mondayWeeks(zone);
            Instant s = calendar.dayStart(days.first());
            Instant e = calendar.dayEnd(days.last());
            start = start == null || s.isBefore(start) ? s : start;
            end = end == null || e.isAfter(end) ? e : end;
        }
        List<Instant> hours = new ArrayList<>();
        for (Instant h = start.truncatedTo(ChronoUnit.HOURS); h.isBefore(end); h = h.plus(1, ChronoUnit.HOURS)) {
            hours.add(h);
        }
        return hours;
    }

    /** The UTC hours a run reads: every local day its range touches, in its merchants' zones (or all zones). */
    public List<Instant> hoursOf(ReprocessRun run) throws SQLException {
        try (Connection c = connect()) {
            return hoursToRead(zones(c, run.merchants()), run.from(), run.to());
        }
    }

    private Collection<ZoneId> zones(Connection c, List<String> merchants) throws SQLException {
        return merchants.isEmpty()
                ? registeredZones(c)
                : MerchantCalendars.of(c, merchants, config.defaultZone()).values().stream()
                        .map(MerchantCalendar::zone)
                        .toList();
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
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT DISTINCT time_zone FROM merchants")) {
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
            p.setObject(
                    1,
                    java.sql.Date.valueOf(LocalDate.ofInstant(request.from(), java.time.ZoneOffset.UTC)
                            .minusDays(1)));
            p.setObject(
                    2,
                    java.sql.Date.valueOf(LocalDate.ofInstant(request.to(), java.time.ZoneOffset.UTC)
                            .plusDays(1)));
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
            execute(
                    c,
                    "CREATE UNLOGGED TABLE " + schema.rebuilt(grain) + " (LIKE " + ShadowSchema.live(grain)
                            + " INCLUDING ALL)");
        }
        execute(
                c,
                "CREATE TABLE " + schema.scope() + " (merchant_id text PRIMARY KEY, base_start timestamptz NOT NULL,"
                        + " base_end timestamptz NOT NULL, first_day date NOT NULL, last_day date NOT NULL, first_week date NOT NULL,"
                        + " last_week date NOT NULL, first_month date NOT NULL, last_month date NOT NULL,"
                        + " rollup_days_start date NOT NULL, rollup_days_end date NOT NULL)");
    }

    private static void insertScopes(Connection c, ShadowSchema schema, List<MerchantScope> scopes)
            throws SQLException {
        try (PreparedStatement p =
                c.prepareStatement("INSERT INTO " + schema.scope() + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (MerchantScope s : scopes) {
                p.setString(1, s.merchantId());
                p.setObject(2, CalendarRollups.utc(s.baseStart()));
                p.setObject(3, CalendarRollups.utc(s.baseEnd()));
                Object[] dates = {
                    s.firstDay(),
                    s.lastDay(),
                    s.firstWeek(),
                    s.lastWeek(),
                    s.firstMonth(),
                    s.lastMonth(),
                    s.rollupDaysStart(),
                    s.rollupDaysEnd()
                };
                for (int i = 0; i < dates.length; i++) {
                    p.setObject(4 + i, java.sql.Date.valueOf((LocalDate) dates[i]));
                }
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static long rowsInScope(Connection c, ShadowSchema schema) throws SQLException {
        long rows = 0;
        for (Grain grain : Grain.values()) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema.rebuilt(grain) + " n JOIN "
                            + schema.scope() + " s ON " + ShadowSchema.inScope(grain, "n"))) {
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
