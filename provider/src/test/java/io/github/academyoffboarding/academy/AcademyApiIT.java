package io.github.academyoffboarding.academy;

import static io.github.academyoffboarding.academy.AcademyData.base;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code /admin/realms/{realm}/academy} contract, over HTTP as the admin console and scripts
 * call it.
 */
@ExtendWith(KeycloakServerExtension.class)
class AcademyApiIT {

  private static TestRealm realm;
  private static TestRealm otherRealm;
  private static AcademyData data;

  @BeforeAll
  static void setUp(KeycloakServer kc) {
    realm = TestRealm.create(kc);
    otherRealm = TestRealm.create(kc);
    data = new AcademyData(kc);
  }

  @AfterAll
  static void tearDown() {
    realm.close();
    otherRealm.close();
  }

  @Test
  void createsListsAndSummarisesAUsersData() {
    String userId = realm.createUser("learner-" + suffix(), "learner-" + suffix() + "@example.org");
    AdminClient admin = realm.admin();

    TestResponse created =
        admin.post(
            base(realm.name(), userId) + "/learning-records",
            Map.of(
                "courseId",
                "java-101",
                "courseName",
                "Java basics",
                "status",
                "COMPLETED",
                "score",
                91,
                "startedAt",
                "2026-01-10T08:00:00Z",
                "completedAt",
                "2026-01-15T10:00:00Z"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode record = created.json();
    assertThat(record.get("id").asText()).hasSize(36);
    assertThat(record.get("completedAt").asText()).isEqualTo("2026-01-15T10:00:00Z");
    assertThat(record.get("createdAt").asText()).endsWith("Z");

    TestResponse certificate =
        admin.post(
            base(realm.name(), userId) + "/certificates",
            Map.of(
                "courseId",
                "java-101",
                "title",
                "Java basics",
                "serial",
                "SER-" + suffix(),
                "issuedAt",
                "2026-01-15T10:00:00Z",
                "expiresAt",
                "2028-01-15T10:00:00Z"));
    assertThat(certificate.status()).as(certificate.toString()).isEqualTo(201);

    TestResponse records = admin.get(base(realm.name(), userId) + "/learning-records");
    assertThat(records.status()).isEqualTo(200);
    assertThat(records.json()).hasSize(1);
    assertThat(records.json().get(0).get("courseId").asText()).isEqualTo("java-101");
    assertThat(records.json().get(0).get("status").asText()).isEqualTo("COMPLETED");
    assertThat(records.json().get(0).get("score").asInt()).isEqualTo(91);
    assertThat(records.json().get(0).get("startedAt").asText()).isEqualTo("2026-01-10T08:00:00Z");

    TestResponse certificates = admin.get(base(realm.name(), userId) + "/certificates");
    assertThat(certificates.json()).hasSize(1);
    assertThat(certificates.json().get(0).get("expiresAt").asText())
        .isEqualTo("2028-01-15T10:00:00Z");

    TestResponse summary = admin.get(base(realm.name(), userId) + "/summary");
    assertThat(summary.status()).isEqualTo(200);
    assertThat(summary.json().get("learningRecords").asLong()).isEqualTo(1);
    assertThat(summary.json().get("certificates").asLong()).isEqualTo(1);

    // The rows are really in Keycloak's database, under this realm.
    assertThat(data.learningRecords(userId)).isEqualTo(1);
    assertThat(data.certificates(userId)).isEqualTo(1);
    assertThat(data.rowsOfRealm(realm.id())).isGreaterThanOrEqualTo(2);
  }

  @Test
  void learningRecordsAndCertificatesArePagedOnRequestInAStableOrder() {
    String userId = realm.createUser("paged-" + suffix(), "paged-" + suffix() + "@example.org");
    // Same CREATED_AT for many rows: the order must still be stable (the id breaks the tie).
    data.insertRowsDirectly(realm.id(), userId, 7, 3);
    AdminClient admin = realm.admin();
    String records = base(realm.name(), userId) + "/learning-records";
    String certificates = base(realm.name(), userId) + "/certificates";

    // Without first/max: the whole list, as before, and no header.
    TestResponse whole = admin.get(records);
    assertThat(whole.status()).isEqualTo(200);
    assertThat(whole.json()).hasSize(7);
    assertThat(whole.header("X-Total-Count")).isNull();
    List<String> all = ids(whole);
    assertThat(ids(admin.get(records))).as("the same order twice").isEqualTo(all);

    // The pages, one after the other, are the whole list in its order.
    List<String> paged = new ArrayList<>();
    for (int first = 0; first < 7; first += 3) {
      TestResponse page = admin.get(records + "?first=" + first + "&max=3");
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      assertThat(page.header("X-Total-Count")).isEqualTo("7");
      assertThat(page.json()).hasSize(Math.min(3, 7 - first));
      paged.addAll(ids(page));
    }
    assertThat(paged).isEqualTo(all);
    TestResponse beyond = admin.get(records + "?first=50&max=3");
    assertThat(beyond.json()).isEmpty();
    assertThat(beyond.header("X-Total-Count")).isEqualTo("7");
    TestResponse countOnly = admin.get(records + "?max=0");
    assertThat(countOnly.json()).isEmpty();
    assertThat(countOnly.header("X-Total-Count")).isEqualTo("7");

    TestResponse certificatePage = admin.get(certificates + "?first=1&max=1");
    assertThat(certificatePage.status()).isEqualTo(200);
    assertThat(certificatePage.header("X-Total-Count")).isEqualTo("3");
    assertThat(ids(certificatePage)).containsExactly(ids(admin.get(certificates)).get(1));
    assertThat(admin.get(certificates + "?first=2").json()).hasSize(1);

    for (String query : List.of("?first=-1", "?max=-1", "?first=-5&max=10", "?first=abc")) {
      assertError(admin.get(records + query), 400, "academy.invalid-paging");
      assertError(admin.get(certificates + query), 400, "academy.invalid-paging");
    }
  }

  @Test
  void aPageHoldsAtMostAHundredRows() {
    String userId = realm.createUser("many-" + suffix(), "many-" + suffix() + "@example.org");
    data.insertRowsDirectly(realm.id(), userId, 105, 0);
    AdminClient admin = realm.admin();
    String records = base(realm.name(), userId) + "/learning-records";

    TestResponse capped = admin.get(records + "?first=0&max=500");
    assertThat(capped.status()).isEqualTo(200);
    assertThat(capped.json()).hasSize(100);
    assertThat(capped.header("X-Total-Count")).isEqualTo("105");
    assertThat(admin.get(records + "?first=100&max=100").json()).hasSize(5);
    // Unpaged, the list stays whole: other clients read it that way.
    assertThat(admin.get(records).json()).hasSize(105);
  }

  @Test
  void aViewerOfAnotherRealmCannotPage() {
    String userId = realm.createUser("foreign-" + suffix(), "foreign-" + suffix() + "@example.org");
    data.insertRowsDirectly(realm.id(), userId, 2, 1);
    TestResponse r =
        otherRealm.admin().get(base(realm.name(), userId) + "/learning-records?first=0&max=10");
    assertThat(r.status()).isIn(401, 403);
    assertThat(r.header("X-Total-Count")).isNull();
  }

  private static List<String> ids(TestResponse r) {
    List<String> ids = new ArrayList<>();
    r.json().forEach(n -> ids.add(n.get("id").asText()));
    return ids;
  }

  @Test
  void unknownUserIsNotFound() {
    String unknown = UUID.randomUUID().toString();
    AdminClient admin = realm.admin();

    assertError(admin.get(base(realm.name(), unknown) + "/summary"), 404, "academy.user-not-found");
    assertError(
        admin.post(
            base(realm.name(), unknown) + "/learning-records",
            Map.of("courseId", "c", "status", "ENROLLED")),
        404,
        "academy.user-not-found");
    assertThat(data.learningRecords(unknown)).isZero();
  }

  @Test
  void invalidFieldsAreRejectedWithAMessageKeyAndNothingIsStored() {
    String userId = realm.createUser("invalid-" + suffix(), "invalid-" + suffix() + "@example.org");
    AdminClient admin = realm.admin();
    String records = base(realm.name(), userId) + "/learning-records";

    assertError(
        admin.post(records, Map.of("courseId", "c", "status", "PASSED")),
        400,
        "academy.invalid-status");
    assertError(
        admin.post(records, Map.of("courseId", "c", "status", "COMPLETED", "score", 101)),
        400,
        "academy.score-out-of-range");
    assertError(admin.post(records, Map.of("status", "COMPLETED")), 400, "academy.missing-field");
    assertError(
        admin.post(
            records, Map.of("courseId", "c", "status", "ENROLLED", "startedAt", "15/01/2026")),
        400,
        "academy.invalid-time");
    assertError(
        admin.post(records, "{\"courseId\": \"c\", \"score\": \"high\"}"),
        400,
        "academy.invalid-json");
    assertError(
        admin.post(base(realm.name(), userId) + "/certificates", Map.of("title", "No serial")),
        400,
        "academy.missing-field");

    assertThat(data.learningRecords(userId)).isZero();
    assertThat(data.certificates(userId)).isZero();
  }

  @Test
  void aDuplicateSerialInTheRealmIsAConflict() {
    String first =
        realm.createUser("serial-a-" + suffix(), "serial-a-" + suffix() + "@example.org");
    String second =
        realm.createUser("serial-b-" + suffix(), "serial-b-" + suffix() + "@example.org");
    AdminClient admin = realm.admin();
    String serial = data.addCertificate(admin, realm.name(), first);

    assertError(
        admin.post(
            base(realm.name(), second) + "/certificates",
            Map.of("title", "Copy", "serial", serial)),
        409,
        "academy.duplicate-serial");
    assertThat(data.certificates(second)).isZero();

    // The same serial in another realm is another certificate.
    String elsewhere =
        otherRealm.createUser("serial-c-" + suffix(), "serial-c-" + suffix() + "@example.org");
    TestResponse r =
        otherRealm
            .admin()
            .post(
                base(otherRealm.name(), elsewhere) + "/certificates",
                Map.of("title", "Other realm", "serial", serial));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  @Test
  void viewUsersMayReadButNotWrite() {
    String userId = realm.createUser("viewed-" + suffix(), "viewed-" + suffix() + "@example.org");
    data.seed(realm.admin(), realm.name(), userId);
    String viewerName = "viewer-" + suffix();
    realm.createUserWithRoles(viewerName, viewerName + "@example.org", "view-users");
    AdminClient viewer = realm.login(viewerName);

    assertThat(
            viewer
                .get(base(realm.name(), userId) + "/summary")
                .json()
                .get("learningRecords")
                .asLong())
        .isEqualTo(2);
    assertThat(viewer.get(base(realm.name(), userId) + "/learning-records").status())
        .isEqualTo(200);
    assertThat(viewer.get(base(realm.name(), userId) + "/certificates").status()).isEqualTo(200);

    assertThat(
            viewer
                .post(
                    base(realm.name(), userId) + "/learning-records",
                    Map.of("courseId", "c", "status", "ENROLLED"))
                .status())
        .isEqualTo(403);
    assertThat(
            viewer
                .post(
                    base(realm.name(), userId) + "/certificates",
                    Map.of("title", "t", "serial", "S-" + suffix()))
                .status())
        .isEqualTo(403);
    assertThat(viewer.post(realm.path("/academy/reconciliation"), null).status()).isEqualTo(403);
    assertThat(data.learningRecords(userId)).isEqualTo(2);
    assertThat(data.certificates(userId)).isEqualTo(1);
  }

  @Test
  void anAdminWithoutUserRolesGetsNothing() {
    String userId = realm.createUser("hidden-" + suffix(), "hidden-" + suffix() + "@example.org");
    data.seed(realm.admin(), realm.name(), userId);
    String name = "clients-admin-" + suffix();
    realm.createUserWithRoles(name, name + "@example.org", "view-clients");

    TestResponse r = realm.login(name).get(base(realm.name(), userId) + "/learning-records");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.text()).doesNotContain("java-101");
  }

  @Test
  void withoutATokenTheApiIsUnauthorized(KeycloakServer kc) {
    String userId = realm.createUser("anon-" + suffix(), "anon-" + suffix() + "@example.org");
    AdminClient anonymous = AdminClient.anonymous(kc);

    assertThat(anonymous.get(base(realm.name(), userId) + "/summary").status()).isEqualTo(401);
    assertThat(
            anonymous
                .post(
                    base(realm.name(), userId) + "/learning-records",
                    Map.of("courseId", "c", "status", "ENROLLED"))
                .status())
        .isEqualTo(401);
    assertThat(anonymous.post(realm.path("/academy/reconciliation"), null).status()).isEqualTo(401);
    assertThat(data.learningRecords(userId)).isZero();
  }

  @Test
  void anotherRealmsAdminSeesNothing() {
    String userId = realm.createUser("private-" + suffix(), "private-" + suffix() + "@example.org");
    data.seed(realm.admin(), realm.name(), userId);
    AdminClient foreignAdmin = otherRealm.admin();

    // Through realm A's path with realm B's token: Keycloak refuses the token.
    TestResponse direct = foreignAdmin.get(base(realm.name(), userId) + "/learning-records");
    assertThat(direct.status()).isIn(401, 403);
    assertThat(direct.text()).doesNotContain("java-101");
    assertThat(
            foreignAdmin
                .post(
                    base(realm.name(), userId) + "/learning-records",
                    Map.of("courseId", "c", "status", "ENROLLED"))
                .status())
        .isIn(401, 403);

    // Through realm B's own path: realm A's user does not exist there.
    assertError(
        foreignAdmin.get(base(otherRealm.name(), userId) + "/learning-records"),
        404,
        "academy.user-not-found");
    assertError(
        foreignAdmin.get(base(otherRealm.name(), userId) + "/summary"),
        404,
        "academy.user-not-found");
    TestResponse reconciliation =
        foreignAdmin.post(otherRealm.path("/academy/reconciliation"), null);
    assertThat(reconciliation.status()).isEqualTo(200);

    assertThat(data.learningRecords(userId)).isEqualTo(2);
    assertThat(data.certificates(userId)).isEqualTo(1);
  }

  private static void assertError(TestResponse r, int status, String key) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    Map<String, String> body = new HashMap<>();
    r.json().fields().forEachRemaining(e -> body.put(e.getKey(), e.getValue().asText()));
    assertThat(body).containsEntry("error", key).containsKey("errorDescription");
    assertThat(body.get("errorDescription")).isNotBlank();
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
