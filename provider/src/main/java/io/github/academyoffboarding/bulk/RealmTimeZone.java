package io.github.academyoffboarding.bulk;

import java.time.DateTimeException;
import java.time.ZoneId;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * The time zone in which a realm's dates end and start (a leave date ends at midnight there). The
 * realm attribute {@value #REALM_ATTRIBUTE} (a zone id such as {@code Europe/Amsterdam}, set by a
 * realm admin with manage-realm: an academy whose learners are in another country than the servers)
 * overrides the server's SPI option {@code time-zone}.
 */
public final class RealmTimeZone {

  public static final String REALM_ATTRIBUTE = "academy.time-zone";

  private static final Logger LOG = Logger.getLogger(RealmTimeZone.class);

  /** Invalid realm values already warned about. */
  private static final RealmAttributeWarnings WARNED = new RealmAttributeWarnings();

  private RealmTimeZone() {}

  /** The realm's zone: its attribute when set and valid, else {@code serverDefault}. */
  public static ZoneId of(RealmModel realm, ZoneId serverDefault) {
    return of(realm.getName(), realm.getAttribute(REALM_ATTRIBUTE), serverDefault);
  }

  static ZoneId of(String realmName, String attribute, ZoneId serverDefault) {
    if (attribute == null || attribute.isBlank()) {
      return serverDefault;
    }
    try {
      return ZoneId.of(attribute.strip());
    } catch (DateTimeException e) {
      // An import must not fail over a realm setting; the server's zone is the safe fallback.
      if (WARNED.first(realmName, REALM_ATTRIBUTE, attribute)) {
        LOG.warnf(
            "Realm %s: attribute %s is not a time zone id (%s); using the server's time-zone %s",
            realmName, REALM_ATTRIBUTE, attribute, serverDefault);
      }
      return serverDefault;
    }
  }
}
