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

class GroupDeliveryTest {

    private static final String EMPTY_LIST = "{\"totalResults\":0,\"Resources\":[]}";
    private static final TargetCapabilities PATCH = new TargetCapabilities(true, false, 0, false, true, 0, false);
    private static final TargetCapabilities NO_PATCH = TargetCapabilities.MINIMAL;

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

        JsonNode body(int i) throws IOException {
            return ScimUserMapping.JSON.readTree(bodies.get(i));
        }
    }

    private static TargetSettings target(String... quirks) {
        return new TargetSettings("t1", "app", true, "https://app.example.com/scim",
                new TargetSettings.Auth(TargetSettings.AuthType.BEARER, null, null, null, null, null),
                TargetSettings.Scope.all(), true, TargetSettings.Deprovision.DEACTIVATE, 0, Set.of(quirks));
    }

    private static GroupSnapshot group(String remoteId, String... members) {
        return new GroupSnapshot("g-res", "acme-owners", remoteId, List.of(members), 0);
    }

    private static String held(String id, String... members) {
        StringBuilder b = new StringBuilder("{\"id\":\"" + id + "\",\"displayName\":\"acme-owners\",\"members\":[");
        for (int i = 0; i < members.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"value\":\"").append(members[i]).append("\"}");
        }
        return b.append("]}").toString();
    }

    private static UserDelivery.Result deliver(Script s, TargetCapabilities caps, TargetSettings t, GroupSnapshot g) {
        return new GroupDelivery(s, caps, t).deliver(g);
    }

    @Test
    void createsWithoutMembersThenAddsThemInOnePatch() throws IOException {
        Script s = new Script().answer(200, EMPTY_LIST).answer(201, "{\"id\":\"g9\",\"displayName\":\"acme-owners\"}")
                .answer(200, "{}");
        UserDelivery.Result r = deliver(s, PATCH, target(), group(null, "u1", "u2"));
        assertThat(r.outcome().kind()).isEqualTo(DeliveryOutcome.Kind.DELIVERED);
        assertThat(r.linkTo()).isEqualTo("g9");
        assertThat(s.calls).containsExactly(
                "GET /Groups?filter=displayName%20eq%20%22acme-owners%22&startIndex=1&count=2&"
                        + GroupDelivery.MEMBERS_ATTRIBUTES,
                "POST /Groups", "PATCH /Groups/g9");
        assertThat(s.body(1).has("members")).isFalse();
        assertThat(s.body(1).get("displayName").asText()).isEqualTo("acme-owners");
        JsonNode ops = s.body(2).get("Operations");
        assertThat(ops).hasSize(1);
        assertThat(ops.get(0).get("op").asText()).isEqualTo("add");
        assertThat(ops.get(0).get("path").asText()).isEqualTo("members");
        assertThat(ops.get(0).get("value").findValuesAsText("value")).containsExactly("u1", "u2");
    }

    @Test
    void linkedGroupGetsOnlyTheDifference() throws IOException {
        Script s = new Script().answer(200, held("g1", "u1", "gone")).answer(204, null);
        UserDelivery.Result r = deliver(s, PATCH, target(), group("g1", "u1", "u3"));
        assertThat(r.linkTo()).isEqualTo("g1");
        assertThat(s.calls).containsExactly("GET /Groups/g1?" + GroupDelivery.MEMBERS_ATTRIBUTES,
                "PATCH /Groups/g1");
        JsonNode ops = s.body(1).get("Operations");
        assertThat(ops.get(0).get("op").asText()).isEqualTo("add");
        assertThat(ops.get(0).get("value").findValuesAsText("value")).containsExactly("u3");
        assertThat(ops.get(1).get("op").asText()).isEqualTo("remove");
        assertThat(ops.get(1).get("path").asText()).isEqualTo("members[value eq \"gone\"]");
    }

    @Test
    void nothingIsSentWhenTheMembersAlreadyMatch() {
        Script s = new Script().answer(200, held("g1", "u1"));
        UserDelivery.Result r = deliver(s, PATCH, target(), group("g1", "u1"));
        assertThat(r.outcome().kind()).isEqualTo(DeliveryOutcome.Kind.DELIVERED);
        assertThat(s.calls).hasSize(1);
    }

    @Test
    void singlePatchQuirkSendsOneOperationPerMember() throws IOException {
        Script s = new Script().answer(200, held("g1", "old1", "old2")).answer(204, null).answer(204, null)
                .answer(204, null).answer(204, null);
        UserDelivery.Result r = deliver(s, PATCH, target("membership-by-single-patch"), group("g1", "n1", "n2"));
        assertThat(r.outcome().kind()).isEqualTo(DeliveryOutcome.Kind.DELIVERED);
        assertThat(s.calls).containsExactly("GET /Groups/g1?" + GroupDelivery.MEMBERS_ATTRIBUTES,
                "PATCH /Groups/g1", "PATCH /Groups/g1", "PATCH /Groups/g1", "PATCH /Groups/g1");
        for (int i = 1; i <= 4; i++) {
            JsonNode ops = s.body(i).get("Operations");
            assertThat(ops).hasSize(1);
            assertThat(ops.get(0).path("value").size()).isLessThanOrEqualTo(1);
            assertThat(ops.get(0).get("op").asText()).isNotEqualTo("replace");
        }
        assertThat(s.body(1).get("Operations").get(0).get("value").get(0).get("value").asText()).isEqualTo("n1");
        assertThat(s.body(4).get("Operations").get(0).get("path").asText()).isEqualTo("members[value eq \"old2\"]");
    }

    @Test
    void withoutPatchTheWholeGroupIsPut() throws IOException {
        Script s = new Script().answer(200, held("g1", "u1")).answer(200, held("g1", "u1", "u2"));
        deliver(s, NO_PATCH, target(), group("g1", "u1", "u2"));
        assertThat(s.calls).containsExactly("GET /Groups/g1?" + GroupDelivery.MEMBERS_ATTRIBUTES, "PUT /Groups/g1");
        assertThat(s.body(1).get("id").asText()).isEqualTo("g1");
        assertThat(s.body(1).get("members").findValuesAsText("value")).containsExactly("u1", "u2");
    }

    @Test
    void adoptsTheGroupOfThatName() {
        Script s = new Script().answer(200, "{\"totalResults\":1,\"Resources\":[" + held("g7", "u1") + "]}");
        UserDelivery.Result r = deliver(s, PATCH, target(), group(null, "u1"));
        assertThat(r.linkTo()).isEqualTo("g7");
        assertThat(s.calls).hasSize(1);
    }

    @Test
    void staleLinkLooksUpAndCreatesAgain() {
        Script s = new Script().answer(404, "{}").answer(200, EMPTY_LIST).answer(201, "{\"id\":\"g2\"}");
        UserDelivery.Result r = deliver(s, PATCH, target(), group("g1"));
        assertThat(r.linkTo()).isEqualTo("g2");
        assertThat(s.calls).element(2).isEqualTo("POST /Groups");
    }

    @Test
    void groupNoLongerMappedIsDeleted() {
        Script s = new Script().answer(204, null);
        UserDelivery.Result r = deliver(s, PATCH, target(),
                new GroupSnapshot("g-res", null, "g1", List.of(), 0));
        assertThat(r.unlink()).isTrue();
        assertThat(s.calls).containsExactly("DELETE /Groups/g1");
    }

    @Test
    void groupNeverPushedAndNoLongerMappedSendsNothing() {
        Script s = new Script();
        UserDelivery.Result r = deliver(s, PATCH, target(), new GroupSnapshot("g-res", null, null, List.of(), 0));
        assertThat(r.outcome().kind()).isEqualTo(DeliveryOutcome.Kind.DELIVERED);
        assertThat(s.calls).isEmpty();
    }

    @Test
    void refusedMembershipChangeIsADeadLetterKeepingTheLink() {
        Script s = new Script().answer(200, held("g1")).answer(400, "{\"detail\":\"no\"}");
        UserDelivery.Result r = deliver(s, PATCH, target(), group("g1", "u1"));
        assertThat(r.outcome().kind()).isEqualTo(DeliveryOutcome.Kind.DEAD);
        assertThat(r.outcome().error()).contains("400");
        assertThat(r.linkTo()).isEqualTo("g1");
    }

    @Test
    void unreadableGroupIsADeadLetterWithoutAnyChange() {
        Script s = new Script().answer(200, "{\"id\":\"g1\",\"members\":[{\"value\":\"u1\"},{\"val");
        UserDelivery.Result r = deliver(s, PATCH, target(), group("g1", "u2"));
        assertThat(r.outcome().kind()).isEqualTo(DeliveryOutcome.Kind.DEAD);
        assertThat(r.outcome().error()).contains("not a readable group");
        assertThat(s.calls).hasSize(1);
    }

    @Test
    void networkErrorIsRetried() {
        Script s = new Script().fail(new ConnectException("refused"));
        UserDelivery.Result r = deliver(s, PATCH, target(), group("g1", "u1"));
        assertThat(r.outcome().kind()).isEqualTo(DeliveryOutcome.Kind.RETRY);
    }
}
