package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserDeliveryTest {

    private static final String EMPTY_LIST = "{\"totalResults\":0,\"Resources\":[]}";

    /** A scripted target: answers in order, records the calls. */
    private static final class Script implements ScimCalls {
        final Deque<Object> answers = new ArrayDeque<>();
        final List<String> calls = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();

        Script answer(int status, String body) {
            answers.add(new TargetHttp.Reply(status, body, null));
            return this;
        }

        Script fail(IOException e) {
            answers.add(e);
            return this;
        }

        @Override
        public TargetHttp.Reply send(String method, String path, String body) throws IOException {
            calls.add(method + " " + path);
            bodies.add(body);
            Object next = answers.poll();
            if (next instanceof IOException e) {
                throw e;
            }
            return (TargetHttp.Reply) next;
        }
    }

    private static TargetSettings target(TargetSettings.Deprovision deprovision) {
        return new TargetSettings("t1", "app", true, "https://app.example.com/scim",
                new TargetSettings.Auth(TargetSettings.AuthType.BEARER, null, null, null, null, null),
                TargetSettings.Scope.all(), false, deprovision, 0, Set.of());
    }

    private static UserSnapshot member(String remoteId) {
        return new UserSnapshot("u1", true, true, "ada@example.test", "Ada", "Lovelace", "ada@example.test", true,
                "admin", "Admin", "premium", "Premium", remoteId, null);
    }

    private static final TargetCapabilities PATCH = new TargetCapabilities(true, false, 0, false, true, 0, false);

    private static UserDelivery.Result deliver(Script s, TargetCapabilities caps, UserSnapshot u,
            TargetSettings.Deprovision d) {
        return new UserDelivery(s, caps, target(d)).deliver(u);
    }

    @Test
    void createsAfterLookingUpByUserName() {
        Script s = new Script().answer(200, EMPTY_LIST).answer(201, "{\"id\":\"r9\"}");
        UserDelivery.Result r = deliver(s, PATCH, member(null), TargetSettings.Deprovision.DEACTIVATE);
        assertThat(r.outcome().kind()).isEqualTo(DeliveryOutcome.Kind.DELIVERED);
        assertThat(r.linkTo()).isEqualTo("r9");
        assertThat(s.calls).containsExactly(
                "GET /Users?filter=userName%20eq%20%22ada%40example.test%22&startIndex=1&count=2", "POST /Users");
        JsonNode body = ScimUserMapping.JSON.valueToTree(parse(s.bodies.get(1)));
        assertThat(body.get("roles").get(0).get("value").asText()).isEqualTo("admin");
        assertThat(body.get("entitlements").get(0).get("value").asText()).isEqualTo("premium");
        assertThat(body.get("externalId").asText()).isEqualTo("u1");
        assertThat(body.has("id")).isFalse();
    }

    @Test
    void adoptsAUserTheTargetAlreadyHas() {
        Script s = new Script().answer(200, "{\"Resources\":[{\"id\":\"r5\"}]}").answer(200, "{}");
        UserDelivery.Result r = deliver(s, PATCH, member(null), TargetSettings.Deprovision.DEACTIVATE);
        assertThat(r.linkTo()).isEqualTo("r5");
        assertThat(s.calls).containsExactly(s.calls.get(0), "PATCH /Users/r5");
    }

    @Test
    void adoptsOnConflictAfterARacingCreate() {
        Script s = new Script().answer(200, EMPTY_LIST).answer(409, "{}")
                .answer(200, "{\"Resources\":[{\"id\":\"r7\"}]}").answer(200, "{}");
        UserDelivery.Result r = deliver(s, PATCH, member(null), TargetSettings.Deprovision.DEACTIVATE);
        assertThat(r.linkTo()).isEqualTo("r7");
        assertThat(s.calls.get(3)).isEqualTo("PATCH /Users/r7");
    }

    @Test
    void aUserAFullPushFoundAbsentIsCreatedWithoutALookup() {
        Script s = new Script().answer(201, "{\"id\":\"r9\"}");
        UserDelivery.Result r = new UserDelivery(s, PATCH, target(TargetSettings.Deprovision.DEACTIVATE))
                .deliver(member(null), true);
        assertThat(r.linkTo()).isEqualTo("r9");
        assertThat(s.calls).containsExactly("POST /Users");
    }

    @Test
    void aUserMadeAtTheTargetSinceTheListingIsAdoptedOnConflict() {
        Script s = new Script().answer(409, "{}").answer(200, "{\"Resources\":[{\"id\":\"r7\"}]}")
                .answer(200, "{}");
        UserDelivery.Result r = new UserDelivery(s, PATCH, target(TargetSettings.Deprovision.DEACTIVATE))
                .deliver(member(null), true);
        assertThat(r.linkTo()).isEqualTo("r7");
        assertThat(s.calls).containsExactly("POST /Users", s.calls.get(1), "PATCH /Users/r7");
        assertThat(s.calls.get(1)).startsWith("GET /Users?filter=userName");
    }

    @Test
    void aStaleLinkIsLookedUpAgainWhateverTheListingSaid() {
        Script s = new Script().answer(404, "{}").answer(200, "{\"Resources\":[{\"id\":\"r8\"}]}")
                .answer(200, "{}");
        UserDelivery.Result r = new UserDelivery(s, PATCH, target(TargetSettings.Deprovision.DEACTIVATE))
                .deliver(member("gone"), true);
        assertThat(r.linkTo()).isEqualTo("r8");
        assertThat(s.calls.get(1)).startsWith("GET /Users?filter=userName");
    }

    @Test
    void staleLinkIsCreatedAgain() {
        Script s = new Script().answer(404, "{}").answer(200, EMPTY_LIST).answer(201, "{\"id\":\"new\"}");
        UserDelivery.Result r = deliver(s, PATCH, member("gone"), TargetSettings.Deprovision.DEACTIVATE);
        assertThat(r.linkTo()).isEqualTo("new");
        assertThat(s.calls.get(0)).isEqualTo("PATCH /Users/gone");
    }

    @Test
    void putsWhenTheTargetHasNoPatch() {
        Script s = new Script().answer(200, "{}");
        deliver(s, TargetCapabilities.MINIMAL, member("r1"), TargetSettings.Deprovision.DEACTIVATE);
        assertThat(s.calls).containsExactly("PUT /Users/r1");
        assertThat(s.bodies.get(0)).contains("\"id\":\"r1\"");
    }

    @Test
    void putsToClearTheRoleEvenWithPatch() {
        UserSnapshot noRole = new UserSnapshot("u1", true, true, "ada", null, null, "a@x.test", true, null, null,
                "premium", null, "r1", null);
        Script s = new Script().answer(200, "{}");
        deliver(s, PATCH, noRole, TargetSettings.Deprovision.DEACTIVATE);
        assertThat(s.calls).containsExactly("PUT /Users/r1");
        assertThat(s.bodies.get(0)).contains("\"roles\":[]");
    }

    @Test
    void deprovisionedMemberIsDeactivatedOrDeleted() {
        UserSnapshot gone = new UserSnapshot("u1", false, false, "ada", null, null, null, false, null, null, null,
                null, "r1", "ada");
        Script deactivate = new Script().answer(200, "{}");
        assertThat(deliver(deactivate, PATCH, gone, TargetSettings.Deprovision.DEACTIVATE).linkTo()).isEqualTo("r1");
        assertThat(deactivate.calls).containsExactly("PATCH /Users/r1");
        assertThat(deactivate.bodies.get(0)).contains("\"active\":false");
        Script delete = new Script().answer(204, null);
        assertThat(deliver(delete, PATCH, gone, TargetSettings.Deprovision.DELETE).unlink()).isTrue();
        assertThat(delete.calls).containsExactly("DELETE /Users/r1");
        Script alreadyGone = new Script().answer(404, "{}");
        assertThat(deliver(alreadyGone, PATCH, gone, TargetSettings.Deprovision.DELETE).outcome().kind())
                .isEqualTo(DeliveryOutcome.Kind.DELIVERED);
    }

    @Test
    void deactivatesWithGetAndPutWithoutPatch() {
        UserSnapshot gone = new UserSnapshot("u1", false, false, "ada", null, null, null, false, null, null, null,
                null, "r1", "ada");
        Script s = new Script().answer(200, "{\"id\":\"r1\",\"userName\":\"ada\",\"active\":true,\"meta\":{}}")
                .answer(200, "{}");
        deliver(s, TargetCapabilities.MINIMAL, gone, TargetSettings.Deprovision.DEACTIVATE);
        assertThat(s.calls).containsExactly("GET /Users/r1", "PUT /Users/r1");
        assertThat(s.bodies.get(1)).contains("\"active\":false").doesNotContain("meta");
    }

    @Test
    void neverPushedAndOutOfScopeSendsNothing() {
        UserSnapshot outside = new UserSnapshot("u1", true, false, "ada", null, null, null, true, null, null, null,
                null, null, null);
        Script s = new Script();
        assertThat(deliver(s, PATCH, outside, TargetSettings.Deprovision.DELETE).outcome().kind())
                .isEqualTo(DeliveryOutcome.Kind.DELIVERED);
        assertThat(s.calls).isEmpty();
    }

    @Test
    void networkErrorIsRetriedAndRefusalIsDead() {
        Script down = new Script().fail(new ConnectException("Connection refused"));
        UserDelivery.Result retry = deliver(down, PATCH, member(null), TargetSettings.Deprovision.DEACTIVATE);
        assertThat(retry.outcome().kind()).isEqualTo(DeliveryOutcome.Kind.RETRY);
        assertThat(retry.outcome().error()).contains("ConnectException");
        Script refusing = new Script().answer(200, EMPTY_LIST).answer(400, "{\"detail\":\"bad email\"}");
        UserDelivery.Result dead = deliver(refusing, PATCH, member(null), TargetSettings.Deprovision.DEACTIVATE);
        assertThat(dead.outcome().kind()).isEqualTo(DeliveryOutcome.Kind.DEAD);
        assertThat(dead.outcome().error()).isEqualTo("POST /Users: 400 {\"detail\":\"bad email\"}");
        assertThat(dead.linkTo()).isNull();
    }

    @Test
    void escapesQuotesInTheUserNameFilter() {
        assertThat(ScimUserMapping.userNameFilter("a\"b\\c")).isEqualTo("userName eq \"a\\\"b\\\\c\"");
    }

    private static Object parse(String json) {
        try {
            return ScimUserMapping.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
