package io.github.academyoffboarding.bulk.leave;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.academyoffboarding.benchmark.UserCopies;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The leave-date sweep against the shared test Keycloak (poll interval a second): each test's realm
 * turns it on for itself with the realm attribute {@code academy.leave-date-attribute=leaveDate}
 * (the server's option {@code leave-date-attribute} is unset there, so no other realm is swept),
 * with the default action, DEACTIVATE. The server runs on this machine in its default zone, which
 * is the test's: "yesterday" has ended there, "tomorrow" has not.
 */
@ExtendWith(KeycloakServerExtension.class)
class LeaveDateSweepIT {

  static final String ATTRIBUTE = "leaveDate";
  private static final Duration WAIT = Duration.ofMinutes(1);

  private KeycloakServer kc;
  private TestRealm realm;
  private BulkFlow flow;
  private AdminClient admin;

  @BeforeEach
  void setUp(KeycloakServer kc) {
    this.kc = kc;
    realm = TestRealm.create(kc);
    sweep(realm, Map.of());
    flow = new BulkFlow(kc, realm);
    admin = realm.admin();
    allowAttribute(realm);
    flow.enableAdminEvents();
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void endedDatesDeactivateOncePerDateAndANewDateActsAnew() {
    LocalDate today = LocalDate.now();
    String gone = user(realm, "ld-gone", null);
    String goneAt = user(realm, "ld-gone-at", null);
    String later = user(realm, "ld-later", null);
    String none = user(realm, "ld-none", null);
    String bad = user(realm, "ld-bad", null);
    String today0 = user(realm, "ld-today", null);
    // As a sync writes them (the sweep may see them in one run or several).
    setLeaveDate(realm, gone, today.minusDays(1).toString());
    setLeaveDate(realm, goneAt, today.minusDays(3) + "T17:00:00Z");
    setLeaveDate(realm, later, today.plusDays(1).toString());
    setLeaveDate(realm, bad, "01/02/2027");
    setLeaveDate(realm, today0, today.toString());

    BulkFlow.await(
        () -> !enabled(realm, gone) && !enabled(realm, goneAt) ? true : null,
        WAIT,
        "the users whose leave date has ended to be deactivated");
    List<JsonNode> imports = attributeImports();
    assertThat(imports).hasSizeBetween(1, 2);
    List<String> acted = new ArrayList<>();
    long deactivated = 0;
    for (JsonNode found : imports) {
      JsonNode imp = flow.awaitEnd(found.get("id").asText(), WAIT);
      assertThat(imp.get("status").asText()).isEqualTo("COMPLETED");
      assertThat(imp.get("action").asText()).isEqualTo("DEACTIVATE");
      assertThat(imp.get("fileName").asText()).isEqualTo(ATTRIBUTE);
      assertThat(imp.get("createdBy").asText()).isEqualTo("leave-date-sweep");
      deactivated += imp.at("/outcomes/DEACTIVATED").asLong();
      flow.rows(imp.get("id").asText()).forEach(r -> acted.add(r.get("identifier").asText()));
    }
    // Each once.
    assertThat(acted).containsExactlyInAnyOrder("ld-gone", "ld-gone-at");
    assertThat(deactivated).isEqualTo(2);
    int swept = imports.size();
    for (String id : List.of(later, none, bad, today0)) {
      assertThat(enabled(realm, id)).as(id).isTrue();
    }
    // The admin events name the sweep, as those of an import name its admin.
    List<JsonNode> bySweep =
        flow.adminEvents("USER").stream()
            .filter(e -> e.get("resourcePath").asText().equals("users/" + gone))
            .filter(e -> e.at("/authDetails/userId").asText().equals("leave-date-sweep"))
            .toList();
    assertThat(bySweep).hasSize(1);
    assertThat(bySweep.get(0).get("operationType").asText()).isEqualTo("UPDATE");
    // The bad value is seen once (by the run that saw it: maybe one after the others), and left
    // alone.
    String badSeen =
        "select count(*) from ACADEMY_LEAVE_DATE where USER_ID = ? and IMPORT_ID is null";
    BulkFlow.await(
        () -> kc.database().count(badSeen, bad) == 1 ? true : null, WAIT, "the bad value seen");
    BulkFlow.sleep(2_000); // two more sweeps
    assertThat(kc.database().count(badSeen, bad)).isEqualTo(1);
    assertThat(enabled(realm, bad)).isTrue();
    assertThat(kc.log()).contains("not an ISO date");
    // The value itself (HR's data) at debug level only.
    assertThat(kc.log().lines().filter(l -> l.contains("01/02/2027") && !l.contains(" DEBUG ")))
        .isEmpty();

    // An admin enables the user again: the same date is not acted on again.
    setEnabled(realm, gone, true);
    BulkFlow.sleep(4_000); // four sweeps
    assertThat(enabled(realm, gone)).isTrue();
    assertThat(attributeImports()).hasSize(swept);

    // A new date that has ended acts anew.
    setLeaveDate(realm, gone, today.minusDays(2).toString());
    BulkFlow.await(() -> enabled(realm, gone) ? null : true, WAIT, "the new date to act");
    assertThat(attributeImports()).hasSize(swept + 1);
    assertThat(
            kc.database().count("select count(*) from ACADEMY_LEAVE_DATE where USER_ID = ?", gone))
        .isEqualTo(2);

    // A user removed takes its dates with it.
    assertThat(realm.master().delete(realm.path("/users/" + gone)).status()).isEqualTo(204);
    assertThat(
            kc.database().count("select count(*) from ACADEMY_LEAVE_DATE where USER_ID = ?", gone))
        .isZero();
  }

  @Test
  void manyUsersDueAreSweptInPagesOfOneImportEach() {
    String yesterday = LocalDate.now().minusDays(1).toString();
    int count = LeaveDateSweep.PAGE + 150;
    List<String> ids = flow.createUsers("ld-many", count);
    // Written straight to Keycloak's table, as a directory sync at this size would be felt: the
    // sweep reads the table, not the user cache.
    try (Connection c = kc.database().connect()) {
      c.setAutoCommit(false); // all at once: the sweep sees them in one run
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
    List<JsonNode> imports =
        BulkFlow.await(
            () -> {
              List<JsonNode> found = attributeImports();
              return found.size() == 2 ? found : null;
            },
            WAIT,
            "two imports");
    long total = 0;
    for (JsonNode imp : imports) {
      JsonNode done = flow.awaitEnd(imp.get("id").asText(), Duration.ofMinutes(3));
      total += done.at("/outcomes/DEACTIVATED").asLong();
    }
    assertThat(total).isEqualTo(count);
    BulkFlow.sleep(3_000);
    assertThat(attributeImports()).hasSize(2);
  }

  /**
   * Item 5 of issue 20: with 100,000 users and none due (half with a leave date to come, half
   * without), the sweep's query is one range of Keycloak's index on USER_ATTRIBUTE (NAME, VALUE)
   * that finds nothing. Prints PostgreSQL's plan (docs/benchmarks.md); PostgreSQL only.
   */
  @Test
  void aHundredThousandUsersNoneDueCostOneIndexRange() throws SQLException {
    Assumptions.assumeTrue(
        kc.database().kind().equals("postgres"), "the plan is PostgreSQL's (run with -Ppostgres)");
    LocalDate today = LocalDate.now();
    String future = user(realm, "ld-tpl-future", today.plusDays(30).toString());
    String without = user(realm, "ld-tpl-none", null);
    long seeding = System.nanoTime();
    for (String template : List.of(future, without)) {
      List<String[]> users = new ArrayList<>();
      for (int i = 0; i < 50_000; i++) {
        String name = (template.equals(future) ? "ld-future-" : "ld-none-") + i;
        users.add(new String[] {UUID.randomUUID().toString(), name + "@bench.example.org"});
      }
      UserCopies.copy(kc.database(), template, users);
    }
    System.out.printf(
        Locale.ROOT,
        "LeaveDateSweepIT: 100,000 users copied in %.1f s%n",
        (System.nanoTime() - seeding) / 1e9);
    try (Connection c = kc.database().connect();
        Statement st = c.createStatement()) {
      // As a database in use has them: statistics of the tables.
      st.execute("analyze USER_ATTRIBUTE");
      st.execute("analyze USER_ENTITY");
      st.execute("analyze ACADEMY_LEAVE_DATE");
    }
    BulkFlow.sleep(3_000); // three sweeps over the realm: nothing due
    assertThat(attributeImports()).isEmpty();
    List<String> plan = new ArrayList<>();
    try (Connection c = kc.database().connect();
        PreparedStatement explain =
            c.prepareStatement(
                "explain (analyze, buffers) "
                    + LeaveDates.DUE.replace("{h-schema}", "")
                    + " limit "
                    + LeaveDateSweep.PAGE)) {
      explain.setString(1, ATTRIBUTE);
      explain.setString(2, today.toString());
      explain.setString(3, realm.id());
      explain.setBoolean(4, true);
      try (ResultSet rs = explain.executeQuery()) {
        while (rs.next()) {
          plan.add(rs.getString(1));
        }
      }
    }
    System.out.println(
        "LeaveDateSweepIT: the sweep's query, 100,000 users, none due:\n"
            + String.join("\n", plan));
    String text = String.join("\n", plan).toLowerCase(Locale.ROOT);
    assertThat(text).contains("index").contains("idx_user_attribute_name");
    assertThat(text)
        .doesNotContain("seq scan on user_attribute")
        .doesNotContain("seq scan on user_entity");
  }

  private List<JsonNode> attributeImports() {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode imp : admin.get(realm.path("/bulk-users/imports?max=500")).json()) {
      if ("ATTRIBUTE".equals(imp.path("origin").asText())) {
        found.add(imp);
      }
    }
    return found;
  }

  /** Lets admins write attributes the realm's user profile does not declare (as a sync would). */
  /**
   * Turns the sweep on for this realm (attribute {@value #ATTRIBUTE}), with more realm attributes
   * (the action, the restore window) when given.
   */
  static void sweep(TestRealm realm, Map<String, String> more) {
    Map<String, String> attributes = new java.util.HashMap<>(more);
    attributes.put("academy.leave-date-attribute", ATTRIBUTE);
    TestResponse r = realm.master().put(realm.path(""), Map.of("attributes", attributes));
    assertThat(r.status()).as(r.toString()).isEqualTo(204);
  }

  static void allowAttribute(TestRealm realm) {
    AdminClient master = realm.master();
    ObjectNode profile = (ObjectNode) master.get(realm.path("/users/profile")).json();
    profile.put("unmanagedAttributePolicy", "ADMIN_EDIT");
    TestResponse r = master.put(realm.path("/users/profile"), profile);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  /** A user with {@code leaveDate} set to {@code value} (none when null); returns its id. */
  static String user(TestRealm realm, String username, String value) {
    String id = realm.createUser(username, username + "@example.org");
    if (value != null) {
      setLeaveDate(realm, id, value);
    }
    return id;
  }

  static void setLeaveDate(TestRealm realm, String userId, String value) {
    update(
        realm,
        userId,
        u -> ((ObjectNode) u).putObject("attributes").putArray(ATTRIBUTE).add(value));
  }

  static void setEnabled(TestRealm realm, String userId, boolean enabled) {
    update(realm, userId, u -> ((ObjectNode) u).put("enabled", enabled));
  }

  private static void update(
      TestRealm realm, String userId, java.util.function.Consumer<JsonNode> change) {
    AdminClient master = realm.master();
    JsonNode user = master.get(realm.path("/users/" + userId)).json();
    change.accept(user);
    TestResponse r = master.put(realm.path("/users/" + userId), user);
    assertThat(r.status()).as(r.toString()).isEqualTo(204);
  }

  static boolean enabled(TestRealm realm, String userId) {
    TestResponse r = realm.master().get(realm.path("/users/" + userId));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().get("enabled").asBoolean();
  }
}
