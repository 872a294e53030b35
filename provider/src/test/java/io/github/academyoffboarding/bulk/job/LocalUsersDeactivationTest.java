package io.github.academyoffboarding.bulk.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.UserModel;

class LocalUsersDeactivationTest {

  @Test
  void onlyKeycloaksOwnModelsOfLocalUsersAreDeactivatedTogether() {
    // A model of another class (a federation provider's, a read-only organization member's, one
    // another extension wraps) keeps its own setEnabled, even for a local, unlinked user.
    assertThat(LocalUsersDeactivation.canDeactivate(user("1b7d4f1e-local", null))).isFalse();
    assertThat(LocalUsersDeactivation.canDeactivate(user("f:ldap:jdoe", null))).isFalse();
    assertThat(LocalUsersDeactivation.canDeactivate(user("1b7d4f1e-local", "ldap"))).isFalse();
  }

  private static UserModel user(String id, String federationLink) {
    Map<String, Object> answers = new HashMap<>();
    answers.put("getId", id);
    answers.put("getFederationLink", federationLink);
    return (UserModel)
        Proxy.newProxyInstance(
            UserModel.class.getClassLoader(),
            new Class<?>[] {UserModel.class},
            (proxy, method, args) -> answers.get(method.getName()));
  }
}
