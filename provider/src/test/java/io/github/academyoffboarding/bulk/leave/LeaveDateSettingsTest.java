package io.github.academyoffboarding.bulk.leave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.academyoffboarding.bulk.BulkAction;
import org.junit.jupiter.api.Test;

class LeaveDateSettingsTest {

  private static final LeaveDateSettings SERVER =
      new LeaveDateSettings("hrLeaveDate", BulkAction.DEACTIVATE);

  @Test
  void theServersOptionsAreCheckedAtStart() {
    assertThat(LeaveDateSettings.of(null, null)).isEqualTo(LeaveDateSettings.OFF);
    assertThat(LeaveDateSettings.of(" leaveDate ", "delete"))
        .isEqualTo(new LeaveDateSettings("leaveDate", BulkAction.DELETE));
    assertThatThrownBy(() -> LeaveDateSettings.of("leaveDate", "REACTIVATE"))
        .hasMessageContaining("leave-date-action");
    assertThatThrownBy(() -> LeaveDateSettings.of("a\nb", null))
        .hasMessageContaining("leave-date-attribute");
  }

  @Test
  void aRealmsAttributesOverrideTheServersOptions() {
    assertThat(LeaveDateSettings.forRealm("r", null, null, SERVER)).isEqualTo(SERVER);
    assertThat(LeaveDateSettings.forRealm("r", "leaveDate", "DELETE", SERVER))
        .isEqualTo(new LeaveDateSettings("leaveDate", BulkAction.DELETE));
    assertThat(LeaveDateSettings.forRealm("r", "leaveDate", null, LeaveDateSettings.OFF))
        .as("a realm turns the sweep on for itself")
        .isEqualTo(new LeaveDateSettings("leaveDate", BulkAction.DEACTIVATE));
    assertThat(LeaveDateSettings.forRealm("r", " ", "delete", SERVER))
        .isEqualTo(new LeaveDateSettings("hrLeaveDate", BulkAction.DELETE));
  }

  @Test
  void aBadRealmValueFallsBackToTheServers() {
    assertThat(LeaveDateSettings.forRealm("r", "x".repeat(300), "PURGE", SERVER)).isEqualTo(SERVER);
    assertThat(LeaveDateSettings.forRealm("r", null, "PURGE", LeaveDateSettings.OFF).on())
        .isFalse();
  }
}
