package io.github.academyoffboarding.bulk;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.keycloak.Config;

/** A configuration scope of these options, as Keycloak hands it to the factory (unit tests). */
final class OptionScope {

  private OptionScope() {}

  static Config.Scope of(Map<String, String> options) {
    Map<String, String> values = new HashMap<>(options);
    return new Config.AbstractScope() {
      @Override
      public String get(String key) {
        return values.get(key);
      }

      @Override
      public Config.Scope scope(String... scope) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Set<String> getPropertyNames() {
        return values.keySet();
      }

      @Override
      public Config.Scope root() {
        throw new UnsupportedOperationException();
      }
    };
  }
}
