package io.github.academyoffboarding.bulk.leave;

import static io.github.academyoffboarding.bulk.leave.LeaveDateSweepIT.ATTRIBUTE;
import static io.github.academyoffboarding.bulk.leave.LeaveDateSweepIT.spi;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakCluster;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.TestRealm;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sweep on two nodes sharing one PostgreSQL database: each user due is in exactly one import.
 * The turn (one node per poll interval) is forced open throughout, so that both nodes sweep the
 * same users at the same time and only ACADEMY_LEAVE_DATE's primary key keeps them apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaveDateClusterIT {

  private static final int USERS = 2_500;

  private KeycloakCluster cluster;

  @BeforeAll
  void start() {
    assumeTrue(
        KeycloakCluster.supported(), "the cluster test needs PostgreSQL: run it with -Ppostgres");
    long started = System.nanoTime();
    cluster =
        KeycloakCluster.start(
            2, List.of(spi("leave-date-attribute", ATTRIBUTE), spi("poll-interval", 1)));
    System.out.printf(
        Locale.ROOT,
        "LeaveDateClusterIT: two nodes ready after %.1f s%n",
        (System.nanoTime() - started) / 1e9);
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void bothNodesSweepingAtOnceActOnEachUserOnce() throws Exception {
    KeycloakServer kc = cluster.node(0);
    try (TestRealm realm = TestRealm.create(kc)) {
      BulkFlow flow = new BulkFlow(kc, realm);
      AdminClient admin = realm.admin();
      List<String> ids = flow.createUsers("ldc", USERS);
      // Both nodes may take the turn at every tick while the users are swept.
      AtomicBoolean open = new AtomicBoolean(true);
      Thread opener =
          new Thread(
              () -> {
                while (open.get()) {
                  cluster.database().update("update ACADEMY_LEAVE_SWEEP set NEXT_RUN_AT = 0");
                  BulkFlow.sleep(100);
                }
              });
      opener.start();
      try {
        String yesterday = LocalDate.now().minusDays(1).toString();
        try (Connection c = cluster.database().connect()) {
          c.setAutoCommit(false);
          try (PreparedStatement insert =
              c.prepareStatement(
                  "insert into USER_ATTRIBUTE (ID, NAME, VALUE, USER_ID) values (?, ?, ?, ?)")) {
            for (String id : ids) {
              insert.setString(1, UUID.randomUUID().toString());
              insert.setString(2, ATTRIBUTE);
              insert.setString(3, yesterday);
              insert.setString(4, id);
              insert.addBatch();
            }
            insert.executeBatch();
          }
          c.commit();
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
        BulkFlow.await(
            () ->
                cluster
                            .database()
                            .count(
                                "select count(*) from ACADEMY_LEAVE_DATE where REALM_ID = ?",
                                realm.id())
                        == USERS
                    ? true
                    : null,
            Duration.ofMinutes(2),
            "every user's date to be acted on");
        BulkFlow.sleep(5_000); // more sweeps by both nodes: nothing new
      } finally {
        open.set(false);
        opener.join();
      }
      List<String> imports = new ArrayList<>();
      for (JsonNode imp : admin.get(realm.path("/bulk-users/imports?max=500")).json()) {
        if ("ATTRIBUTE".equals(imp.path("origin").asText())) {
          imports.add(imp.get("id").asText());
        }
      }
      List<String> acted = new ArrayList<>();
      long deactivated = 0;
      for (String id : imports) {
        JsonNode done = flow.awaitEnd(id, Duration.ofMinutes(5));
        deactivated += done.at("/outcomes/DEACTIVATED").asLong();
        flow.rows(id).forEach(r -> acted.add(r.get("userId").asText()));
      }
      Set<String> distinct = new HashSet<>(acted);
      System.out.printf(
          Locale.ROOT,
          "LeaveDateClusterIT: %d imports, %d rows, %d users; runs stopped by the other node's"
              + " keys: %d on node 0, %d on node 1%n",
          imports.size(),
          acted.size(),
          distinct.size(),
          stopped(cluster.node(0)),
          stopped(cluster.node(1)));
      assertThat(acted).hasSize(USERS);
      assertThat(distinct).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(deactivated).isEqualTo(USERS);
      assertThat(
              cluster
                  .database()
                  .count(
                      "select count(*) from USER_ENTITY where REALM_ID = ? and ENABLED = ?",
                      realm.id(),
                      true))
          .isEqualTo(1); // the realm's admin
    }
  }

  private static long stopped(KeycloakServer node) {
    return node.log().lines().filter(l -> l.contains("stopped for this run")).count();
  }
}
