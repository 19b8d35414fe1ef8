package io.kcprovisioning.members;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcprovisioning.policy.MemberState;
import io.kcprovisioning.store.jpa.MemberEntity;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemberRowsTest {

    private final MemberEntity row = MemberRows.newRow("realm", "user", 100);

    private void record(MemberState state, long now) {
        MemberRows.record(row, state, "user", "standard", ProvisioningSource.JIT, "admitted", "why", List.of(), now);
    }

    @Test
    void aNewRowBelongsToItsUserAndHasNoStateYet() {
        assertThat(row.getId()).isNotBlank();
        assertThat(row.getRealmId()).isEqualTo("realm");
        assertThat(row.getUserId()).isEqualTo("user");
        assertThat(row.getCreatedAt()).isEqualTo(100);
        assertThat(row.getState()).isNull();
    }

    @Test
    void aNewMemberIsInItsFirstStateFromItsFirstRecord() {
        record(MemberState.PENDING, 200);

        assertThat(row.getState()).isEqualTo(MemberState.PENDING);
        assertThat(row.getStateSince()).isEqualTo(200);
        assertThat(row.getUpdatedAt()).isEqualTo(200);
    }

    @Test
    void stateSinceStaysWhileTheStateStays() {
        record(MemberState.PENDING, 200);
        record(MemberState.PENDING, 300);

        assertThat(row.getStateSince()).isEqualTo(200);
        assertThat(row.getUpdatedAt()).isEqualTo(300);
    }

    @Test
    void stateSinceMovesWhenTheStateChanges() {
        record(MemberState.PENDING, 200);
        record(MemberState.ACTIVE, 300);

        assertThat(row.getStateSince()).isEqualTo(300);
    }

    @Test
    void recordsRoleTierSourceAndReason() {
        MemberRows.record(row, MemberState.ACTIVE, "admin", "premium", ProvisioningSource.SCIM, "admitted",
                "Role Admin", List.of(), 200);

        assertThat(row.getRoleKey()).isEqualTo("admin");
        assertThat(row.getTierKey()).isEqualTo("premium");
        assertThat(row.getSource()).isEqualTo("scim");
        assertThat(row.getReasonCode()).isEqualTo("admitted");
        assertThat(row.getReason()).isEqualTo("Role Admin");
    }

    @Test
    void aReasonIsCutToItsColumn() {
        MemberRows.record(row, MemberState.ACTIVE, null, null, ProvisioningSource.SYNC, "x", "a".repeat(2500),
                List.of(), 200);

        assertThat(row.getReason()).hasSize(MemberRows.MAX_REASON);
    }

    @Test
    void groupsAreStoredSortedWithoutDuplicatesAndAtMostFiveHundred() {
        MemberRows.record(row, MemberState.ACTIVE, null, null, ProvisioningSource.JIT, "x", null,
                List.of("b", "a", "b"), 200);
        assertThat(row.getIdpGroups()).containsExactly("a", "b");

        List<String> many = IntStream.range(0, 700).mapToObj(i -> String.format("g%04d", i)).toList();
        MemberRows.record(row, MemberState.ACTIVE, null, null, ProvisioningSource.JIT, "x", null, many, 300);
        assertThat(row.getIdpGroups()).hasSize(MemberRows.MAX_GROUPS_STORED).first().isEqualTo("g0000");
    }
}
