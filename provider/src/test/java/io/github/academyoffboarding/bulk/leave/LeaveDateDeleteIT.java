package io.github.academyoffboarding.bulk.leave;

import static io.github.academyoffboarding.bulk.leave.LeaveDateSweepIT.enabled;
import static io.github.academyoffboarding.bulk.leave.LeaveDateSweepIT.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sweep with {@code leave-date-action=DELETE}: users whose date has ended are deactivated and
 * pending deletion through the restore window (20 seconds here), then deleted; a user restored
 * meanwhile stays, and is not acted on again for the same date. On the shared test Keycloak, as
 * {@link LeaveDateSweepIT}: the realm's own attributes say DELETE and the window.
 */
@ExtendWith(KeycloakServerExtension.class)
class LeaveDateDeleteIT {

  private static final Duration WINDOW = Duration.ofSeconds(20);
  private static final Duration WAIT = Duration.ofMinutes(1);

  @Test
  void endedDatesArePendingDeletionThroughTheWindowAndARestoreHolds(KeycloakServer kc) {
    try (TestRealm realm = TestRealm.create(kc)) {
      LeaveDateSweepIT.sweep(
          realm,
          Map.of(
              "academy.leave-date-action", "DELETE", "academy.restore-window", WINDOW.toString()));
      BulkFlow flow = new BulkFlow(kc, realm);
      AdminClient admin = realm.admin();
      LeaveDateSweepIT.allowAttribute(realm);
      String yesterday = LocalDate.now().minusDays(1).toString();
      String leaver = user(realm, "ld-leaver", null);
      String keeper = user(realm, "ld-keeper", null);
      String later = user(realm, "ld-later", null);
      // As a sync writes them (the sweep may see them in one run or two).
      LeaveDateSweepIT.setLeaveDate(realm, leaver, yesterday);
      LeaveDateSweepIT.setLeaveDate(realm, keeper, yesterday);
      LeaveDateSweepIT.setLeaveDate(realm, later, LocalDate.now().plusDays(1).toString());

      BulkFlow.await(
          () -> !enabled(realm, leaver) && !enabled(realm, keeper) ? true : null,
          WAIT,
          "the leavers to be deactivated");
      List<JsonNode> imports = attributeImports(realm, admin);
      assertThat(imports).hasSizeBetween(1, 2);
      Map<String, String> importOf = new HashMap<>();
      for (JsonNode found : imports) {
        String id = found.get("id").asText();
        JsonNode imp = flow.awaitStatus(id, "SCHEDULED", WAIT);
        assertThat(imp.get("action").asText()).isEqualTo("DELETE");
        assertThat(imp.get("deleteAfter").asText()).isEqualTo("PT20S");
        for (JsonNode row : flow.rows(id)) {
          assertThat(importOf.put(row.get("userId").asText(), id)).isNull(); // once each
        }
      }
      assertThat(importOf.keySet()).containsExactlyInAnyOrder(leaver, keeper);
      JsonNode pending = admin.get(realm.path("/bulk-users/pending-deletions")).json();
      List<String> pendingIds = new ArrayList<>();
      pending.forEach(p -> pendingIds.add(p.get("userId").asText()));
      assertThat(pendingIds).containsExactlyInAnyOrder(leaver, keeper);

      // The admin restores one of them: enabled again, and left alone for this date.
      flow.restore(admin, importOf.get(keeper), Map.of("userIds", List.of(keeper)), WAIT);
      assertThat(enabled(realm, keeper)).isTrue();
      String importId = importOf.get(leaver);

      // The window ends: the other one is deleted, the import completes.
      JsonNode done = flow.awaitStatus(importId, "COMPLETED", WINDOW.plus(WAIT));
      assertThat(done.at("/outcomes/DELETED").asLong()).isEqualTo(1);
      assertThat(realm.master().get(realm.path("/users/" + leaver)).status()).isEqualTo(404);
      BulkFlow.sleep(3_000);
      assertThat(enabled(realm, keeper)).isTrue();
      assertThat(enabled(realm, later)).isTrue();
      assertThat(attributeImports(realm, admin)).hasSize(imports.size());
      // The deleted user's date went with it; the restored one's stays, so it is not acted on.
      assertThat(
              kc.database()
                  .count("select count(*) from ACADEMY_LEAVE_DATE where USER_ID = ?", leaver))
          .isZero();
      assertThat(
              kc.database()
                  .count("select count(*) from ACADEMY_LEAVE_DATE where USER_ID = ?", keeper))
          .isEqualTo(1);
    }
  }

  private static List<JsonNode> attributeImports(TestRealm realm, AdminClient admin) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode imp : admin.get(realm.path("/bulk-users/imports?max=500")).json()) {
      if ("ATTRIBUTE".equals(imp.path("origin").asText())) {
        found.add(imp);
      }
    }
    return found;
  }
}
