package io.github.academyoffboarding.workflows;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Keycloak Workflows (on by default in 26.7) removing and disabling learners: a {@code delete-user}
 * step run on an event (joining a group), one scheduled with {@code after} and picked up by
 * Keycloak's step runner, one activated for a single user through the workflows admin API, and a
 * {@code disable-user} workflow. A workflow's step runs after the triggering request, on a
 * background thread, in a transaction of its own, through {@code UserManager.removeUser}: the
 * learner's academy rows are gone the moment the user is, without the reconciliation; a disabled
 * learner keeps every row; the bystanders of the same realm stay and keep theirs.
 *
 * <p>The shared server runs the step runner every second ({@code
 * --spi-events-listener--workflow-event-listener--step-runner-task-interval=1s} in {@code
 * kc.it.options}; Keycloak's default is 12 hours).
 */
@ExtendWith(KeycloakServerExtension.class)
class WorkflowRemovalPathsIT {

  /** Long enough for a loaded two-core machine; the waits poll and end as soon as they hold. */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The scheduled step's wait: room enough to check the learner in between on a loaded machine. */
  private static final Duration SCHEDULED_AFTER = Duration.ofSeconds(5);

  private KeycloakServer kc;
  private TestRealm realm;
  private BulkFlow flow;
  private AdminClient master;
  private WorkflowsApi workflows;

  @BeforeEach
  void setUp(KeycloakServer kc) {
    this.kc = kc;
    realm = TestRealm.create(kc);
    flow = new BulkFlow(kc, realm);
    master = realm.master();
    workflows = new WorkflowsApi(realm);
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void aDeleteUserStepOnJoiningAGroupTakesTheLearnerAndItsRows() {
    String leavers = createGroup("leavers");
    String stayers = createGroup("stayers");
    workflows.create(
        Map.of(
            "name",
            "delete leavers",
            "on",
            "user-group-membership-added(/leavers)",
            "steps",
            List.of(Map.of("uses", "delete-user"))));
    String leaver = learner("leaver");
    String otherGroup = learner("in-other-group");
    String bystander = learner("bystander");

    joinGroup(otherGroup, stayers);
    joinGroup(leaver, leavers);

    awaitRemoved(leaver);
    assertRemovedWithItsRows(leaver);
    assertKeepsEverything(otherGroup, true);
    assertKeepsEverything(bystander, true);
  }

  @Test
  void aScheduledDeleteUserStepWaitsItsTimeThenTakesTheLearnerAndItsRows() {
    String leavers = createGroup("leavers");
    String workflowId =
        workflows.create(
            Map.of(
                "name",
                "disable now, delete later",
                "on",
                "user-group-membership-added(/leavers)",
                "steps",
                List.of(
                    Map.of("uses", "disable-user"),
                    Map.of("uses", "delete-user", "after", SCHEDULED_AFTER.toSeconds() + "s"))));
    String leaver = learner("leaver");
    String bystander = learner("bystander");

    long joinedAt = System.nanoTime();
    joinGroup(leaver, leavers);

    // The first step runs at once; the delete then waits in Keycloak's workflow state table.
    BulkFlow.await(
        () -> workflows.pendingStep(leaver, workflowId, "delete-user"),
        TIMEOUT,
        "delete-user scheduled");
    assertKeepsEverything(leaver, false);

    awaitRemoved(leaver);
    assertThat(Duration.ofNanos(System.nanoTime() - joinedAt))
        .as("the delete ran after its 'after', by the step runner")
        .isGreaterThanOrEqualTo(SCHEDULED_AFTER);
    assertRemovedWithItsRows(leaver);
    assertThat(workflows.scheduled(leaver)).isEmpty();
    assertKeepsEverything(bystander, true);
  }

  @Test
  void aWorkflowActivatedForOneUserThroughTheAdminApiTakesThatUserAndItsRows() {
    // No "on": only the activate endpoint starts it.
    String workflowId =
        workflows.create(
            Map.of("name", "delete on request", "steps", List.of(Map.of("uses", "delete-user"))));
    String target = learner("target");
    String notActivated = learner("not-activated");

    workflows.activate(workflowId, target);

    awaitRemoved(target);
    assertRemovedWithItsRows(target);
    assertKeepsEverything(notActivated, true);
  }

  @Test
  void aDisableUserWorkflowDisablesTheLearnerWhoKeepsEveryRow() {
    String suspended = createGroup("suspended");
    workflows.create(
        Map.of(
            "name",
            "suspend",
            "on",
            "user-group-membership-added(/suspended)",
            "steps",
            List.of(Map.of("uses", "disable-user"))));
    String learner = learner("suspended-learner");
    String bystander = learner("bystander");

    joinGroup(learner, suspended);

    BulkFlow.await(
        () -> {
          JsonNode user = master.get(realm.path("/users/" + learner)).json();
          // Disabled, and the execution finished (Keycloak removes its state at the end).
          return !user.get("enabled").asBoolean() && workflows.scheduled(learner).isEmpty()
              ? user
              : null;
        },
        TIMEOUT,
        "learner disabled by the workflow");
    assertKeepsEverything(learner, false);
    assertKeepsEverything(bystander, true);
  }

  /** A learner with one learning record and one certificate (2 academy rows). */
  private String learner(String username) {
    String id = realm.createUser(username, username + "@example.org");
    flow.addAcademyData(realm.admin(), id);
    assertThat(kc.database().academyRows(id)).isEqualTo(2);
    return id;
  }

  private String createGroup(String name) {
    TestResponse r = master.post(realm.path("/groups"), Map.of("name", name));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return WorkflowsApi.lastSegment(r.location());
  }

  private void joinGroup(String userId, String groupId) {
    TestResponse r = master.put(realm.path("/users/" + userId + "/groups/" + groupId), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(204);
  }

  private void awaitRemoved(String userId) {
    BulkFlow.await(
        () -> userRows(userId) == 0 ? Boolean.TRUE : null, TIMEOUT, "user " + userId + " removed");
  }

  /**
   * Checked at once when the user row is gone: the cascade deletes the academy rows in the removing
   * transaction, so no wait (and no reconciliation, hourly on the test server) is needed.
   */
  private void assertRemovedWithItsRows(String userId) {
    assertThat(master.get(realm.path("/users/" + userId)).status()).isEqualTo(404);
    assertThat(kc.database().academyRows(userId)).as("academy rows of %s", userId).isZero();
    // The step's UserManager.removeUser went through the user storage layer: the pre-event.
    assertThat(WorkflowsApi.cascadedOnWorkflowExecutor(kc, userId, "UserPreRemovedEvent"))
        .as("cascade of %s on the workflow executor, on UserPreRemovedEvent", userId)
        .isTrue();
  }

  private void assertKeepsEverything(String userId, boolean enabled) {
    TestResponse r = master.get(realm.path("/users/" + userId));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("enabled").asBoolean()).as("enabled %s", userId).isEqualTo(enabled);
    assertThat(userRows(userId)).isEqualTo(1);
    assertThat(kc.database().academyRows(userId)).as("academy rows of %s", userId).isEqualTo(2);
  }

  private long userRows(String userId) {
    return kc.database().count("select count(*) from USER_ENTITY where ID = ?", userId);
  }
}
