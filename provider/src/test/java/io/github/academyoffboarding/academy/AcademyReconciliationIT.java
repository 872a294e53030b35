package io.github.academyoffboarding.academy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rows whose user no longer exists (left by paths that publish no event) are removed by the
 * reconciliation; the on-demand endpoint returns the counts, and touches neither living users' rows
 * nor other realms' orphans.
 */
@ExtendWith(KeycloakServerExtension.class)
class AcademyReconciliationIT {

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
  void removesOrphansOfThisRealmOnDemand() {
    String living = realm.createUser("living-" + suffix(), "living-" + suffix() + "@example.org");
    data.seed(realm.admin(), realm.name(), living);
    String ghostA = UUID.randomUUID().toString();
    String ghostB = UUID.randomUUID().toString();
    data.insertRowsDirectly(realm.id(), ghostA, 3, 1);
    data.insertRowsDirectly(realm.id(), ghostB, 1, 2);
    // A living user of the other realm, whose id is claimed under this realm, is an orphan here.
    String otherUser =
        otherRealm.createUser("other-" + suffix(), "other-" + suffix() + "@example.org");
    data.insertRowsDirectly(realm.id(), otherUser, 1, 0);
    // An orphan of the other realm is left to that realm's reconciliation.
    String otherGhost = UUID.randomUUID().toString();
    data.insertRowsDirectly(otherRealm.id(), otherGhost, 2, 2);

    TestResponse r = realm.admin().post(realm.path("/academy/reconciliation"), null);

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("learningRecordsRemoved").asLong()).isEqualTo(5);
    assertThat(r.json().get("certificatesRemoved").asLong()).isEqualTo(3);
    assertThat(data.learningRecords(ghostA) + data.certificates(ghostA)).isZero();
    assertThat(data.learningRecords(ghostB) + data.certificates(ghostB)).isZero();
    assertThat(data.learningRecords(otherUser)).isZero();
    assertThat(data.learningRecords(living)).isEqualTo(2);
    assertThat(data.certificates(living)).isEqualTo(1);
    assertThat(data.learningRecords(otherGhost)).isEqualTo(2);
    assertThat(data.certificates(otherGhost)).isEqualTo(2);

    TestResponse again = realm.admin().post(realm.path("/academy/reconciliation"), null);
    assertThat(again.json().get("learningRecordsRemoved").asLong()).isZero();
    assertThat(again.json().get("certificatesRemoved").asLong()).isZero();

    TestResponse other = otherRealm.admin().post(otherRealm.path("/academy/reconciliation"), null);
    assertThat(other.json().get("learningRecordsRemoved").asLong()).isEqualTo(2);
    assertThat(other.json().get("certificatesRemoved").asLong()).isEqualTo(2);
    assertThat(data.learningRecords(otherGhost) + data.certificates(otherGhost)).isZero();
  }

  @Test
  void theServerScheduledThePeriodicReconciliationEveryFifteenMinutesByDefault(KeycloakServer kc) {
    assertThat(kc.log()).contains("Academy orphan reconciliation scheduled every 900 s");
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
