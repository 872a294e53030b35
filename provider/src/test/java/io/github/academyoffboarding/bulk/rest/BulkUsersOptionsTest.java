package io.github.academyoffboarding.bulk.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

/** The bulk-users options as the factory declares them to Keycloak (server info, help). */
class BulkUsersOptionsTest {

  private final Map<String, ProviderConfigProperty> options =
      new BulkUsersResourceProviderFactory()
          .getConfigMetadata().stream()
              .collect(Collectors.toMap(ProviderConfigProperty::getName, p -> p));

  @Test
  void durationsShowAsAnOperatorWritesThem() {
    assertThat(options.get("restore-window").getDefaultValue()).isEqualTo("P30D");
    assertThat(options.get("history-retention").getDefaultValue()).isEqualTo("P90D");
    assertThat(options.get("restore-window-min").getDefaultValue()).isEqualTo("PT0S");
  }

  @Test
  void theMinimumIsDeclaredAndExplained() {
    ProviderConfigProperty min = options.get("restore-window-min");
    assertThat(min.getType()).isEqualTo("string");
    assertThat(min.getHelpText()).contains("shortest restore window").contains("delete-now");
  }
}
