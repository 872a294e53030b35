package io.github.academyoffboarding.federation;

import io.github.academyoffboarding.academy.AcademyCascade;
import io.github.academyoffboarding.academy.AcademyCounts;
import io.github.academyoffboarding.bulk.pending.RemovedElsewhere;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.UserStorageProvider;

/**
 * Deletes the academy rows of a user federation provider's imported users when the provider is
 * deleted, in the transaction that deletes them.
 *
 * <p>Keycloak removes those users with one bulk statement ({@code JpaUserProvider.preRemove} →
 * {@code removeImportedUsers}) and publishes no per-user event, so the cascade listener never hears
 * of them. What it does publish is the admin event of {@code DELETE components/{id}}, sent by
 * {@code ComponentResource.removeComponent} just before {@code realm.removeComponent}, in the same
 * request transaction and while the users still carry the provider's id in {@code FEDERATION_LINK}:
 * the rows are removed here by a join on that column. A global listener receives it whatever the
 * realm's event settings are.
 *
 * <p>{@code AdminEventBuilder} logs and swallows a listener's exception; to keep "a failed cascade
 * rolls the removal back", a failure marks the transaction rollback-only before it is rethrown, so
 * that the users never go while their rows stay. (Keycloak may still answer the request with {@code
 * 204}: it rolls a rollback-only transaction back silently; the provider stays listed.)
 */
final class ProviderRemovalListener implements EventListenerProvider {

  private static final Logger LOG = Logger.getLogger(ProviderRemovalListener.class);
  private static final String COMPONENTS = "components/";

  private final KeycloakSession session;

  ProviderRemovalListener(KeycloakSession session) {
    this.session = session;
  }

  @Override
  public void onEvent(Event event) {
    // User events never remove a provider.
  }

  @Override
  public void onEvent(AdminEvent event, boolean includeRepresentation) {
    String componentId = removedComponentId(event);
    if (componentId == null) {
      return;
    }
    RealmModel realm = session.realms().getRealm(event.getRealmId());
    ComponentModel component = realm == null ? null : realm.getComponent(componentId);
    if (component == null
        || !UserStorageProvider.class.getName().equals(component.getProviderType())) {
      return;
    }
    try {
      AcademyCounts removed = AcademyCascade.providerUsersRemoving(session, realm, componentId);
      int marks = RemovedElsewhere.providerUsersRemoving(session, realm, componentId);
      LOG.infof(
          "User federation provider %s (%s) of realm %s deleted: removed %s learning records,"
              + " %s certificates and %s pending deletions of its imported users",
          component.getName(),
          componentId,
          realm.getName(),
          removed.learningRecords(),
          removed.certificates(),
          marks);
    } catch (RuntimeException e) {
      session.getTransactionManager().setRollbackOnly();
      LOG.errorf(
          "Could not remove the academy rows of the users of federation provider %s (%s) of realm %s:"
              + " its deletion is rolled back",
          component.getName(), componentId, realm.getName());
      throw e;
    }
  }

  /** The id in {@code components/{id}} of a DELETE admin event, or null for any other event. */
  static String removedComponentId(AdminEvent event) {
    String path = event.getResourcePath();
    if (event.getOperationType() != OperationType.DELETE
        || event.getResourceType() != ResourceType.COMPONENT
        || path == null
        || !path.startsWith(COMPONENTS)) {
      return null;
    }
    String id = path.substring(COMPONENTS.length());
    return id.isEmpty() || id.contains("/") ? null : id;
  }

  @Override
  public void close() {}
}
