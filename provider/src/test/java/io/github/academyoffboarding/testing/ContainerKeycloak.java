package io.github.academyoffboarding.testing;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Keycloak through Testcontainers, where a Docker engine is available. The database runs in a
 * container beside it (PostgreSQL for {@code h2} and {@code postgres}, since an H2 file inside the
 * Keycloak container cannot be inspected from the test; MariaDB for {@code mariadb}).
 */
final class ContainerKeycloak implements KeycloakServer {

  private final Network network = Network.newNetwork();
  private final GenericContainer<?> db;
  private final KeycloakContainer keycloak;
  private final TestDatabase database;

  ContainerKeycloak(String version, String kind, Path providersDir, List<String> extraOptions) {
    boolean maria = kind.equals("mariadb");
    if (maria) {
      MariaDBContainer mdb = new MariaDBContainer("mariadb:10.11").withDatabaseName("keycloak");
      db = mdb.withNetwork(network).withNetworkAliases("db");
      db.start();
      database =
          TestDatabase.external("mariadb", mdb.getJdbcUrl(), mdb.getUsername(), mdb.getPassword());
    } else {
      PostgreSQLContainer pg = new PostgreSQLContainer("postgres:16").withDatabaseName("keycloak");
      db = pg.withNetwork(network).withNetworkAliases("db");
      db.start();
      database =
          TestDatabase.external("postgres", pg.getJdbcUrl(), pg.getUsername(), pg.getPassword());
    }
    List<File> jars = List.of(providersDir.toFile().listFiles((d, n) -> n.endsWith(".jar")));
    keycloak =
        new KeycloakContainer("quay.io/keycloak/keycloak:" + version)
            .withAdminUsername(KeycloakServerExtension.ADMIN_USER)
            .withAdminPassword(KeycloakServerExtension.ADMIN_PASSWORD)
            .withProviderLibsFrom(jars)
            .withNetwork(network)
            .withEnv("KC_DB", maria ? "mariadb" : "postgres")
            .withEnv(
                "KC_DB_URL",
                maria ? "jdbc:mariadb://db:3306/keycloak" : "jdbc:postgresql://db:5432/keycloak")
            .withEnv("KC_DB_USERNAME", database.username())
            .withEnv("KC_DB_PASSWORD", database.password())
            .withEnv("KC_LOG_LEVEL", "INFO,io.github.academyoffboarding:DEBUG")
            .withFeaturesEnabled(DistributionKeycloak.FEATURES);
    if (!extraOptions.isEmpty()) {
      keycloak.withCustomCommand(String.join(" ", extraOptions));
    }
    keycloak.start();
  }

  @Override
  public String baseUrl() {
    String url = keycloak.getAuthServerUrl();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public TestDatabase database() {
    return database;
  }

  @Override
  public String log() {
    return keycloak.getLogs();
  }

  @Override
  public List<String> tempFiles() {
    try {
      var listing =
          keycloak.execInContainer("find", "/tmp", "-mindepth", "1", "-printf", "%P\\t%y\\n");
      return listing
          .getStdout()
          .lines()
          .filter(l -> l.contains("\t"))
          .map(l -> l.substring(0, l.indexOf('\t')) + (l.endsWith("\td") ? "/" : ""))
          .sorted()
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void kill() {
    keycloak
        .getDockerClient()
        .killContainerCmd(keycloak.getContainerId())
        .withSignal("KILL")
        .exec();
  }

  @Override
  public void start() {
    keycloak.getDockerClient().startContainerCmd(keycloak.getContainerId()).exec();
    Wait.forHttp("/health/ready").forPort(9000).waitUntilReady(keycloak);
  }

  void stop() {
    keycloak.stop();
    db.stop();
    network.close();
  }
}
