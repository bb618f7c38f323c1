package com.merchantinsights.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.event.EventFields;
import com.merchantinsights.core.event.EventRules;
import com.merchantinsights.core.privacy.PseudonymKey;
import com.merchantinsights.etl.ErasureRequests;
import com.merchantinsights.service.Json;
import com.merchantinsights.service.RequestBody;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/admin/erasures} and {@code GET /v1/admin/erasures/{id}} (issue 23, decision 0053): a person's
 * erasure is recorded with the person in every form it may be stored under (the identifier as sent and its pseudonym
 * under each key the installation knows) and the events topic's end offsets; the next cube refresh carries it out,
 * and one is started at once. A second request for the same person while one is open answers that one (200).
 */
final class ErasureRoutes {
    static final String PATH = OpsRoutes.PREFIX + "/erasures";
    /** The stores an erasure works through, in the order the answer lists them. */
    static final List<String> STORES =
            List.of("erased_events", "raw_events", "raw_versions", "dead_letters", "archive", "cubes");

    private static final Set<String> FIELDS =
            Set.of(EventFields.MERCHANT_ID, "customer_id", "anonymous_id", "suppress");
    private static final Logger LOG = LoggerFactory.getLogger(ErasureRoutes.class);

    private final DataSource warehouse;
    private final List<PseudonymKey> keys;
    private final ErasureTopics topics;
    private final Clock clock;
    private final Consumer<String> startRefresh;
    private final SecureRandom random = new SecureRandom();

    /** @param startRefresh starts a cube refresh now, for the caller named; a refresh already running is fine */
    ErasureRoutes(
            DataSource warehouse,
            List<PseudonymKey> keys,
            ErasureTopics topics,
            Clock clock,
            Consumer<String> startRefresh) {
        this.warehouse = warehouse;
        this.keys = List.copyOf(keys);
        this.topics = topics;
        this.clock = clock;
        this.startRefresh = startRefresh;
    }

    /** The parsed body of a request. */
    record Asked(String merchantId, String customerId, String anonymousId, boolean suppress) {}

