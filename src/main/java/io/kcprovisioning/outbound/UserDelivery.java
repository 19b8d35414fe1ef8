package io.kcprovisioning.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Makes a target's copy of one user equal to the user's current state, idempotently, whatever was sent before:
 * <ul>
 *   <li>present: update the linked user (PATCH where the target supports it, PUT otherwise); without a link, or
 *       when the link is stale (404), look the user up by userName and adopt it, else create it (and adopt on 409);
 *   <li>deactivated: {@code active=false} on the linked user (a 404 means there is nothing left to deactivate);
 *   <li>deleted: DELETE of the linked user (404 counts as done) and the link dropped;
 *   <li>nothing: never pushed there and not in scope: no call.
 * </ul>
 * Each step's failure ends the attempt with its {@link DeliveryOutcome}; network errors are retried.
 */
public final class UserDelivery {

    /** The outcome, and what becomes of the link: {@code linkTo} set (a remote id), or {@code unlink}. */
    public record Result(DeliveryOutcome outcome, String linkTo, boolean unlink) {

        static Result of(DeliveryOutcome outcome) {
            return new Result(outcome, null, false);
        }

        static Result linked(String remoteId) {
            return new Result(DeliveryOutcome.delivered(), remoteId, false);
        }

        static Result unlinked() {
            return new Result(DeliveryOutcome.delivered(), null, true);
        }
    }

    private final ScimCalls calls;
    private final TargetCapabilities capabilities;
    private final TargetSettings target;

    public UserDelivery(ScimCalls calls, TargetCapabilities capabilities, TargetSettings target) {
        this.calls = calls;
        this.capabilities = capabilities;
        this.target = target;
    }

    public Result deliver(UserSnapshot u) {
        return deliver(u, false);
    }

    /**
     * {@code knownAbsent}: a full push listed the target's users a moment ago and found none of this userName, so
     * a user without a link is created without looking it up first (a 409 still looks it up and adopts it).
     */
    public Result deliver(UserSnapshot u, boolean knownAbsent) {
        try {
            return switch (u.want(target.deprovision())) {
                case PRESENT -> present(u, knownAbsent);
                case DEACTIVATED -> deactivate(u);
                case DELETED -> delete(u);
                case NOTHING -> Result.of(DeliveryOutcome.delivered());
            };
        } catch (IOException e) {
            return Result.of(DeliveryOutcome.retry("cannot reach the target: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())));
        }
    }

    private Result present(UserSnapshot u, boolean knownAbsent) throws IOException {
        if (u.remoteId() != null) {
            TargetHttp.Reply r = update(u, u.remoteId());
            if (r.status() != 404) {
                return r.ok() ? Result.linked(u.remoteId()) : Result.of(DeliveryOutcome.of(what(u, u.remoteId()), r));
            }
            knownAbsent = false; // a stale link: whatever the listing found, look again
        }
        return createOrAdopt(u, knownAbsent);
    }

    private Result createOrAdopt(UserSnapshot u, boolean knownAbsent) throws IOException {
        if (!knownAbsent) {
            TargetHttp.Reply found = lookup(u.userName());
            if (!found.ok()) {
                return Result.of(DeliveryOutcome.of("GET /Users?filter=userName", found));
            }
            String existing = firstId(found.json());
            if (existing != null) {
                return adopt(u, existing);
            }
        }
        TargetHttp.Reply created = calls.send("POST", "/Users", ScimUserMapping.user(u, null).toString());
        if (created.ok()) {
            String id = created.json().path("id").asText(null);
            if (id == null || id.isBlank()) {
                return Result.of(DeliveryOutcome.dead("POST /Users: " + created.status() + " without an id"));
            }
            return Result.linked(id);
        }
        if (created.status() == 409) {
            TargetHttp.Reply again = lookup(u.userName());
            String raced = again.ok() ? firstId(again.json()) : null;
            if (raced != null) {
                return adopt(u, raced);
            }
        }
        return Result.of(DeliveryOutcome.of("POST /Users", created));
    }

    private Result adopt(UserSnapshot u, String remoteId) throws IOException {
        TargetHttp.Reply r = update(u, remoteId);
        return r.ok() ? Result.linked(remoteId) : Result.of(DeliveryOutcome.of(what(u, remoteId), r));
    }

    private TargetHttp.Reply update(UserSnapshot u, String remoteId) throws IOException {
        if (capabilities.patch() && ScimUserMapping.patchable(u)) {
            return calls.send("PATCH", "/Users/" + enc(remoteId), ScimUserMapping.replacePatch(u).toString());
        }
        return calls.send("PUT", "/Users/" + enc(remoteId), ScimUserMapping.user(u, remoteId).toString());
    }

    private String what(UserSnapshot u, String remoteId) {
        return (capabilities.patch() && ScimUserMapping.patchable(u) ? "PATCH" : "PUT") + " /Users/" + remoteId;
    }

    private Result deactivate(UserSnapshot u) throws IOException {
        String path = "/Users/" + enc(u.remoteId());
        TargetHttp.Reply r;
        if (capabilities.patch()) {
            r = calls.send("PATCH", path, ScimUserMapping.deactivatePatch().toString());
        } else {
            TargetHttp.Reply current = calls.send("GET", path, null);
            if (!current.ok()) {
                return current.status() == 404 ? Result.unlinked()
                        : Result.of(DeliveryOutcome.of("GET " + path, current));
            }
            ObjectNode user = (ObjectNode) current.json();
            user.remove("meta");
            user.put("active", false);
            r = calls.send("PUT", path, user.toString());
        }
        if (r.status() == 404) {
            return Result.unlinked();
        }
        return r.ok() ? Result.linked(u.remoteId()) : Result.of(DeliveryOutcome.of("deactivate " + path, r));
    }

    private Result delete(UserSnapshot u) throws IOException {
        String path = "/Users/" + enc(u.remoteId());
        TargetHttp.Reply r = calls.send("DELETE", path, null);
        return r.ok() || r.status() == 404 ? Result.unlinked() : Result.of(DeliveryOutcome.of("DELETE " + path, r));
    }

    private TargetHttp.Reply lookup(String userName) throws IOException {
        return calls.send("GET", "/Users?filter=" + enc(ScimUserMapping.userNameFilter(userName))
                + "&startIndex=1&count=2", null);
    }

    private static String firstId(JsonNode list) {
        JsonNode first = list.path("Resources").path(0);
        return first.hasNonNull("id") ? first.get("id").asText() : null;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
