package io.github.academyoffboarding.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Keycloak's workflows admin API ({@code /admin/realms/{realm}/workflows}) as the master admin. */
final class WorkflowsApi {

  private final TestRealm realm;

  WorkflowsApi(TestRealm realm) {
    this.realm = realm;
  }

  /** Creates the workflow (the JSON form of Keycloak's workflow YAML); returns its id. */
  String create(Map<String, Object> workflow) {
    TestResponse r = realm.master().post(realm.path("/workflows"), workflow);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return lastSegment(r.location());
  }

  /** Starts the workflow for one user, whatever its {@code on}. */
  void activate(String workflowId, String userId) {
    TestResponse r =
        realm
            .master()
            .post(realm.path("/workflows/" + workflowId + "/activate/USERS/" + userId), Map.of());
    assertThat(r.status()).as(r.toString()).isEqualTo(204);
  }

  /** The workflows with a step pending for the user. */
  List<JsonNode> scheduled(String userId) {
    TestResponse r = realm.master().get(realm.path("/workflows/scheduled/" + userId));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<JsonNode> workflows = new ArrayList<>();
    r.json().forEach(workflows::add);
    return workflows;
  }

  /**
   * The user's pending step of that workflow when it is {@code uses}, else null. Keycloak lists the
   * steps before the pending one as COMPLETED and the pending one and those after it as PENDING.
   */
  JsonNode pendingStep(String userId, String workflowId, String uses) {
    for (JsonNode workflow : scheduled(userId)) {
      if (workflow.path("id").asText().equals(workflowId)) {
        for (JsonNode step : workflow.path("steps")) {
          if (step.path("status").asText().equals("PENDING")) {
            return step.path("uses").asText().equals(uses) ? step : null;
          }
        }
      }
    }
    return null;
  }

  /**
   * Whether the server log shows the cascade deleting the user's rows on Keycloak's workflow
   * executor (a step's background thread, not the request's) on {@code event}: pins the path.
   */
  static boolean cascadedOnWorkflowExecutor(KeycloakServer kc, String userId, String event) {
    return Pattern.compile(
            "\\(kc-workflow-event-executor[^)]*\\) User "
                + Pattern.quote(userId)
                + " removed \\("
                + event
                + "\\)")
        .matcher(kc.log())
        .find();
  }

  static String lastSegment(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }
}
