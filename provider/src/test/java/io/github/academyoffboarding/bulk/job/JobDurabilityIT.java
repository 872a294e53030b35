package io.github.academyoffboarding.bulk.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * At most once per user: two commit calls at the same moment, and a node killed in the middle of a
 * job.
 */
// Alone: it kills and restarts the shared Keycloak.
@Isolated
@ExtendWith(KeycloakServerExtension.class)
class JobDurabilityIT {

  private KeycloakServer kc;
  private TestRealm realm;
  private BulkFlow flow;

  @BeforeEach
  void setUp(KeycloakServer kc) {
    this.kc = kc;
    realm = TestRealm.create(kc);
    flow = new BulkFlow(kc, realm);
    flow.enableAdminEvents();
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void twoParallelCommitsRunTheJobOnce() throws Exception {
    int total = 300;
    List<String> ids = flow.createUsers("dbl", total);
    AdminClient admin = realm.admin();
    AdminClient other = realm.admin();
    String id = flow.preview(admin, "DEACTIVATE", BulkFlow.emails("dbl", total)).get("id").asText();

    CountDownLatch go = new CountDownLatch(1);
    Function<AdminClient, CompletableFuture<TestResponse>> commit =
        c ->
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return flow.commit(c, id);
                });
    CompletableFuture<TestResponse> first = commit.apply(admin);
    CompletableFuture<TestResponse> second = commit.apply(other);
    go.countDown();
    assertThat(first.get().status()).as(first.get().toString()).isEqualTo(202);
    assertThat(second.get().status()).as(second.get().toString()).isEqualTo(202);

    JsonNode done = flow.awaitEnd(id, Duration.ofMinutes(3));
    assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.at("/progress/processed").asInt()).isEqualTo(total);
    assertThat(done.at("/outcomes/DEACTIVATED").asLong()).isEqualTo(total);
    assertThat(flow.commit(admin, id).status())
        .as("a commit after the end is harmless too")
        .isEqualTo(202);

    assertUsersProcessedOnce(id, ids, "UPDATE");
    List<JsonNode> commits =
        flow.adminEvents("ACADEMY_BULK_IMPORT").stream()
            .filter(e -> e.get("operationType").asText().equals("ACTION"))
            .toList();
    assertThat(commits).as("one commit took effect").hasSize(1);
  }

  /**
   * SIGKILL of the only node in the middle of a delete job: after the restart the job resumes once
   * its lease has expired (the build sets a 10 s lease for the test server), completes, and no user
   * was processed twice.
   */
  @Test
  void aJobSurvivesAKilledNodeAndProcessesEveryUserOnce() {
    int total = 3000;
    List<String> ids = flow.createUsers("crash", total);
    AdminClient admin = realm.admin();
    for (int i = 0; i < total; i += 300) {
      flow.addAcademyData(admin, ids.get(i));
    }
    assertThat(flow.academyRowsOfRealm()).isEqualTo(20);
    String id = flow.preview(admin, "DELETE", BulkFlow.emails("crash", total)).get("id").asText();
    assertThat(flow.commit(admin, id).status()).isEqualTo(202);

    // Kill once some batches are done and many users are left.
    int before =
        BulkFlow.await(
            () -> {
              int processed = flow.get(id).at("/progress/processed").asInt();
              return processed >= 400 ? processed : null;
            },
            Duration.ofMinutes(2),
            "the job to get going");
    kc.kill();
    assertThat(before).as("killed before the end").isLessThan(total - 400);
    // (No database access while the node is down: the test JVM would become H2's server for the
    // file.)
    kc.start();

    JsonNode done = flow.awaitEnd(id, Duration.ofMinutes(4));
    assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.at("/progress/processed").asInt()).isEqualTo(total);
    assertThat(done.at("/progress/succeeded").asInt()).isEqualTo(total);
    assertThat(done.at("/outcomes/DELETED").asLong()).isEqualTo(total);
    // Claimed twice: at the commit, and again by the restarted node once the dead node's lease had
    // expired.
    assertThat(kc.log().split("claimed bulk import " + id, -1).length - 1)
        .isGreaterThanOrEqualTo(2);

    assertUsersProcessedOnce(id, ids, "DELETE");
    assertThat(realm.master().get(realm.path("/users/count")).text())
        .isEqualTo("1"); // the realm admin
    assertThat(flow.academyRowsOfRealm()).isZero();
  }

  /** Every user has exactly one row outcome and exactly one admin event of the operation. */
  private void assertUsersProcessedOnce(String importId, List<String> ids, String operation) {
    List<JsonNode> rows = flow.rows(importId);
    assertThat(rows).hasSize(ids.size());
    assertThat(rows).allSatisfy(r -> assertThat(r.hasNonNull("outcome")).isTrue());
    Map<String, Long> eventsPerUser =
        flow.adminEvents("USER").stream()
            .filter(e -> e.get("operationType").asText().equals(operation))
            .collect(
                Collectors.groupingBy(e -> e.get("resourcePath").asText(), Collectors.counting()));
    assertThat(eventsPerUser).hasSize(ids.size());
    assertThat(eventsPerUser.values()).allMatch(n -> n == 1);
    assertThat(eventsPerUser.keySet())
        .containsExactlyInAnyOrderElementsOf(ids.stream().map(u -> "users/" + u).toList());
  }
}
