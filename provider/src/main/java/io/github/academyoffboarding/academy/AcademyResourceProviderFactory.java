package io.github.academyoffboarding.academy;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Mounts {@link AcademyResource} at {@code /admin/realms/{realm}/academy}; Keycloak authenticates
 * the caller first.
 */
public final class AcademyResourceProviderFactory implements AdminRealmResourceProviderFactory {

  public static final String PROVIDER_ID = "academy";

  private static final AdminRealmResourceProvider PROVIDER =
      new AdminRealmResourceProvider() {
        @Override
        public Object getResource(
            KeycloakSession session,
            RealmModel realm,
            AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
          return new AcademyResource(session, realm, auth, adminEvent);
        }

        @Override
        public void close() {}
      };

  @Override
  public AdminRealmResourceProvider create(KeycloakSession session) {
    return PROVIDER;
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}

  @Override
  public String getId() {
    return PROVIDER_ID;
  }
}
