package io.github.academyoffboarding.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.openapi.api.SmallRyeOpenAPI;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.junit.jupiter.api.Test;

/**
 * Generates the OpenAPI description of {@code /academy} and {@code /bulk-users} from the JAX-RS and
 * MicroProfile OpenAPI annotations of the resources (SmallRye OpenAPI, the scanner Keycloak itself
 * uses) and checks that {@code docs/openapi.yaml} is up to date. Regenerate it with {@code ./mvnw
 * test -pl provider -am -Dtest=OpenApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dopenapi.write=true}.
 */
class OpenApiDocumentTest {

  private static final Path CLASSES = Path.of("target/classes");
  private static final Path TEST_CLASSES = Path.of("target/test-classes");
  private static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml");

  @Test
  void docsOpenapiYamlMatchesTheCode() throws IOException {
    String yaml = generate();
    assertThat(yaml)
        .contains("/admin/realms/{realm}/bulk-users/imports/{id}/commit")
        .contains("/admin/realms/{realm}/academy/users/{userId}/summary");
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "openapi.yaml"), yaml);
    if (Boolean.getBoolean("openapi.write")) {
      Files.writeString(DOCUMENT, yaml);
    }
    assertThat(Files.exists(DOCUMENT))
        .as(DOCUMENT + " exists (generate it with -Dopenapi.write=true)")
        .isTrue();
    assertThat(Files.readString(DOCUMENT))
        .as(DOCUMENT + " is stale: regenerate it with -Dopenapi.write=true (see the class comment)")
        .isEqualTo(yaml);
  }

  static String generate() throws IOException {
    Indexer indexer = new Indexer();
    for (Path root : List.of(CLASSES, TEST_CLASSES)) {
      try (Stream<Path> files = Files.walk(root.resolve("io/github/academyoffboarding"))) {
        for (Path file : files.filter(OpenApiDocumentTest::documented).sorted().toList()) {
          try (InputStream in = Files.newInputStream(file)) {
            indexer.index(in);
          }
        }
      }
    }
    Index index = indexer.complete();
    return SmallRyeOpenAPI.builder()
        .withConfig(
            new MapConfig(Map.of("mp.openapi.extensions.smallrye.operationIdStrategy", "METHOD")))
        .withIndex(index)
        .withApplicationClassLoader(OpenApiDocumentTest.class.getClassLoader())
        .enableModelReader(false)
        .enableStandardStaticFiles(false)
        .enableStandardFilter(false)
        .defaultRequiredProperties(false)
        .build()
        .toYAML();
  }

  /** Main classes, plus from the tests only the mount points and the document's info. */
  private static boolean documented(Path file) {
    String name = file.toString().replace('\\', '/');
    if (!name.endsWith(".class")) {
      return false;
    }
    if (name.startsWith(CLASSES.toString())) {
      return true;
    }
    return name.endsWith("/AcademyApiRoot.class")
        || name.endsWith("/BulkUsersApiRoot.class")
        || name.endsWith("/AdminApiDefinition.class");
  }

  /**
   * MicroProfile Config from a map: all the scanner needs, without a Config implementation on the
   * test classpath.
   */
  private record MapConfig(Map<String, String> values) implements Config {

    @Override
    public <T> T getValue(String name, Class<T> type) {
      return getOptionalValue(name, type).orElseThrow(() -> new NoSuchElementException(name));
    }

    @Override
    public ConfigValue getConfigValue(String name) {
      String value = values.get(name);
      return new ConfigValue() {
        @Override
        public String getName() {
          return name;
        }

        @Override
        public String getValue() {
          return value;
        }

        @Override
        public String getRawValue() {
          return value;
        }

        @Override
        public String getSourceName() {
          return "test";
        }

        @Override
        public int getSourceOrdinal() {
          return 100;
        }
      };
    }

    @Override
    public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
      String value = values.get(name);
      if (value == null) {
        return Optional.empty();
      }
      Object converted =
          type == Boolean.class
              ? Boolean.valueOf(value)
              : type == Integer.class ? Integer.valueOf(value) : value;
      return type.isInstance(converted) ? Optional.of(type.cast(converted)) : Optional.empty();
    }

    @Override
    public Iterable<String> getPropertyNames() {
      return values.keySet();
    }

    @Override
    public Iterable<ConfigSource> getConfigSources() {
      return List.of();
    }

    @Override
    public <T> Optional<Converter<T>> getConverter(Class<T> type) {
      return Optional.empty();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
      throw new IllegalArgumentException(type.getName());
    }
  }
}
