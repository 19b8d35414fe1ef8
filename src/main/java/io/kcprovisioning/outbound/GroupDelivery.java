package io.kcprovisioning.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes a target's copy of one policy group equal to the group's current members, idempotently:
 * <ul>
 *   <li>present: the linked group (a stale link, 404, is dropped), else the one of that displayName (adopted), else
 *       a new one, created without members; then its members as the target holds them now (read with
 *       {@code attributes=displayName,members}, since some servers return members only when asked) are compared with
 *       the members it should hold, and the difference is sent: one PATCH (an {@code add} of the missing, a
 *       {@code remove} per member too many) where the target supports PATCH; with the
 *       {@code membership-by-single-patch} quirk one PATCH per member added or removed, never a whole-list replace;
 *       a PUT of the whole group otherwise;
 *   <li>taken back (no longer mapped by the policy): DELETE of the linked group, the link dropped.
 * </ul>
 * Only members linked at the target are named (their remote ids); one linked later is added then.
 */
public final class GroupDelivery {

    static final String MEMBERS_ATTRIBUTES = "attributes=displayName,members";

    private final ScimCalls calls;
    private final TargetCapabilities capabilities;
    private final TargetSettings target;

    public GroupDelivery(ScimCalls calls, TargetCapabilities capabilities, TargetSettings target) {
        this.calls = calls;
        this.capabilities = capabilities;
        this.target = target;
    }

    public UserDelivery.Result deliver(GroupSnapshot g) {
        try {
            return switch (g.want()) {
                case PRESENT -> present(g);
                case DELETED, DEACTIVATED -> delete(g);
                case NOTHING -> UserDelivery.Result.of(DeliveryOutcome.delivered());
            };
        } catch (IOException e) {
            return UserDelivery.Result.of(DeliveryOutcome.retry("cannot reach the target: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())));
        }
    }

    private UserDelivery.Result present(GroupSnapshot g) throws IOException {
        String id = g.remoteId();
        JsonNode current = null;
        if (id != null) {
            TargetHttp.Reply r = calls.send("GET", "/Groups/" + enc(id) + "?" + MEMBERS_ATTRIBUTES, null);
            if (r.ok()) {
                current = r.json();
                if (!current.hasNonNull("id")) {
                    // not a group: an answer cut at the size limit, or not JSON; its members cannot be compared
                    return UserDelivery.Result.of(DeliveryOutcome.dead("GET /Groups/" + id
                            + ": the answer is not a readable group (larger than 1 MiB?), members not compared"));
                }
            } else if (r.status() == 404) {
                id = null;
            } else {
                return UserDelivery.Result.of(DeliveryOutcome.of("GET /Groups/" + id, r));
            }
        }
        if (id == null) {
            TargetHttp.Reply found = lookup(g.displayName());
            if (!found.ok()) {
                return UserDelivery.Result.of(DeliveryOutcome.of("GET /Groups?filter=displayName", found));
            }
            current = first(found.json());
            if (current != null) {
                id = current.get("id").asText();
            } else {
                TargetHttp.Reply created = calls.send("POST", "/Groups", ScimGroupMapping.create(g).toString());
                if (created.status() == 409) {
                    TargetHttp.Reply again = lookup(g.displayName());
                    current = again.ok() ? first(again.json()) : null;
                    if (current == null) {
                        return UserDelivery.Result.of(DeliveryOutcome.of("POST /Groups", created));
                    }
                } else if (!created.ok()) {
                    return UserDelivery.Result.of(DeliveryOutcome.of("POST /Groups", created));
                } else {
                    current = created.json();
                }
                if (!current.hasNonNull("id") || current.get("id").asText().isBlank()) {
                    return UserDelivery.Result.of(DeliveryOutcome.dead("POST /Groups: " + created.status()
                            + " without an id"));
                }
                id = current.get("id").asText();
            }
        }
        return members(g, id, current);
    }

    private UserDelivery.Result members(GroupSnapshot g, String id, JsonNode current) throws IOException {
        Set<String> held = new LinkedHashSet<>();
        current.path("members").forEach(m -> {
            if (m.hasNonNull("value")) {
                held.add(m.get("value").asText());
            }
        });
        List<String> add = new ArrayList<>();
        for (String wanted : g.memberIds()) {
            if (!held.contains(wanted)) {
                add.add(wanted);
            }
        }
        List<String> remove = held.stream().filter(h -> !g.memberIds().contains(h)).toList();
        if (add.isEmpty() && remove.isEmpty()) {
            return UserDelivery.Result.linked(id);
        }
        String path = "/Groups/" + enc(id);
        if (target.hasQuirk("membership-by-single-patch")) {
            for (String member : add) {
                TargetHttp.Reply r = calls.send("PATCH", path, ScimGroupMapping.patch(List.of(member), List.of())
                        .toString());
                if (!r.ok()) {
                    return failed("PATCH " + path + " add " + member, r, id);
                }
            }
            for (String member : remove) {
                TargetHttp.Reply r = calls.send("PATCH", path, ScimGroupMapping.patch(List.of(), List.of(member))
                        .toString());
                if (!r.ok()) {
                    return failed("PATCH " + path + " remove " + member, r, id);
                }
            }
            return UserDelivery.Result.linked(id);
        }
        TargetHttp.Reply r = capabilities.patch()
                ? calls.send("PATCH", path, ScimGroupMapping.patch(add, remove).toString())
                : calls.send("PUT", path, ScimGroupMapping.replace(g, id, g.memberIds()).toString());
        return r.ok() ? UserDelivery.Result.linked(id)
                : failed((capabilities.patch() ? "PATCH " : "PUT ") + path, r, id);
    }

    /** A failed membership change: a 404 drops the link (the group is found or made again next time). */
    private static UserDelivery.Result failed(String what, TargetHttp.Reply r, String id) {
        DeliveryOutcome outcome = DeliveryOutcome.of(what, r);
        if (r.status() == 404) {
            return new UserDelivery.Result(DeliveryOutcome.retry(outcome.error()), null, true);
        }
        return new UserDelivery.Result(outcome, id, false);
    }

    private UserDelivery.Result delete(GroupSnapshot g) throws IOException {
        String path = "/Groups/" + enc(g.remoteId());
        TargetHttp.Reply r = calls.send("DELETE", path, null);
        return r.ok() || r.status() == 404 ? UserDelivery.Result.unlinked()
                : UserDelivery.Result.of(DeliveryOutcome.of("DELETE " + path, r));
    }

    private TargetHttp.Reply lookup(String displayName) throws IOException {
        return calls.send("GET", "/Groups?filter=" + enc(ScimGroupMapping.displayNameFilter(displayName))
                + "&startIndex=1&count=2&" + MEMBERS_ATTRIBUTES, null);
    }

    private static JsonNode first(JsonNode list) {
        JsonNode first = list.path("Resources").path(0);
        return first.hasNonNull("id") ? first : null;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
