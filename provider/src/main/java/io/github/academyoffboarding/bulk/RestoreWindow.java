package io.github.academyoffboarding.bulk;

import java.time.Duration;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * A realm's restore window: the default {@code deleteAfter} of a DELETE. The realm attribute
 * {@value #REALM_ATTRIBUTE} (an ISO-8601 duration, set by a realm admin with manage-realm)
 * overrides the server's SPI option {@code restore-window}.
 *
 * @param window the window
 * @param source {@link Source#REALM} when the realm attribute gave it, else {@link Source#SERVER}
 */
public record RestoreWindow(Duration window, Source source) {

  public static final String REALM_ATTRIBUTE = "academy.restore-window";

  private static final Logger LOG = Logger.getLogger(RestoreWindow.class);

  /** Invalid realm values already warned about. */
  private static final RealmAttributeWarnings WARNED = new RealmAttributeWarnings();

  /** Where the window comes from. */
  public enum Source {
    REALM,
    SERVER
  }

  /**
   * The realm's window: its attribute when set and valid, else {@code serverDefault}; an attribute
   * below the server's {@code restore-window-min} is raised to it (the server's own window is never
   * below it: that fails the start).
   */
  public static RestoreWindow of(
      RealmModel realm, Duration serverDefault, RestoreWindowMinimum minimum) {
    return of(realm.getName(), realm.getAttribute(REALM_ATTRIBUTE), serverDefault, minimum);
  }

  static RestoreWindow of(
      String realmName, String attribute, Duration serverDefault, RestoreWindowMinimum minimum) {
    RestoreWindow window = of(realmName, attribute, serverDefault);
    if (window.source() == Source.REALM && !minimum.allows(window.window())) {
      // A realm admin (manage-realm) may not undercut the operator; the realm's deletes still run.
      if (WARNED.first(realmName, REALM_ATTRIBUTE, attribute + " < " + minimum)) {
        LOG.warnf(
            "Realm %s: attribute %s (%s) is shorter than the server's restore-window-min; using"
                + " %s",
            realmName, REALM_ATTRIBUTE, attribute, minimum);
      }
      return new RestoreWindow(minimum.value(), Source.REALM);
    }
    return window;
  }

  static RestoreWindow of(String realmName, String attribute, Duration serverDefault) {
    if (attribute == null || attribute.isBlank()) {
      return new RestoreWindow(serverDefault, Source.SERVER);
    }
    Duration window = BulkSettings.parseDeleteAfter(attribute);
    if (window == null) {
      // An import must not fail over a realm setting; the server's window is the safe fallback.
      if (WARNED.first(realmName, REALM_ATTRIBUTE, attribute)) {
        LOG.warnf(
            "Realm %s: attribute %s is not an ISO-8601 duration of at most ten years (%s); using"
                + " the server's restore-window %s",
            realmName, REALM_ATTRIBUTE, attribute, serverDefault);
      }
      return new RestoreWindow(serverDefault, Source.SERVER);
    }
    return new RestoreWindow(window, Source.REALM);
  }
}
