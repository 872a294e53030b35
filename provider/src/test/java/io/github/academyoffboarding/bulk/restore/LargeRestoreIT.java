package io.github.academyoffboarding.bulk.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.benchmark.BulkBenchmark;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The day the restore window exists for: a DELETE of 20,000 learners (with their academy data)
 * committed through a one-day window, then the import's Restore, as the Bulk imports tab calls it.
 * The call answers at once (202) and the engine restores in batches; every user ends enabled with
 * its data, none pending, the import COMPLETED with every row RESTORED. Prints the schedule's and
 * the restore's times side by side (docs/benchmarks.md); sets no timing threshold. {@code
 * -Drestore.size=N} changes the size.
 */
// Alone: it restores 20,000 users and prints the throughput.
@Isolated
@ExtendWith(KeycloakServerExtension.class)
class LargeRestoreIT {

  private static final int SIZE = Integer.getInteger("restore.size", 20_000);

  @Test
  void twentyThousandUsersScheduledAndRestored(KeycloakServer kc) {
    try (TestRealm realm = TestRealm.create(kc)) {
      long t0 = System.nanoTime();
      List<String[]> users = new BulkBenchmark(kc, 10).seed(realm, "lr", SIZE, true);
      double seeding = seconds(t0);
      Supplier<AdminClient> admin = fresh(realm);

      // Scheduled: preview, then commit with a one-day window until SCHEDULED.
      TestResponse created =
          admin
              .get()
              .postMultipart(
                  realm.path("/bulk-users/imports"),
                  Map.of("action", "DELETE", "deleteAfter", "P1D"),
                  "file",
                  "leavers.xlsx",
                  BulkBenchmark.xlsx(users),
                  BulkBenchmark.XLSX);
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      assertThat(created.json().at("/summary/toProcess").asInt()).isEqualTo(SIZE);
      String id = created.json().get("id").asText();
      t0 = System.nanoTime();
      TestResponse committed =
          admin.get().post(realm.path("/bulk-users/imports/" + id + "/commit"), null);
      assertThat(committed.status()).as(committed.toString()).isEqualTo(202);
      JsonNode scheduled =
          await(admin, realm, id, imp -> !imp.get("status").asText().equals("RUNNING"));
      double schedule = seconds(t0);
      assertThat(scheduled.get("status").asText()).isEqualTo("SCHEDULED");
      assertThat(scheduled.get("pendingDeletions").asInt()).isEqualTo(SIZE);
      assertThat(disabled(kc, realm)).isEqualTo(SIZE);

      // Restored: the call answers at once; the engine goes on, with progress on the import.
      t0 = System.nanoTime();
      TestResponse asked =
          admin.get().post(realm.path("/bulk-users/imports/" + id + "/restore"), null);
      double answer = seconds(t0);
      assertThat(asked.status()).as(asked.toString()).isEqualTo(202);
      assertThat(asked.json().get("asked").asInt()).isEqualTo(SIZE);
      String restoreId = asked.json().get("id").asText();
      int[] progressSeen = {0};
      JsonNode done =
          await(
              admin,
              realm,
              id,
              imp -> {
                JsonNode r = imp.get("restore");
                int restored = r == null ? 0 : r.get("restored").asInt();
                if (restored > 0 && restored < SIZE) {
                  progressSeen[0]++;
                }
                return r != null && r.get("done").asBoolean();
              });
      double restore = seconds(t0);
      JsonNode call =
          admin
              .get()
              .get(realm.path("/bulk-users/imports/" + id + "/restores/" + restoreId))
              .json();
      assertThat(call.get("restored").asInt()).isEqualTo(SIZE);
      assertThat(call.get("notPending").asInt()).isZero();
      assertThat(call.get("notAllowed").asInt()).isZero();
      assertThat(call.get("failed").asInt()).isZero();
      assertThat(done.at("/restore/restored").asInt()).isEqualTo(SIZE);

      JsonNode ended =
          await(admin, realm, id, imp -> imp.get("status").asText().equals("COMPLETED"));
      assertThat(ended.get("pendingDeletions").asInt()).isZero();
      assertThat(ended.at("/outcomes/RESTORED").asInt()).isEqualTo(SIZE);
      assertThat(disabled(kc, realm)).as("users left disabled").isZero();
      assertThat(
              kc.database()
                  .count(
                      "select count(*) from ACADEMY_PENDING_DELETION where REALM_ID = ?",
                      realm.id()))
          .isZero();
      assertThat(
              kc.database()
                  .count(
                      "select count(*) from ACADEMY_LEARNING_RECORD l join USER_ENTITY u on"
                          + " u.ID = l.USER_ID where u.REALM_ID = ?",
                      realm.id()))
          .as("learning records kept")
          .isEqualTo(2L * SIZE);

      // Twice is harmless: nothing left to restore.
      TestResponse again =
          admin.get().post(realm.path("/bulk-users/imports/" + id + "/restore"), null);
      assertThat(again.status()).isEqualTo(202);
      assertThat(again.json().get("done").asBoolean()).isTrue();
      assertThat(again.json().get("restored").asInt()).isZero();

      System.out.printf(
          "%n=== restore at full size, database %s ===%nseeding %,d users: %.1f s%n"
              + "schedule (commit until SCHEDULED): %8.2f s  %8.1f users/s%n"
              + "restore  (202 in %.2f s; until done): %8.2f s  %8.1f users/s;"
              + " restore / schedule %.2fx; progress seen %d times%n",
          kc.database().kind(),
          SIZE,
          seeding,
          schedule,
          SIZE / schedule,
          answer,
          restore,
          SIZE / restore,
          restore / schedule,
          progressSeen[0]);
    }
  }

  /** Users of the realm that are disabled (the seeded template is enabled). */
  private static long disabled(KeycloakServer kc, TestRealm realm) {
    return kc.database()
        .count(
            "select count(*) from USER_ENTITY where REALM_ID = ? and ENABLED = ?",
            realm.id(),
            false);
  }

  /** The realm's admin, logged in again every 30 s: a job outlasts an access token. */
  private static Supplier<AdminClient> fresh(TestRealm realm) {
    AdminClient[] client = {null};
    long[] at = {0};
    return () -> {
      if (client[0] == null || System.nanoTime() - at[0] > 30_000_000_000L) {
        client[0] = realm.admin();
        at[0] = System.nanoTime();
      }
      return client[0];
    };
  }

  private static JsonNode await(
      Supplier<AdminClient> admin,
      TestRealm realm,
      String id,
      java.util.function.Predicate<JsonNode> until) {
    return BulkFlow.await(
        () -> {
          TestResponse r = admin.get().get(realm.path("/bulk-users/imports/" + id));
          assertThat(r.status()).as(r.toString()).isEqualTo(200);
          return until.test(r.json()) ? r.json() : null;
        },
        Duration.ofMinutes(15),
        "import " + id);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
