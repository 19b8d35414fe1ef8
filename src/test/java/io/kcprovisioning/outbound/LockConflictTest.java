package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PessimisticLockException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class LockConflictTest {

    @Test
    void deadlocksAndLockTimeoutsAreRetriedOtherFailuresAreNot() {
        assertThat(OutboundDelivery.isLockConflict(new RuntimeException(new PessimisticLockException("deadlock"))))
                .isTrue();
        assertThat(OutboundDelivery.isLockConflict(new IllegalStateException("x",
                new SQLException("Deadlock detected", "40001")))).isTrue();
        assertThat(OutboundDelivery.isLockConflict(new RuntimeException(new SQLException("deadlock", "40P01"))))
                .isTrue();
        assertThat(OutboundDelivery.isLockConflict(new RuntimeException(new SQLException("no table", "42S02"))))
                .isFalse();
        assertThat(OutboundDelivery.isLockConflict(new IllegalArgumentException("bad"))).isFalse();
    }
}
