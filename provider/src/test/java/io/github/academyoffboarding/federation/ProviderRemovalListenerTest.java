package io.github.academyoffboarding.federation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/** Which admin events name a deleted component: only {@code DELETE components/{id}}. */
class ProviderRemovalListenerTest {

  @Test
  void aComponentsDeletionNamesItsId() {
    assertThat(
            ProviderRemovalListener.removedComponentId(
                event(OperationType.DELETE, ResourceType.COMPONENT, "components/abc-123")))
        .isEqualTo("abc-123");
  }

  @Test
  void otherOperationsResourcesAndPathsNameNothing() {
    assertThat(
            ProviderRemovalListener.removedComponentId(
                event(OperationType.UPDATE, ResourceType.COMPONENT, "components/abc")))
        .isNull();
    assertThat(
            ProviderRemovalListener.removedComponentId(
                event(OperationType.DELETE, ResourceType.USER, "users/abc")))
        .isNull();
    assertThat(
            ProviderRemovalListener.removedComponentId(
                event(OperationType.DELETE, ResourceType.COMPONENT, "components/")))
        .isNull();
    assertThat(
            ProviderRemovalListener.removedComponentId(
                event(OperationType.DELETE, ResourceType.COMPONENT, "components/abc/sub")))
        .isNull();
    assertThat(
            ProviderRemovalListener.removedComponentId(
                event(OperationType.DELETE, ResourceType.COMPONENT, null)))
        .isNull();
  }

  private static AdminEvent event(OperationType op, ResourceType type, String path) {
    AdminEvent e = new AdminEvent();
    e.setOperationType(op);
    e.setResourceType(type);
    e.setResourcePath(path);
    return e;
  }
}
