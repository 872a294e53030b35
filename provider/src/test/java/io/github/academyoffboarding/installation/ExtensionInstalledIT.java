package io.github.academyoffboarding.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The harness really started Keycloak 26.7.3 with the extension's jars installed. */
@ExtendWith(KeycloakServerExtension.class)
class ExtensionInstalledIT {

  @Test
  void runsTheExpectedKeycloakWithTheAdminTheme(KeycloakServer kc) {
    TestResponse info = kc.masterAdmin().get("/admin/serverinfo");
    assertThat(info.status()).isEqualTo(200);
    assertThat(info.json().at("/systemInfo/version").asText())
        .isEqualTo(System.getProperty("kc.it.version"));

    List<String> adminThemes = new ArrayList<>();
    for (JsonNode theme : info.json().at("/themes/admin")) {
      adminThemes.add(theme.get("name").asText());
    }
    assertThat(adminThemes).contains("academy-admin");
  }

  @Test
  void appliedTheExtensionsChangelogToKeycloaksDatabase(KeycloakServer kc) {
    assertThat(kc.log()).contains("Using changelog META-INF/academy-changelog-master.xml");
    for (String table :
        List.of(
            "ACADEMY_LEARNING_RECORD",
            "ACADEMY_CERTIFICATE",
            "ACADEMY_BULK_IMPORT",
            "ACADEMY_BULK_IMPORT_ROW")) {
      assertThatCode(() -> kc.database().count("select count(*) from " + table))
          .as(table)
          .doesNotThrowAnyException();
    }
  }
}
