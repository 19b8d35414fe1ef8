package io.kcprovisioning.outbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Which dead letters a replay or skip concerns, read from its body: {@code {"resources":[{"type":"user","id":"..."}]}}
 * names them, {@code {}} means every one. Anything else is refused whole, with the reasons, before anything changes.
 *
 * @param resources  the resources named, or null for every dead letter
 * @param violations why the body is refused (empty when it is taken)
 */
public record OutboxSelection(List<OutboxActions.Resource> resources, List<TargetViolation> violations) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int MAX_ID = 36;

    public static OutboxSelection parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return refused(TargetViolation.of("$", "provisioningOutboxNotJson", e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            return refused(TargetViolation.of("$", "provisioningOutboxNotObject"));
        }
        List<TargetViolation> violations = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("resources")) {
                violations.add(TargetViolation.of(name, "provisioningOutboxUnknownField", name));
            }
        }
        JsonNode list = root.get("resources");
        if (list == null || list.isNull()) {
            return violations.isEmpty() ? new OutboxSelection(null, List.of()) : new OutboxSelection(null, violations);
        }
        if (!list.isArray()) {
            violations.add(TargetViolation.of("resources", "provisioningOutboxResourcesNotList"));
            return new OutboxSelection(null, violations);
        }
        List<OutboxActions.Resource> resources = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String at = "resources[" + i + "]";
            if (!r.isObject()) {
                violations.add(TargetViolation.of(at, "provisioningOutboxResourcesNotList"));
                continue;
            }
            JsonNode type = r.get("type");
            if (type == null || !type.isTextual() || !type.asText().equals(Outbox.USER)) {
                violations.add(TargetViolation.of(at + ".type", "provisioningOutboxUnknownType", String.valueOf(i),
                        type == null || type.isNull() ? "" : type.asText()));
            }
            JsonNode id = r.get("id");
            if (id == null || !id.isTextual() || id.asText().isBlank() || id.asText().length() > MAX_ID) {
                violations.add(TargetViolation.of(at + ".id", "provisioningOutboxMissingId", String.valueOf(i)));
            }
            if (violations.isEmpty()) {
                resources.add(new OutboxActions.Resource(type.asText(), id.asText().trim()));
            }
        }
        return violations.isEmpty() ? new OutboxSelection(List.copyOf(resources), List.of())
                : new OutboxSelection(null, violations);
    }

    public boolean ok() {
        return violations.isEmpty();
    }

    private static OutboxSelection refused(TargetViolation v) {
        return new OutboxSelection(null, List.of(v));
    }
}
