package io.github.academyoffboarding.academy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.TestResponse;
import java.util.Map;
import java.util.UUID;

/**
 * Academy rows for integration tests: written through the REST API, checked in Keycloak's database.
 */
final class AcademyData {

  private final KeycloakServer kc;

  AcademyData(KeycloakServer kc) {
    this.kc = kc;
  }

  static String base(String realm, String userId) {
    return "/admin/realms/" + realm + "/academy/users/" + userId;
  }

  /** Two learning records and one certificate for the user, through the API as {@code admin}. */
  void seed(AdminClient admin, String realm, String userId) {
    addRecord(admin, realm, userId, "java-101", "COMPLETED");
    addRecord(admin, realm, userId, "sql-201", "IN_PROGRESS");
    addCertificate(admin, realm, userId);
    assertThat(learningRecords(userId)).isEqualTo(2);
    assertThat(certificates(userId)).isEqualTo(1);
  }

  void addRecord(AdminClient admin, String realm, String userId, String courseId, String status) {
    TestResponse r =
        admin.post(
            base(realm, userId) + "/learning-records",
            Map.of(
                "courseId",
                courseId,
                "courseName",
                "Course " + courseId,
                "status",
                status,
                "score",
                80,
                "startedAt",
                "2026-01-10T08:00:00Z"));
    assertThat(r.status()).as("create learning record: %s", r).isEqualTo(201);
  }

  String addCertificate(AdminClient admin, String realm, String userId) {
    String serial = "CERT-" + UUID.randomUUID();
    TestResponse r =
        admin.post(
            base(realm, userId) + "/certificates",
            Map.of(
                "courseId",
                "java-101",
                "title",
                "Java basics",
                "serial",
                serial,
                "issuedAt",
                "2026-01-15T10:00:00Z"));
    assertThat(r.status()).as("create certificate: %s", r).isEqualTo(201);
    return serial;
  }

  long learningRecords(String userId) {
    return kc.database()
        .count("SELECT COUNT(*) FROM ACADEMY_LEARNING_RECORD WHERE USER_ID = ?", userId);
  }

  long certificates(String userId) {
    return kc.database()
        .count("SELECT COUNT(*) FROM ACADEMY_CERTIFICATE WHERE USER_ID = ?", userId);
  }

  long rowsOfRealm(String realmId) {
    return kc.database()
            .count("SELECT COUNT(*) FROM ACADEMY_LEARNING_RECORD WHERE REALM_ID = ?", realmId)
        + kc.database()
            .count("SELECT COUNT(*) FROM ACADEMY_CERTIFICATE WHERE REALM_ID = ?", realmId);
  }

  boolean userExists(String userId) {
    return kc.database().count("SELECT COUNT(*) FROM USER_ENTITY WHERE ID = ?", userId) > 0;
  }

  /**
   * Rows written behind Keycloak's back, as a federation path that publishes no event leaves them.
   */
  void insertRowsDirectly(String realmId, String userId, int records, int certificates) {
    for (int i = 0; i < records; i++) {
      kc.database()
          .update(
              "INSERT INTO ACADEMY_LEARNING_RECORD (ID, REALM_ID, USER_ID, COURSE_ID, STATUS, CREATED_AT)"
                  + " VALUES (?, ?, ?, ?, ?, ?)",
              UUID.randomUUID().toString(),
              realmId,
              userId,
              "course-" + i,
              "ENROLLED",
              System.currentTimeMillis());
    }
    for (int i = 0; i < certificates; i++) {
      kc.database()
          .update(
              "INSERT INTO ACADEMY_CERTIFICATE (ID, REALM_ID, USER_ID, TITLE, SERIAL, ISSUED_AT, CREATED_AT)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?)",
              UUID.randomUUID().toString(),
              realmId,
              userId,
              "Certificate " + i,
              "SER-" + UUID.randomUUID(),
              System.currentTimeMillis(),
              System.currentTimeMillis());
    }
  }
}
