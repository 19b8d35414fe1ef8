package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DeliveryOutcomeTest {

    @ParameterizedTest
    @CsvSource({"200,DELIVERED", "201,DELIVERED", "204,DELIVERED", "408,RETRY", "429,RETRY", "500,RETRY",
            "502,RETRY", "503,RETRY", "400,DEAD", "401,DEAD", "403,DEAD", "404,DEAD", "409,DEAD", "422,DEAD",
            "301,DEAD"})
    void classifiesStatuses(int status, DeliveryOutcome.Kind kind) {
        assertThat(DeliveryOutcome.classify(status)).isEqualTo(kind);
    }

    @Test
    void deadLetterKeepsTheTargetsAnswer() {
        DeliveryOutcome o = DeliveryOutcome.of("POST /Users", new TargetHttp.Reply(400,
                "{\"detail\":\"userName\\nis invalid\"}", null));
        assertThat(o.kind()).isEqualTo(DeliveryOutcome.Kind.DEAD);
        assertThat(o.error()).isEqualTo("POST /Users: 400 {\"detail\":\"userName\\nis invalid\"}");
    }

    @Test
    void retryHonoursRetryAfter() {
        DeliveryOutcome o = DeliveryOutcome.of("PUT /Users/1", new TargetHttp.Reply(429, "", 7L));
        assertThat(o.kind()).isEqualTo(DeliveryOutcome.Kind.RETRY);
        assertThat(o.retryAfterMillis()).isEqualTo(7000);
        assertThat(DeliveryOutcome.of("x", new TargetHttp.Reply(400, "", 7L)).retryAfterMillis()).isEqualTo(-1);
    }

    @Test
    void readsRetryAfterAsSecondsOrHttpDate() {
        long now = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
        assertThat(DeliveryOutcome.retryAfterSeconds("120", now)).isEqualTo(120);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.parse("2026-12-01T10:00:30Z")
                .atZone(ZoneOffset.UTC));
        assertThat(DeliveryOutcome.retryAfterSeconds(date, now)).isEqualTo(30);
        assertThat(DeliveryOutcome.retryAfterSeconds("soon", now)).isNull();
        assertThat(DeliveryOutcome.retryAfterSeconds("-5", now)).isNull();
        assertThat(DeliveryOutcome.retryAfterSeconds("999999999", now)).isEqualTo(86400);
    }

    @Test
    void cutsLongErrors() {
        String error = DeliveryOutcome.dead("x".repeat(5000)).error();
        assertThat(error).hasSize(DeliveryOutcome.MAX_ERROR);
    }
}
