package io.github.academyoffboarding.bulk.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.UserModel;

/**
 * Which users the job never puts in a transaction with others: those of a federation provider,
 * whose removal reaches the provider (an LDAP delete) before the batch commits.
 */
class UserActorTest {

  @Test
  void usersOfAFederationProviderAreActedOnAlone() {
    // Imported from a provider (LDAP with "import users" on): local id, federation link.
    assertThat(UserActor.federated(user("1b7d4f1e-0c4a-4d0e-9f6a-5b3f0e8c2a11", "ldap-1")))
        .isTrue();
    // Served by a provider without import: a storage id "f:<component>:<external id>".
    assertThat(UserActor.federated(user("f:7c1e6b2a-3d4f:jdoe", null))).isTrue();
  }

  @Test
  void localUsersMayShareABatch() {
    assertThat(UserActor.federated(user("1b7d4f1e-0c4a-4d0e-9f6a-5b3f0e8c2a11", null))).isFalse();
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
