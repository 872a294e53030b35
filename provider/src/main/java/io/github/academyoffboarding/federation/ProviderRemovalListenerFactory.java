package io.github.academyoffboarding.federation;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers {@link ProviderRemovalListener} as a global event listener: Keycloak gives it every
 * realm's admin events without the realm listing it in its event settings, so no realm can forget
 * to enable the clean-up.
 */
public final class ProviderRemovalListenerFactory implements EventListenerProviderFactory {

  public static final String PROVIDER_ID = "academy-offboarding-federation-removal";

  @Override
  public EventListenerProvider create(KeycloakSession session) {
    return new ProviderRemovalListener(session);
  }

  @Override
  public boolean isGlobal() {
    return true;
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
