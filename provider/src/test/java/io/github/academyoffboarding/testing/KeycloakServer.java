package io.github.academyoffboarding.testing;

/**
 * A running Keycloak 26.7.3 with the extension installed, shared by all integration tests of a run.
 * Two implementations: the distribution zip started as a process (default, no Docker needed) and
 * Testcontainers Keycloak (where a Docker engine is available).
 */
public interface KeycloakServer {

  /** e.g. {@code http://127.0.0.1:34567}, no trailing slash. */
  String baseUrl();

  /** Keycloak's own database, for checking rows directly. */
  TestDatabase database();

  /** The server's log so far. */
  String log();

  /**
   * What the server's temporary folder ({@code java.io.tmpdir}) holds now, as paths relative to it,
   * folders with a trailing slash ({@code academy-offboarding-keycloak/}, {@code
   * academy-offboarding-keycloak/academy-upload-123.bin}).
   */
  java.util.List<String> tempFiles();

  /**
   * The management interface ({@code /metrics}, {@code /health}), or null where it is not
   * reachable.
   */
  default String managementUrl() {
    return null;
  }

  /**
   * The process id of the server's JVM on this machine (for {@code jcmd}), or -1 where it runs
   * elsewhere (a container).
   */
  default long jvmPid() {
    return -1;
  }

  /** SIGKILL the server (no shutdown hooks run), as a crashed node. */
  void kill();

  /** Starts the server again on the same database and waits until it is ready. */
  void start();

  default AdminClient masterAdmin() {
    return AdminClient.password(
        this, "master", KeycloakServerExtension.ADMIN_USER, KeycloakServerExtension.ADMIN_PASSWORD);
  }
}
