package io.github.academyoffboarding.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.LdapFederation;
import io.github.academyoffboarding.testing.LdapServer;
import io.github.academyoffboarding.testing.LdapServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A workflow's {@code delete-user} step on learners imported from a real LDAP directory (a writable
 * provider). Keycloak's step takes two different paths for them: by default it removes only the
 * local copy, calling {@code UserManager.removeUser} with the local store, which publishes {@code
 * UserRemovedEvent} and no {@code UserPreRemovedEvent}; with {@code propagate-to-provider} it
 * removes the user through the user storage layer, LDAP entry included. Either way the learner's
 * academy rows go in the step's transaction, and the other learners and a local user keep theirs.
 */
@ExtendWith({KeycloakServerExtension.class, LdapServerExtension.class})
class WorkflowFederatedRemovalIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private KeycloakServer kc;
  private LdapServer ldap;
  private TestRealm realm;
  private WorkflowsApi workflows;
  private Map<String, String> learnerDns;
  private Map<String, String> learnerIds;
  private String local;

  @BeforeEach
  void setUp(KeycloakServer kc, LdapServer ldap) {
    this.kc = kc;
    this.ldap = ldap;
    realm = TestRealm.create(kc);
    workflows = new WorkflowsApi(realm);
    BulkFlow flow = new BulkFlow(kc, realm);
    String unit = realm.name() + "-wf";
    ldap.createUnit(unit);
    learnerDns = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      String uid = "learner-" + i;
      learnerDns.put(uid, ldap.addLearner(unit, uid, uid + "@example.org", "learner-secret"));
    }
    LdapFederation federation = LdapFederation.add(kc, realm, ldap, unit);
    assertThat(federation.syncAll().get("added").asInt()).isEqualTo(3);
    learnerIds = LdapFederation.importedIds(realm, learnerDns.keySet());
    local = realm.createUser("local-0", "local-0@example.org");
    learnerIds.values().forEach(id -> flow.addAcademyData(realm.admin(), id));
    flow.addAcademyData(realm.admin(), local);
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void theDefaultStepRemovesOnlyTheLocalCopyAndItsRowsAndLeavesLdapAlone() {
    String workflowId =
        workflows.create(
            Map.of("name", "delete local copy", "steps", List.of(Map.of("uses", "delete-user"))));

    workflows.activate(workflowId, learnerIds.get("learner-1"));

    awaitRemoved(learnerIds.get("learner-1"));
    // UserRemovedEvent alone (no pre-event on this path): the rows go with the local copy.
    assertThat(kc.database().academyRows(learnerIds.get("learner-1"))).isZero();
    assertThat(
            WorkflowsApi.cascadedOnWorkflowExecutor(
                kc, learnerIds.get("learner-1"), "UserRemovedEvent"))
        .as("cascade on the workflow executor, on UserRemovedEvent")
        .isTrue();
    assertThat(ldap.exists(learnerDns.get("learner-1"))).as("LDAP entry").isTrue();
    // The directory still has the learner: the next look-up imports a new copy, with no rows.
    List<JsonNode> again = realm.usersNamed("learner-1");
    assertThat(again).hasSize(1);
    String newId = again.get(0).get("id").asText();
    assertThat(newId).isNotEqualTo(learnerIds.get("learner-1"));
    assertThat(kc.database().academyRows(newId)).isZero();
    assertOthersKeepEverything("learner-1");
  }

  @Test
  void propagatedToTheProviderTheStepRemovesTheLdapEntryTooAndTheRows() {
    String workflowId =
        workflows.create(
            Map.of(
                "name",
                "delete everywhere",
                "steps",
                List.of(
                    Map.of(
                        "uses", "delete-user", "with", Map.of("propagate-to-provider", "true")))));

    workflows.activate(workflowId, learnerIds.get("learner-2"));

    awaitRemoved(learnerIds.get("learner-2"));
    assertThat(kc.database().academyRows(learnerIds.get("learner-2"))).isZero();
    assertThat(
            WorkflowsApi.cascadedOnWorkflowExecutor(
                kc, learnerIds.get("learner-2"), "UserPreRemovedEvent"))
        .as("cascade on the workflow executor, on UserPreRemovedEvent")
        .isTrue();
    assertThat(ldap.exists(learnerDns.get("learner-2"))).as("LDAP entry").isFalse();
    assertThat(realm.usersNamed("learner-2")).isEmpty();
    assertOthersKeepEverything("learner-2");
  }

  private void awaitRemoved(String userId) {
    BulkFlow.await(
        () -> userRows(userId) == 0 ? Boolean.TRUE : null, TIMEOUT, "user " + userId + " removed");
  }

  private void assertOthersKeepEverything(String removed) {
    for (Map.Entry<String, String> learner : learnerIds.entrySet()) {
      if (learner.getKey().equals(removed)) {
        continue;
      }
      TestResponse r = realm.master().get(realm.path("/users/" + learner.getValue()));
      assertThat(r.status()).as("%s: %s", learner.getKey(), r).isEqualTo(200);
      assertThat(ldap.exists(learnerDns.get(learner.getKey()))).isTrue();
      assertThat(kc.database().academyRows(learner.getValue()))
          .as("rows of %s", learner.getKey())
          .isEqualTo(2);
    }
    assertThat(realm.master().get(realm.path("/users/" + local)).status()).isEqualTo(200);
    assertThat(kc.database().academyRows(local)).isEqualTo(2);
  }

  private long userRows(String userId) {
    return kc.database().count("select count(*) from USER_ENTITY where ID = ?", userId);
  }
}
