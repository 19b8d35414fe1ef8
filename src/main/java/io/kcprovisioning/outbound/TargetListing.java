package io.kcprovisioning.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The users a target holds, by userName, read page by page for a full push ({@code GET /Users?attributes=userName}):
 * a member found there is linked to its user (adopted) at once, one not found is created without a lookup by
 * userName first. Empty when the target does not answer the listing (refused, {@code tooMany}, unreachable) or
 * holds more than {@link #MAX_USERS}: then every member is looked up as it is sent.
 */
final class TargetListing {

    static final int PAGE = 500;
    static final int MAX_USERS = 200_000;

    private TargetListing() {
    }

    /** Lowercased userName to the target's id for it, or empty when the target cannot be listed. */
    static Optional<Map<String, String>> userNames(ScimCalls calls) {
        Map<String, String> ids = new HashMap<>();
        long startIndex = 1;
        while (true) {
            TargetHttp.Reply page;
            try {
                page = calls.send("GET", "/Users?attributes=userName&startIndex=" + startIndex + "&count=" + PAGE,
                        null);
            } catch (IOException e) {
                return Optional.empty();
            }
            if (!page.ok()) {
                return Optional.empty();
            }
            JsonNode body = page.json();
            JsonNode resources = body.path("Resources");
            int before = ids.size();
            for (JsonNode user : resources) {
                String userName = user.path("userName").asText(null);
                String id = user.path("id").asText(null);
                if (userName == null || id == null) {
                    return Optional.empty(); // not the answer of a listing this can rely on
                }
                ids.putIfAbsent(userName.toLowerCase(Locale.ROOT), id);
            }
            long seen = startIndex - 1 + resources.size();
            long total = body.path("totalResults").asLong(seen);
            if (resources.isEmpty() || seen >= total && resources.size() < PAGE) {
                return Optional.of(ids);
            }
            if (ids.size() > MAX_USERS || ids.size() == before) {
                return Optional.empty(); // too many, or a page with nobody new: the paging is not one to rely on
            }
            startIndex = seen + 1;
        }
    }
}