    static Asked parse(String body) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new InsightsException(ErrorCode.MALFORMED_JSON, "The body is not valid JSON.", null);
        }
        if (json == null || !json.isObject()) {
            throw new InsightsException(
                    ErrorCode.MALFORMED_JSON,
                    "The body is a JSON object: {\"merchant_id\": …, \"customer_id\": …, \"anonymous_id\": …}.",
                    null);
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InsightsException(ErrorCode.INVALID_FIELD, "Unknown field " + name + ".", name);
            }
        }
        JsonNode merchant = json.get(EventFields.MERCHANT_ID);
        if (merchant == null || merchant.isNull()) {
            throw new InsightsException(ErrorCode.MISSING_FIELD, "merchant_id is required.", EventFields.MERCHANT_ID);
        }
        String merchantId = merchant.isTextual() ? merchant.asText() : null;
        EventRules.checkMerchantId(merchantId).ifPresent(violation -> {
            throw new InsightsException(ErrorCode.INVALID_FIELD, violation.message(), EventFields.MERCHANT_ID);
        });
        String customerId = identifier(json, "customer_id");
        String anonymousId = identifier(json, "anonymous_id");
        if (customerId == null && anonymousId == null) {
            throw new InsightsException(
                    ErrorCode.MISSING_FIELD, "Give customer_id, anonymous_id or both.", "customer_id");
        }
        JsonNode suppress = json.get("suppress");
        if (suppress != null && !suppress.isNull() && !suppress.isBoolean()) {
            throw new InsightsException(ErrorCode.INVALID_FIELD, "suppress is true or false.", "suppress");
        }
        return new Asked(merchantId, customerId, anonymousId, suppress != null && suppress.asBoolean(false));
    }

    private static String identifier(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > EventRules.MAX_ID_LENGTH) {
            throw new InsightsException(
                    ErrorCode.INVALID_FIELD,
                    field + " must be a string of 1 to " + EventRules.MAX_ID_LENGTH + " characters, as sent in events.",
                    field);
        }
        return value.asText();
    }

    /**
     * The person in every form it may be stored under: the identifier itself (events stored before the installation
     * pseudonymised, or with pseudonyms off) and its pseudonym under each key, current and retired.
     */
    List<String> persons(Asked asked) {
        Set<String> persons = new LinkedHashSet<>();
        forms(persons, "c:", asked.merchantId(), asked.customerId());
        forms(persons, "a:", asked.merchantId(), asked.anonymousId());
        return new ArrayList<>(persons);
    }

    private void forms(Set<String> persons, String prefix, String merchantId, String identifier) {
        if (identifier == null) {
            return;
        }
        persons.add(prefix + identifier);
        for (PseudonymKey key : keys) {
            persons.add(prefix + key.pseudonymizer().pseudonym(merchantId, identifier));
        }
    }

    void create(Context ctx, String requestedBy) {
        // The identity check read the body already (it digests it): read from where it keeps it.
        Asked asked = parse(new String(RequestBody.of(ctx), java.nio.charset.StandardCharsets.UTF_8));
        if (topics == ErasureTopics.NONE) {
            // Without the topic's offsets the erasure could run before the stream stored what was sent before it.
            throw new InsightsException(
                    ErrorCode.BACKEND_UNAVAILABLE,
                    "This operations service is not configured with Kafka: it cannot erase.",
                    null);
        }
        List<String> persons = persons(asked);
        ErasureRequests.Recorded recorded;
        try (Connection connection = warehouse.getConnection()) {
            if (!known(connection, asked.merchantId())) {
                throw new InsightsException(
                        ErrorCode.UNKNOWN_MERCHANT,
                        "No merchant " + asked.merchantId() + " is registered or has data.",
                        EventFields.MERCHANT_ID);
            }
            Map<Integer, Long> offsets;
            try {
                offsets = topics.eventsEndOffsets();
            } catch (Exception e) {
                LOG.warn("could not read the events topic's end offsets", e);
                throw new InsightsException(
                        ErrorCode.BACKEND_UNAVAILABLE,
                        "Kafka did not answer: the erasure must know what the stream has yet to store.",
                        null);
            }
            recorded = ErasureRequests.record(
                    connection,
                    newId(),
                    asked.merchantId(),
                    persons,
                    asked.suppress(),
                    requestedBy,
                    clock.instant(),
                    offsets);
        } catch (SQLException e) {
            LOG.warn("could not record an erasure", e);
            throw new InsightsException(ErrorCode.WAREHOUSE_UNAVAILABLE, "The warehouse is not answering.", null);
        }
        if (recorded.created()) {
            startRefresh.accept(requestedBy);
        }
        ctx.status(recorded.created() ? 202 : 200)
                .header("Location", PATH + "/" + recorded.request().id())
                .json(view(recorded.request()));
    }

    void get(Context ctx) {
        String id = ctx.pathParam("id");
        try (Connection connection = warehouse.getConnection()) {
            ErasureRequests.Request request = ErasureRequests.find(connection, id)
                    .orElseThrow(() -> new InsightsException(ErrorCode.NOT_FOUND, "No erasure " + id + ".", "id"));
            ctx.json(view(request));
        } catch (SQLException e) {
            LOG.warn("could not read erasure {}", id, e);
            throw new InsightsException(ErrorCode.WAREHOUSE_UNAVAILABLE, "The warehouse is not answering.", null);
        }
    }

    /** A merchant is known when registered or when the cubes hold any of its data. */
    private static boolean known(Connection connection, String merchantId) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM merchants WHERE merchant_id = ?)"
                        + " OR EXISTS (SELECT 1 FROM cube_day WHERE merchant_id = ?)")) {
            select.setString(1, merchantId);
            select.setString(2, merchantId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private String newId() {
        byte[] bytes = new byte[10];
        random.nextBytes(bytes);
        return "er_" + HexFormat.of().formatHex(bytes);
    }

    /** The answer: the request, each store's progress, and how long Kafka's copies may outlive it. */
    Map<String, Object> view(ErasureRequests.Request request) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("erasure_id", request.id());
        view.put("merchant_id", request.merchantId());
        view.put("state", request.state().wireName());
        view.put("suppress", request.suppress());
        view.put("requested_by", request.requestedBy());
        view.put("requested_at", request.requestedAt().toString());
        request.startedAt().ifPresent(at -> view.put("started_at", at.toString()));
        request.finishedAt().ifPresent(at -> view.put("finished_at", at.toString()));
        request.failure().ifPresent(failure -> view.put("failure", failure));
        JsonNode progress = progressOf(request.progress());
        Map<String, Object> stores = new LinkedHashMap<>();
        for (String store : STORES) {
            JsonNode done = progress.get(store);
            if (done != null && done.isObject()) {
                stores.put(store, done);
            } else {
                Map<String, Object> pending = new LinkedHashMap<>();
                pending.put("state", "pending");
                JsonNode requested = progress.path(store + "_requested").path("cells");
                if (!requested.isMissingNode()) {
                    pending.put("cells_requested", requested.asLong());
                }
                stores.put(store, pending);
            }
        }
        view.put("stores", stores);
        view.put("kafka", kafka(request.requestedAt()));
        return view;
    }

    /** How long the topics' bounds are kept: a client follows an erasure every 2 s, the topics' settings rarely change. */
    static final Duration BOUNDS_KEPT = Duration.ofMinutes(1);

    private volatile List<ErasureTopics.Bound> bounds;
    private volatile Instant boundsReadAt = Instant.MIN;

    /** The topics' retention, read from the broker at most once per {@link #BOUNDS_KEPT}, not per answer. */
    private List<ErasureTopics.Bound> bounds() throws Exception {
        Instant now = clock.instant();
        if (bounds == null || boundsReadAt.plus(BOUNDS_KEPT).isBefore(now)) {
            bounds = topics.bounds();
            boundsReadAt = now;
        }
        return bounds;
    }

    private List<Map<String, Object>> kafka(Instant requestedAt) {
        List<Map<String, Object>> bounds = new ArrayList<>();
        try {
            for (ErasureTopics.Bound bound : bounds()) {
                Map<String, Object> topic = new LinkedHashMap<>();
                topic.put("topic", bound.topic());
                topic.put(
                        "retention",
                        bound.retention() == null ? null : bound.retention().toString());
                topic.put(
                        "segment_roll",
                        bound.segmentRoll() == null ? null : bound.segmentRoll().toString());
                // A segment is deleted when its newest record is older than the retention; it rolls at the latest
                // segment.ms after its first: a record outlives the request by at most both.
                topic.put(
                        "copies_gone_by",
                        bound.retention() == null
                                ? null
                                : requestedAt
                                        .plus(bound.retention())
                                        .plus(bound.segmentRoll() == null ? Duration.ZERO : bound.segmentRoll())
                                        .toString());
                bounds.add(topic);
            }
        } catch (Exception e) {
            LOG.warn("could not read the topics' retention", e);
        }
        return bounds;
    }

    private static JsonNode progressOf(String progress) {
        try {
            return Json.mapper().readTree(progress == null ? "{}" : progress);
        } catch (JsonProcessingException e) {
            return Json.mapper().createObjectNode();
        }
    }
}
