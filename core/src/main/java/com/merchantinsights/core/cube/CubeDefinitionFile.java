package com.merchantinsights.core.cube;

import com.merchantinsights.core.time.Grain;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a cube definition file ({@code *.cube.properties}, see {@code cubes/merchant_activity.cube.properties}): a
 * Java properties file, so that {@code core} needs no parsing library. Every key is checked; an unknown or misspelt
 * key is an error, not silently ignored. Errors name the file and the key.
 */
public final class CubeDefinitionFile {
    /** The cube the product ships with, on the classpath. */
    public static final String DEFAULT_RESOURCE = "/cubes/merchant_activity.cube.properties";

    private static final Pattern MEASURE = Pattern.compile("(count|sum|distinct)\\(([^)]*)\\)");
    private static final Pattern GROUPING_SET = Pattern.compile("\\(([^)]*)\\)");

    private CubeDefinitionFile() {}

    /** The product's cube definition. */
    public static CubeDefinition standard() {
        try (InputStream in = CubeDefinitionFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CubeDefinition read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws InvalidDefinitionException naming the source and the offending key
     */
    public static CubeDefinition parse(Reader reader, String source) throws IOException {
        Properties properties = new Properties();
        properties.load(reader);
        DefinitionKeys keys = new DefinitionKeys(properties);
        try {
            String name = keys.required("name");
            int version = keys.integer("version");
            List<String> dimensions = DefinitionKeys.list(keys.required("dimensions"));
            List<GroupingSet> groupingSets = groupingSets(keys.required("grouping_sets"));
            List<Measure> measures = new ArrayList<>();
            for (String measureName : DefinitionKeys.list(keys.required("measures"))) {
                measures.add(measure(measureName, keys.required("measure." + measureName)));
            }
            int logK = keys.integer("hll.log_k");
            Map<Grain, Period> retention = new EnumMap<>(Grain.class);
            for (Grain grain : Grain.values()) {
                String key = "retention." + grain.wireName();
                try {
                    retention.put(grain, Period.parse(keys.required(key)));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(key + ": not an ISO period such as P400D or P5Y");
                }
            }
            keys.rejectUnread("");
            if (!DEFAULT_RESOURCE.equals(source)) {
                requireContractDimensions(dimensions);
            }
            return new CubeDefinition(name, version, dimensions, groupingSets, measures, logK, retention);
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException(source + ": " + e.getMessage());
        }
    }

    /**
     * The event contract accepts exactly the dimensions of the product's definition ({@link #standard()}): another
     * definition may aggregate by fewer of them, never by one that no event carries.
     */
    private static void requireContractDimensions(List<String> dimensions) {
        List<String> contract = standard().dimensions();
        for (String dimension : dimensions) {
            if (!contract.contains(dimension)) {
                throw new IllegalArgumentException(
                        "dimensions: '" + dimension + "' is not one of the event contract's " + contract);
            }
        }
    }

    private static Measure measure(String name, String expression) {
        Matcher m = MEASURE.matcher(expression.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "measure." + name + ": '" + expression + "' is not count(), sum(amount) or distinct(field, ...)");
        }
        Measure.Kind kind = Measure.Kind.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT));
        return new Measure(name, kind, DefinitionKeys.list(m.group(2)));
    }

    private static List<GroupingSet> groupingSets(String value) {
        List<GroupingSet> sets = new ArrayList<>();
        for (String part : value.split(";")) {
            Matcher m = GROUPING_SET.matcher(part.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("grouping_sets: '" + part.trim()
                        + "' is not a parenthesised list such as (channel, country); sets are separated by ;");
            }
            sets.add(new GroupingSet(DefinitionKeys.list(m.group(1))));
        }
        return sets;
    }

    /** A definition file that cannot be used; the message names the file and what is wrong. */
    public static final class InvalidDefinitionException extends IllegalArgumentException {
        public InvalidDefinitionException(String message) {
            super(message);
        }
    }
}
