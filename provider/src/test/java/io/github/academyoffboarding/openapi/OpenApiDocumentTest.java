package io.github.academyoffboarding.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.openapi.api.SmallRyeOpenAPI;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.eclipse.microprofile.openapi.annotations.servers.ServerVariable;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.junit.jupiter.api.Test;

/**
 * Generates the OpenAPI description of {@code /academy} and {@code /bulk-users} from the JAX-RS and MicroProfile OpenAPI
 * annotations of the resources (SmallRye OpenAPI, the scanner Keycloak itself uses) and checks that
 * {@code docs/openapi.yaml} is up to date. Regenerate it with
 * {@code ./mvnw test -pl provider -am -Dtest=OpenApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false -Dopenapi.write=true}.
 */
@OpenAPIDefinition(
    info = @Info(title = "Academy Offboarding for Keycloak: admin REST API", version = "1.0.0",
        description = "Extensions of Keycloak's admin REST API: academy data of users (/academy) and bulk offboarding by"
            + " file (/bulk-users). Bearer token of a realm admin or a master admin; reads need view-users, writes"
            + " manage-users of the realm. Errors are JSON {\"error\": \"<message-key>\", \"errorDescription\": \"…\"}.",
        license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")),
    servers = @Server(url = "{keycloak}", variables = @ServerVariable(name = "keycloak", defaultValue = "http://localhost:8080")),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
class OpenApiDocumentTest {

  private static final Path CLASSES = Path.of("target/classes");
  private static final Path TEST_CLASSES = Path.of("target/test-classes");
  private static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml");

  @Test
  void docsOpenapiYamlMatchesTheCode() throws IOException {
    String yaml = generate();
    assertThat(yaml).contains("/admin/realms/{realm}/bulk-users/imports/{id}/commit")
        .contains("/admin/realms/{realm}/academy/users/{userId}/summary");
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "openapi.yaml"), yaml);
    if (Boolean.getBoolean("openapi.write")) {
      Files.writeString(DOCUMENT, yaml);
    }
    assertThat(Files.exists(DOCUMENT)).as(DOCUMENT + " exists (generate it with -Dopenapi.write=true)").isTrue();
    assertThat(Files.readString(DOCUMENT)).as(DOCUMENT + " is stale: regenerate it with -Dopenapi.write=true (see the class comment)")
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
        .withIndex(index)
        .withApplicationClassLoader(OpenApiDocumentTest.class.getClassLoader())
        .enableModelReader(false)
        .enableStandardStaticFiles(false)
        .enableStandardFilter(false)
        .defaultRequiredProperties(false)
        .build()
        .toYAML();
  }

  /** Main classes, plus from the tests only the mount points and this class (which carries the document's info). */
  private static boolean documented(Path file) {
    String name = file.toString().replace('\\', '/');
    if (!name.endsWith(".class")) {
      return false;
    }
    if (name.startsWith(CLASSES.toString())) {
      return true;
    }
    return name.endsWith("/AcademyApiRoot.class") || name.endsWith("/BulkUsersApiRoot.class")
        || name.endsWith("/OpenApiDocumentTest.class");
  }
}
