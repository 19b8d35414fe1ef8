package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetListingTest {

    /** A target holding {@code n} users, answering pages of at most {@code cap}, or the same page whatever asked. */
    private static ScimCalls target(int n, int cap, boolean ignoresStartIndex, List<String> calls) {
        return (method, path, body) -> {
            calls.add(method + " " + path);
            long start = ignoresStartIndex ? 1 : Long.parseLong(path.replaceAll(".*startIndex=(\\d+).*", "$1"));
            StringBuilder page = new StringBuilder("{\"totalResults\":" + n + ",\"Resources\":[");
            for (long i = start; i < start + cap && i <= n; i++) {
                page.append(i > start ? "," : "").append("{\"id\":\"r").append(i).append("\",\"userName\":\"U")
                        .append(i).append("@Example.test\"}");
            }
            return new TargetHttp.Reply(200, page.append("]}").toString(), null);
        };
    }

    @Test
    void readsEveryPageByLowercasedUserName() {
        List<String> calls = new ArrayList<>();
        Map<String, String> users = TargetListing.userNames(target(1203, 500, false, calls)).orElseThrow();
        assertThat(users).hasSize(1203).containsEntry("u1@example.test", "r1").containsEntry("u1203@example.test",
                "r1203");
        assertThat(calls).containsExactly("GET /Users?attributes=userName&startIndex=1&count=500",
                "GET /Users?attributes=userName&startIndex=501&count=500",
                "GET /Users?attributes=userName&startIndex=1001&count=500");
    }

    @Test
    void followsATargetThatAnswersSmallerPagesThanAsked() {
        Map<String, String> users = TargetListing.userNames(target(250, 100, false, new ArrayList<>())).orElseThrow();
        assertThat(users).hasSize(250);
    }

    @Test
    void anEmptyTargetIsOneCall() {
        List<String> calls = new ArrayList<>();
        assertThat(TargetListing.userNames(target(0, 500, false, calls))).contains(Map.of());
        assertThat(calls).hasSize(1);
    }

    @Test
    void aTargetThatPagesWronglyOrRefusesIsNotReliedOn() {
        assertThat(TargetListing.userNames(target(1000, 100, true, new ArrayList<>()))).isEmpty();
        assertThat(TargetListing.userNames((m, p, b) -> new TargetHttp.Reply(400,
                "{\"scimType\":\"tooMany\"}", null))).isEmpty();
        assertThat(TargetListing.userNames((m, p, b) -> {
            throw new IOException("refused");
        })).isEqualTo(Optional.empty());
        assertThat(TargetListing.userNames((m, p, b) -> new TargetHttp.Reply(200,
                "{\"totalResults\":1,\"Resources\":[{\"id\":\"r1\"}]}", null))).isEmpty();
    }
}
