package io.github.academyoffboarding.bulk.leave;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.RealmAttributeWarnings;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * The leave-date sweep's SPI options: {@code leave-date-attribute}, the user attribute HR's data
 * writes a leave date to (unset: the sweep is off), and {@code leave-date-action}, what happens to
 * a user whose date has ended ({@code DEACTIVATE}, or {@code DELETE} through the restore window).
 *
 * @param attribute the attribute's name, or null when the sweep is off
 * @param action DEACTIVATE or DELETE
 */
public record LeaveDateSettings(String attribute, BulkAction action) {

  public static final LeaveDateSettings OFF = new LeaveDateSettings(null, BulkAction.DEACTIVATE);

  /** A realm's own attribute name, overriding {@code leave-date-attribute} for that realm. */
  public static final String REALM_ATTRIBUTE = "academy.leave-date-attribute";

  /** A realm's own action, overriding {@code leave-date-action} for that realm. */
  public static final String REALM_ACTION = "academy.leave-date-action";

  private static final Logger LOG = Logger.getLogger(LeaveDateSettings.class);

  /** Invalid realm values already warned about. */
  private static final RealmAttributeWarnings WARNED = new RealmAttributeWarnings();

  /**
   * A realm's settings: its attributes {@value #REALM_ATTRIBUTE} and {@value #REALM_ACTION} (set by
   * a realm admin with manage-realm: each realm's HR sync may write its own attribute) where set
   * and valid, else the server's options. An invalid realm value is ignored with one WARN per realm
   * and value: a sweep never fails over a realm setting.
   */
  public static LeaveDateSettings forRealm(RealmModel realm, LeaveDateSettings server) {
    return forRealm(
        realm.getName(),
        realm.getAttribute(REALM_ATTRIBUTE),
        realm.getAttribute(REALM_ACTION),
        server);
  }

  static LeaveDateSettings forRealm(
      String realmName, String attribute, String action, LeaveDateSettings server) {
    String name = server.attribute();
    BulkAction act = server.action();
    try {
      if (attribute != null && !attribute.isBlank()) {
        name = of(attribute, null).attribute();
      }
    } catch (IllegalArgumentException e) {
      warn(realmName, REALM_ATTRIBUTE, attribute);
    }
    try {
      if (action != null && !action.isBlank()) {
        act = action(action);
      }
    } catch (IllegalArgumentException e) {
      warn(realmName, REALM_ACTION, action);
    }
    return new LeaveDateSettings(name, act);
  }

  private static void warn(String realmName, String attribute, String value) {
    if (WARNED.first(realmName, attribute, value)) {
      LOG.warnf(
          "Realm %s: attribute %s (%s) is not valid; using the server's leave-date options",
          realmName, attribute, value);
    }
  }

  /** Keycloak's USER_ATTRIBUTE.NAME is a VARCHAR(255). */
  private static final int MAX_NAME = 255;

  public boolean on() {
    return attribute != null;
  }

  /**
   * The options as written; refused at start, with the option's name and what it takes, when the
   * action is not DEACTIVATE or DELETE or the attribute's name could never be stored.
   */
  public static LeaveDateSettings of(String attribute, String action) {
    BulkAction a = action(action);
    if (attribute == null || attribute.isBlank()) {
      return new LeaveDateSettings(null, a);
    }
    String name = attribute.strip();
    if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "bulk-users SPI option leave-date-attribute must be a user attribute name of at most "
              + MAX_NAME
              + " characters without control characters, such as leaveDate, not "
              + attribute);
    }
    return new LeaveDateSettings(name, a);
  }

  private static BulkAction action(String value) {
    if (value == null || value.isBlank()) {
      return BulkAction.DEACTIVATE;
    }
    String v = value.strip().toUpperCase(Locale.ROOT);
    if (v.equals(BulkAction.DEACTIVATE.name())) {
      return BulkAction.DEACTIVATE;
    }
    if (v.equals(BulkAction.DELETE.name())) {
      return BulkAction.DELETE;
    }
    throw new IllegalArgumentException(
        "bulk-users SPI option leave-date-action must be DEACTIVATE (the default) or DELETE"
            + " (deactivated, then deleted when the restore window ends), not "
            + value);
  }
}
