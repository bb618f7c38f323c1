package com.merchantinsights.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.ErrorResponses;
import com.merchantinsights.service.Json;
import com.merchantinsights.service.RequestIds;
import com.merchantinsights.service.keys.Actor;
import com.merchantinsights.service.keys.IssuedApiKey;
import com.merchantinsights.service.keys.KeyAdmin;
import com.merchantinsights.service.keys.KeyStoreException;
import com.merchantinsights.service.keys.StoredApiKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key administration over HTTP, served by the gateway itself (keys are its business), for admin keys only — the
 * scope was checked by {@link GatewayHandler}: {@code POST /v1/admin/keys} creates a key and answers its secret once,
 * {@code GET /v1/admin/keys} lists keys without secrets, {@code DELETE /v1/admin/keys/{key_id}} revokes one.
 */
final class AdminKeysHandler extends Handler.Abstract {
    static final String PATH = "/v1/admin/keys";
    /** The authenticated caller ({@code Identity}), set by {@link GatewayHandler} on every authenticated request. */
    static final String CALLER_ATTRIBUTE = "gateway.caller";

    private static final Set<String> CREATE_FIELDS = Set.of("scope", "merchant_id", "description");
    private static final int MAX_DESCRIPTION = 200;
    private static final Logger LOG = LoggerFactory.getLogger(AdminKeysHandler.class);

    private final KeyAdmin admin;

    AdminKeysHandler(KeyAdmin admin) {
        this.admin = admin;
    }

    /** A key as the admin API shows it; absent values are left out of the JSON. */
    record KeyView(
            String keyId,
            String scope,
            String merchantId,
            String description,
            Instant createdAt,
            Instant revokedAt,
            String createdBy,
            String secret) {
        static KeyView of(StoredApiKey key) {
            return new KeyView(
                    key.keyId(),
                    key.scope().wireName(),
                    key.merchant().map(MerchantId::value).orElse(null),
                    key.description().isEmpty() ? null : key.description(),
                    key.createdAt(),
                    key.revokedAt().orElse(null),
                    key.createdBy().orElse(null),
                    null);
        }

        static KeyView of(IssuedApiKey key, String description, String createdBy) {
            return new KeyView(
                    key.keyId(),
                    key.scope().wireName(),
                    key.merchant().map(MerchantId::value).orElse(null),
                    description,
                    null,
                    null,
                    createdBy,
                    key.secret());
        }

        /** The secret, when the view carries one, goes to the client in the JSON body and nowhere else. */
        @Override
        public String toString() {
            return "KeyView[keyId=" + keyId + ", scope=" + scope + ", merchantId=" + merchantId + ", description="
                    + description + ", createdAt=" + createdAt + ", revokedAt=" + revokedAt + ", createdBy=" + createdBy
                    + ", secret="
                    + (secret == null ? null : "***") + "]";
        }
    }

    record KeyList(List<KeyView> keys) {}

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String requestId = (String) request.getAttribute(BackendProxy.REQUEST_ID_ATTRIBUTE);
        String path = Request.getPathInContext(request);
        try {
            switch (request.getMethod()) {
                case "POST" -> {
                    KeyView created = create(request);
                    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store"); // the answer carries a secret
                    ErrorResponses.writeJson(response, callback, 201, created, requestId, 0);
                }
                case "GET" ->
                    ErrorResponses.writeJson(
                            response,
                            callback,
                            200,
                            new KeyList(admin.list().stream().map(KeyView::of).toList()),
                            requestId,
                            0);
                case "DELETE" -> {
                    String keyId = path.substring(PATH.length() + 1);
                    if (!admin.revoke(keyId, caller(request, requestId))) {
                        throw new InsightsException(ErrorCode.NOT_FOUND, "No active key " + keyId, "key_id");
                    }
                    response.setStatus(204);
                    response.getHeaders().put(RequestIds.HEADER, requestId);
                    callback.succeeded();
                }
                default -> throw new InsightsException(ErrorCode.NOT_FOUND);
            }
        } catch (InsightsException e) {
            ErrorResponses.write(
                    response, callback, e.code(), e.getMessage(), e.field().orElse(null), requestId);
        } catch (KeyStoreException e) {
            LOG.warn("key administration failed", e);
            ErrorResponses.write(response, callback, ErrorCode.BACKEND_UNAVAILABLE, null, null, requestId);
        }
        return true;
    }

    private KeyView create(Request request) {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new InsightsException(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        }
        JsonNode body = readJson(request);
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CREATE_FIELDS.contains(name)) {
                throw new InsightsException(
                        ErrorCode.INVALID_FIELD,
                        "unknown field " + name + "; a key has scope, merchant_id, description",
                        name);
            }
        }
        Scope scope = scope(body.path("scope"));
        Optional<MerchantId> merchant = merchant(body.path("merchant_id"), scope);
        String description = text(body.path("description"), "description").orElse(null);
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new InsightsException(
                    ErrorCode.INVALID_FIELD,
                    "description has at most " + MAX_DESCRIPTION + " characters",
                    "description");
        }
        Actor by = caller(request, (String) request.getAttribute(BackendProxy.REQUEST_ID_ATTRIBUTE));
        return KeyView.of(admin.create(scope, merchant, description, by), description, by.id());
    }

    /** The admin key that asks, as the audit records it. */
    private static Actor caller(Request request, String requestId) {
        Identity caller = (Identity) request.getAttribute(CALLER_ATTRIBUTE);
        return Actor.key(caller.keyId(), requestId);
    }

    private static JsonNode readJson(Request request) {
        try {
            JsonNode body = Json.mapper().readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
            if (body == null || !body.isObject()) {
                throw new InsightsException(ErrorCode.MALFORMED_JSON, "the body must be a JSON object", null);
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new InsightsException(ErrorCode.MALFORMED_JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the client went away; GatewayErrorHandler answers if it still can
        }
    }

    private static Scope scope(JsonNode node) {
        String wire = text(node, "scope")
                .orElseThrow(() -> new InsightsException(ErrorCode.MISSING_FIELD, "scope is required", "scope"));
        for (Scope scope : Scope.values()) {
            if (scope.wireName().equals(wire)) {
                return scope;
            }
        }
        throw new InsightsException(
                ErrorCode.INVALID_FIELD, "scope must be platform, merchant-write, merchant-read or admin", "scope");
    }

    private static Optional<MerchantId> merchant(JsonNode node, Scope scope) {
        Optional<String> value = text(node, "merchant_id");
        boolean merchantScope = scope == Scope.MERCHANT_READ || scope == Scope.MERCHANT_WRITE;
        if (merchantScope && value.isEmpty()) {
            throw new InsightsException(
                    ErrorCode.MISSING_FIELD, "a " + scope.wireName() + " key needs merchant_id", "merchant_id");
        }
        if (!merchantScope && value.isPresent()) {
            throw new InsightsException(
                    ErrorCode.INVALID_FIELD, "a " + scope.wireName() + " key belongs to no merchant", "merchant_id");
        }
        if (value.isPresent() && !MerchantId.isValid(value.get())) {
            throw new InsightsException(
                    ErrorCode.INVALID_FIELD, "merchant_id is not a valid merchant id", "merchant_id");
        }
        return value.map(MerchantId::new);
    }

    private static Optional<String> text(JsonNode node, String field) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new InsightsException(ErrorCode.INVALID_FIELD, field + " must be a string", field);
        }
        return Optional.of(node.asText());
    }
}
