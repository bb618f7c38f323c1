package com.merchantinsights.stream.history;

import com.merchantinsights.core.layout.RawArchiveLayout;
import com.merchantinsights.stream.RawEventsTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The Parquet archive of raw events under a Hadoop-compatible root ({@code file:/…}, {@code s3a://…}, {@code hdfs://…}),
 * laid out by {@link RawArchiveLayout}. An hour is replaced by writing a complete new generation into a staging
 * folder, then renaming its one file into the hour's folder under a newer generation name: readers take the newest
 * generation only, so they see the old hour or the new one, never a half-written or a doubled one. The generation
 * before the newest is kept, so that a reader that listed the folder just before a publish still finds its file.
 */
public final class ParquetArchive {
    private static final int GENERATIONS_KEPT = 2;

    private final SparkSession spark;
    private final Path root;

    public ParquetArchive(SparkSession spark, String rootUrl) {
        this.spark = spark;
        this.root = new Path(rootUrl);
    }

    public String root() {
        return root.toString();
    }

    /**
     * Writes {@code rows} (the hour's complete raw rows) as the hour's newest generation.
     *
     * @return the rows the new generation holds, or -1 when the rows were empty and nothing was written
     */
    public long publish(Instant eventHour, Dataset<Row> rows, Instant archivedAt) {
        FileSystem fs = fileSystem();
        Path hourFolder = new Path(root, RawArchiveLayout.hourFolder(eventHour));
        Path staging = new Path(root, RawArchiveLayout.STAGING + "/" + UUID.randomUUID());
        try {
            // One file per hour: an hour is read and replaced whole, and one rename publishes it atomically.
            rows.select(RawEventsTable.columns())
                    .coalesce(1)
                    .write()
                    .mode(SaveMode.ErrorIfExists)
                    .option("compression", "zstd")
                    .parquet(staging.toString());
            FileStatus[] parts = fs.listStatus(
                    staging, p -> p.getName().startsWith("part-") && p.getName().endsWith(".parquet"));
            if (parts.length == 0) {
                return -1;
            }
            if (parts.length > 1) {
                throw new IllegalStateException("expected one Parquet file in " + staging + ", found " + parts.length);
            }
            fs.mkdirs(hourFolder);
            long generation = Math.max(
                    archivedAt.toEpochMilli(), newestGeneration(fs, hourFolder).orElse(-1L) + 1);
            Path target = new Path(hourFolder, RawArchiveLayout.generationFile(generation));
            if (!fs.rename(parts[0].getPath(), target)) {
                throw new IOException("could not rename " + parts[0].getPath() + " to " + target);
            }
            dropOldGenerations(fs, hourFolder);
            return spark.read().parquet(target.toString()).count();
        } catch (IOException e) {
            throw new UncheckedIOException("archiving hour " + eventHour + " under " + root + " failed", e);
        } finally {
            deleteQuietly(fs, staging);
        }
    }

    /** The archived rows of the given hours (hours never archived contribute nothing). */
    public Dataset<Row> read(Collection<Instant> eventHours) {
        List<String> files = new ArrayList<>();
        for (Instant hour : eventHours) {
            currentFile(hour).ifPresent(file -> files.add(file.toString()));
        }
        if (files.isEmpty()) {
            return spark.createDataFrame(List.of(), RawEventsTable.SCHEMA);
        }
        return spark.read().schema(RawEventsTable.SCHEMA).parquet(files.toArray(String[]::new));
    }

    /** The file that holds the hour now, if the hour was ever archived. */
    public Optional<Path> currentFile(Instant eventHour) {
        FileSystem fs = fileSystem();
        Path hourFolder = new Path(root, RawArchiveLayout.hourFolder(eventHour));
        try {
            if (!fs.exists(hourFolder)) {
                return Optional.empty();
            }
            List<String> names = new ArrayList<>();
            for (FileStatus status : fs.listStatus(hourFolder)) {
                names.add(status.getPath().getName());
            }
            return RawArchiveLayout.current(names).map(name -> new Path(hourFolder, name));
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + hourFolder + " failed", e);
        }
    }

    /**
     * Removes every generation of the hour but the newest: after an erasure rewrote the hour (issue 23), no older
     * generation may keep the erased rows. A reader that listed the folder just before fails its read and reads again.
     */
    public void keepOnlyNewest(Instant eventHour) {
        FileSystem fs = fileSystem();
        Path hourFolder = new Path(root, RawArchiveLayout.hourFolder(eventHour));
        try {
            Optional<Long> newest = newestGeneration(fs, hourFolder);
            for (FileStatus status : fs.listStatus(hourFolder)) {
                Optional<Long> generation =
                        RawArchiveLayout.generationOf(status.getPath().getName());
                if (generation.isPresent() && !generation.equals(newest)) {
                    fs.delete(status.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("dropping old generations of " + hourFolder + " failed", e);
        }
    }

    /** Removes the hour from the archive, every generation: an erasure left nothing in it. */
    public void deleteHour(Instant eventHour) {
        Path hourFolder = new Path(root, RawArchiveLayout.hourFolder(eventHour));
        try {
            fileSystem().delete(hourFolder, true);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + hourFolder + " failed", e);
        }
    }

    /** Every archived hour before {@code limit} (the archive's folders listed: hours beyond the raw store's reach). */
    public List<Instant> hoursBefore(Instant limit) {
        FileSystem fs = fileSystem();
        Path dataset = new Path(root, RawArchiveLayout.DATASET);
        List<Instant> hours = new ArrayList<>();
        try {
            if (!fs.exists(dataset)) {
                return hours;
            }
            for (FileStatus day : fs.listStatus(dataset)) {
                String dayName = day.getPath().getName();
                if (!day.isDirectory() || !dayName.startsWith("day=")) {
                    continue;
                }
                java.time.LocalDate date = java.time.LocalDate.parse(dayName.substring(4));
                for (FileStatus hour : fs.listStatus(day.getPath())) {
                    String hourName = hour.getPath().getName();
                    if (!hour.isDirectory() || !hourName.startsWith("hour=")) {
                        continue;
                    }
                    Instant at = date.atStartOfDay(java.time.ZoneOffset.UTC)
                            .plusHours(Integer.parseInt(hourName.substring(5)))
                            .toInstant();
                    if (at.isBefore(limit)) {
                        hours.add(at);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing the archive under " + root + " failed", e);
        }
        hours.sort(null);
        return hours;
    }

    private static Optional<Long> newestGeneration(FileSystem fs, Path hourFolder) throws IOException {
        Optional<Long> newest = Optional.empty();
        for (FileStatus status : fs.listStatus(hourFolder)) {
            Optional<Long> generation =
                    RawArchiveLayout.generationOf(status.getPath().getName());
            if (generation.isPresent() && (newest.isEmpty() || generation.get() > newest.get())) {
                newest = generation;
            }
        }
        return newest;
    }

    private static void dropOldGenerations(FileSystem fs, Path hourFolder) throws IOException {
        List<Long> generations = new ArrayList<>();
        for (FileStatus status : fs.listStatus(hourFolder)) {
            RawArchiveLayout.generationOf(status.getPath().getName()).ifPresent(generations::add);
        }
        generations.sort(java.util.Comparator.reverseOrder());
        for (long old : generations.subList(Math.min(GENERATIONS_KEPT, generations.size()), generations.size())) {
            fs.delete(new Path(hourFolder, RawArchiveLayout.generationFile(old)), false);
        }
    }

    private FileSystem fileSystem() {
        try {
            return root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("no file system for archive root " + root, e);
        }
    }

    private static void deleteQuietly(FileSystem fs, Path path) {
        try {
            fs.delete(path, true);
        } catch (IOException e) {
            // A leftover staging folder is never read: only hour folders are.
        }
    }
}
