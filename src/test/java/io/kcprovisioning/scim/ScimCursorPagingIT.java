package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcprovisioning.testing.DatabaseServer;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Cursor paging (RFC 9865): a walk misses nobody who existed throughout, whatever changes meanwhile. */
@Tag(DatabaseServer.TAG)
class ScimCursorPagingIT {

    @Test
    void aWalkDuringDeletesAndCreatesSeesEveryoneWhoStayedExactlyOnce() {
        ScimRealm realm = ScimRealm.create(TestKeycloak.admin(), "cursor");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(realm.createUser("{\"userName\":\"walk" + i + "@example.test\"}"));
        }
        Set<String> deleted = new HashSet<>();
        List<String> seen = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        while (cursor != null) {
            HttpResult page = realm.scim().get("/Users?count=4&cursor=" + ScimRealm.enc(cursor));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("Resources").forEach(u -> seen.add(u.get("id").asText()));
            JsonNode next = page.json().get("nextCursor");
            cursor = next == null ? null : next.asText();
            if (pages++ == 1) {
                for (String id : List.of(ids.get(0), ids.get(2), ids.get(12), ids.get(20), ids.get(29))) {
                    assertThat(realm.scim().delete("/Users/" + id).status()).isEqualTo(204);
                    deleted.add(id);
                }
                for (int i = 0; i < 5; i++) {
                    realm.createUser("{\"userName\":\"late" + i + "@example.test\"}");
                }
            }
        }

        Set<String> stayed = new LinkedHashSet<>(ids);
        stayed.removeAll(deleted);
        assertThat(seen).containsAll(stayed);
        assertThat(seen).doesNotHaveDuplicates();
    }

    @Test
    void aCursorThisServerDidNotGiveIs400() {
        ScimRealm realm = ScimRealm.create(TestKeycloak.admin(), "cursor-bad");

        HttpResult r = realm.scim().get("/Users?cursor=not-a-cursor");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("scimType").asText()).isEqualTo("invalidCursor");
    }

    @Test
    void cursorPagesHonourTheFilter() {
        ScimRealm realm = ScimRealm.create(TestKeycloak.admin(), "cursor-filter");
        realm.createUser("{\"userName\":\"keep1@example.test\"}");
        realm.createUser("{\"userName\":\"skip@example.test\"}");
        realm.createUser("{\"userName\":\"keep2@example.test\"}");

        HttpResult r = realm.scim().get("/Users?cursor=&count=10&filter=" + ScimRealm.enc("userName sw \"keep\""));

        assertThat(r.json().get("totalResults").asInt()).isEqualTo(2);
        assertThat(r.json().has("nextCursor")).isFalse();
    }
}
