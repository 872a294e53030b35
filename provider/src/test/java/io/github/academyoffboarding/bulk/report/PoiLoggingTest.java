package io.github.academyoffboarding.bulk.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;

/**
 * POI logs through log4j-api; the product ships log4j-to-slf4j so that those lines reach Keycloak's
 * log (SLF4J, bound to JBoss LogManager) instead of log4j's "could not find a logging provider".
 */
class PoiLoggingTest {

  @Test
  void log4jApiFindsTheSlf4jBridgeOfTheSameVersion() {
    assertThat(LogManager.getFactory().getClass().getName())
        .isEqualTo("org.apache.logging.slf4j.SLF4JLoggerContextFactory");
    String api = LogManager.class.getPackage().getImplementationVersion();
    String bridge = LogManager.getFactory().getClass().getPackage().getImplementationVersion();
    assertThat(api).isNotBlank();
    assertThat(bridge).as("log4j-to-slf4j must match log4j-api").isEqualTo(api);
  }
}
