package io.github.academyoffboarding.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;

/**
 * "A running Keycloak" for integration tests: started once for the whole test run (the first test
 * class that needs it starts it; JUnit closes it after the last one), injected as {@link
 * KeycloakServer}.
 *
 * <p>System properties (set by the Maven build): {@code kc.it.db} = h2 | postgres | mariadb; {@code
 * kc.it.runtime} = dist | container | auto (container where a Docker engine answers); {@code
 * kc.it.dist}, {@code kc.it.providers}, {@code kc.it.work}, {@code kc.it.version}; optional {@code
 * kc.it.options}: extra {@code kc.sh start} options for the whole run, separated by spaces (the
 * build passes short job lease and poll interval, so crash tests need not wait a minute), and
 * {@code kc.it.java-opts-append}: extra JVM flags for the distribution (e.g. JFR for the
 * benchmark).
 */
public final class KeycloakServerExtension implements BeforeAllCallback, ParameterResolver {

  public static final String ADMIN_USER = "admin";
  public static final String ADMIN_PASSWORD = "admin";
  private static final Logger LOG = Logger.getLogger(KeycloakServerExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KeycloakServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  private static KeycloakServer server(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(RunningServer.class, k -> RunningServer.start(), RunningServer.class)
        .server;
  }

  /** Closed by JUnit when the root context closes, i.e. after the last test of the run. */
  private static final class RunningServer
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final KeycloakServer server;
    private final Runnable stop;

    private RunningServer(KeycloakServer server, Runnable stop) {
      this.server = server;
      this.stop = stop;
    }

    static RunningServer start() {
      String db = System.getProperty("kc.it.db", "h2");
      String runtime = System.getProperty("kc.it.runtime", "auto");
      String version = required("kc.it.version");
      Path providers = Path.of(required("kc.it.providers"));
      List<String> options = extraOptions();
      if (runtime.equals("container") || (runtime.equals("auto") && dockerAvailable())) {
        LOG.infof("Starting Keycloak %s in a container (database %s)", version, db);
        ContainerKeycloak kc = new ContainerKeycloak(version, db, providers, options);
        return new RunningServer(kc, kc::stop);
      }
      Path work = Path.of(required("kc.it.work")).resolve("run-" + System.currentTimeMillis());
      try {
        Files.createDirectories(work);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      TestDatabase database = TestDatabase.create(db, work);
      LOG.infof(
          "Starting Keycloak %s from the distribution (database %s, log %s)",
          version, db, work.resolve("keycloak.log"));
      DistributionKeycloak kc =
          new DistributionKeycloak(Path.of(required("kc.it.dist")), database, work, options);
      try {
        kc.install(providers);
        kc.start();
      } catch (RuntimeException e) {
        kc.kill();
        database.drop();
        throw e;
      }
      return new RunningServer(
          kc,
          () -> {
            kc.stop();
            database.drop();
          });
    }

    @Override
    public void close() {
      stop.run();
    }

    private static List<String> extraOptions() {
      String value = System.getProperty("kc.it.options", "").strip();
      return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
    }

    private static boolean dockerAvailable() {
      try {
        return DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        return false;
      }
    }

    private static String required(String property) {
      String value = System.getProperty(property);
      if (value == null || value.isBlank()) {
        throw new IllegalStateException(
            "system property "
                + property
                + " is not set: run the integration tests through Maven (./mvnw verify)");
      }
      return value;
    }
  }
}
