package io.github.academyoffboarding.bulk;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which invalid realm attribute values were already warned about, so that a realm's bad
 * value is logged once rather than on every upload, sweep or look at the settings. Bounded, as the
 * values come from realm admins: past the bound nothing more is logged.
 */
public final class RealmAttributeWarnings {

  private static final int MAX_WARNED = 1000;

  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /** True the first time this realm, attribute and value are seen (then the caller logs). */
  public boolean first(String realmName, String attribute, String value) {
    return warned.size() < MAX_WARNED && warned.add(realmName + '\n' + attribute + '\n' + value);
  }
}
