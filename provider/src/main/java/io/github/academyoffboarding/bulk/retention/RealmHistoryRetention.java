package io.github.academyoffboarding.bulk.retention;

import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.RealmAttributeWarnings;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * How long a realm keeps the row history of its ended imports. The realm attribute {@value
 * #REALM_ATTRIBUTE} (an ISO-8601 duration, set by a realm admin with manage-realm: a tenant whose
 * data-protection policy is stricter than the server's) shortens the server's SPI option {@code
 * history-retention} for that realm; it never lengthens it, because the operator's retention is the
 * longest any personal data in the extension's tables is kept.
 */
public final class RealmHistoryRetention {

  public static final String REALM_ATTRIBUTE = "academy.history-retention";

  private static final Logger LOG = Logger.getLogger(RealmHistoryRetention.class);

  /** Invalid realm values already warned about. */
  private static final RealmAttributeWarnings WARNED = new RealmAttributeWarnings();

  private RealmHistoryRetention() {}

  /** The realm's retention: its attribute when set, valid and shorter, else {@code server}. */
  public static Duration of(RealmModel realm, Duration server) {
    return of(realm.getName(), realm.getAttribute(REALM_ATTRIBUTE), server);
  }

  static Duration of(String realmName, String attribute, Duration server) {
    if (attribute == null || attribute.isBlank()) {
      return server;
    }
    Duration own = BulkSettings.parseDeleteAfter(attribute.strip());
    if (own == null || own.isZero()) {
      // A purge must not fail over a realm setting; the server's retention is what the operator
      // set.
      if (WARNED.first(realmName, REALM_ATTRIBUTE, attribute)) {
        LOG.warnf(
            "Realm %s: attribute %s is not a positive ISO-8601 duration of at most ten years (%s); using"
                + " the server's history-retention %s",
            realmName, REALM_ATTRIBUTE, attribute, server);
      }
      return server;
    }
    if (own.compareTo(server) > 0) {
      if (WARNED.first(realmName, REALM_ATTRIBUTE, attribute)) {
        LOG.warnf(
            "Realm %s: attribute %s (%s) is longer than the server's history-retention; using %s",
            realmName, REALM_ATTRIBUTE, attribute, server);
      }
      return server;
    }
    return own;
  }
}
