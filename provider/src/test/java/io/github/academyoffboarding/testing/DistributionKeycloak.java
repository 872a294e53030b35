package io.github.academyoffboarding.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keycloak from the {@code keycloak-quarkus-dist} zip (unpacked by the build), started as a
 * separate process on free ports. It is built once ({@code kc.sh build}) and then started with
 * {@code --optimized}, so a restart after {@link #kill()} takes seconds, not a re-augmentation.
 */
final class DistributionKeycloak implements KeycloakServer {

  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);

  /** Preview features the tests need, enabled at build time. */
  static final String FEATURES = "scim-api";

  private final Path home;
  private final TestDatabase database;
  private final Path logFile;
  private final int httpPort;
  private final int managementPort;
  private final List<String> extraOptions;
  private final Path tempDir;
  private Process process;

  DistributionKeycloak(Path home, TestDatabase database, Path workDir, List<String> extraOptions) {
    this(home, database, workDir, extraOptions, workDir.resolve("tmp"));
  }

  /**
   * {@code tempDir}: the server's {@code java.io.tmpdir}, a folder of the run's (nodes of a cluster
   * share one, as on one machine), so that tests can see what the server leaves there without the
   * machine's /tmp and its other processes.
   */
  DistributionKeycloak(
      Path home, TestDatabase database, Path workDir, List<String> extraOptions, Path tempDir) {
    this.home = home;
    this.database = database;
    this.tempDir = tempDir;
    this.logFile = workDir.resolve("keycloak.log");
    this.httpPort = freePort();
    this.managementPort = freePort();
    this.extraOptions = extraOptions;
  }

  /**
   * Copies the extension's jars into providers/ and runs {@code kc.sh build} for the chosen
   * database.
   */
  void install(Path providersDir) {
    Path target = home.resolve("providers");
    try (Stream<Path> old = Files.list(target);
        Stream<Path> jars = Files.list(providersDir)) {
      for (Path p : old.filter(p -> p.toString().endsWith(".jar")).toList()) {
        Files.delete(p);
      }
      for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
        Files.copy(jar, target.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install the providers from " + providersDir, e);
    }
    List<String> build =
        new ArrayList<>(
            List.of(
                "build",
                "--db=" + database.keycloakVendor(),
                "--health-enabled=true",
                "--metrics-enabled=true",
                // Keycloak's SCIM API (a preview feature in 26.7) is one more way users are
                // removed:
                // ScimDeprovisioningIT drives it. A realm still has to turn it on (scimApiEnabled).
                "--features=" + FEATURES));
    run(build, "build");
  }

  @Override
  public synchronized void start() {
    List<String> args =
        new ArrayList<>(
            List.of(
                "start",
                "--optimized",
                "--http-enabled=true",
                "--hostname-strict=false",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--db-url=" + database.jdbcUrl(),
                "--db-username=" + database.username(),
                "--db-password=" + database.password(),
                "--log=console",
                "--log-level=INFO,io.github.academyoffboarding:DEBUG"));
    // A single test server needs no cluster; a node of a KeycloakCluster brings its own --cache
    // options.
    if (extraOptions.stream().noneMatch(o -> o.startsWith("--cache="))) {
      args.add("--cache=local");
    }
    args.addAll(extraOptions);
    try {
      process =
          command(args).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    awaitReady();
  }

  @Override
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    // SIGKILL the JVM first (kc.sh runs it as a child), then the script: no shutdown hook runs.
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    waitFor(process);
    process = null;
  }

  /** Graceful shutdown (SIGTERM), as at the end of the test run. */
  synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!waitFor(process)) {
      kill();
    }
    process = null;
  }

  @Override
  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  @Override
  public synchronized long jvmPid() {
    if (process == null) {
      return -1;
    }
    // kc.sh starts the JVM as its child.
    return process
        .toHandle()
        .descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .mapToLong(ProcessHandle::pid)
        .findFirst()
        .orElse(process.pid());
  }

  @Override
  public String managementUrl() {
    return "http://127.0.0.1:" + managementPort;
  }

  @Override
  public TestDatabase database() {
    return database;
  }

  @Override
  public List<String> tempFiles() {
    try (Stream<Path> files = Files.walk(tempDir)) {
      return files
          .filter(f -> !f.equals(tempDir))
          .map(f -> tempDir.relativize(f) + (Files.isDirectory(f) ? "/" : ""))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String log() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI health = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Keycloak exited with " + process.exitValue() + " during start-up; log:\n" + tail());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(500);
    }
    kill();
    throw new IllegalStateException(
        "Keycloak was not ready within " + STARTUP_TIMEOUT + "; log:\n" + tail());
  }

  private void run(List<String> args, String what) {
    try {
      Process p =
          command(args).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("kc.sh " + what + " failed; log:\n" + tail());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private ProcessBuilder command(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(home.resolve("bin/kc.sh").toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakServerExtension.ADMIN_USER);
    env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakServerExtension.ADMIN_PASSWORD);
    // Keycloak's own default heap, so that memory behaviour in tests is what users get.
    env.remove("JAVA_OPTS");
    // Extra JVM flags that leave the heap alone (e.g. -XX:StartFlightRecording for the benchmark's
    // profile), and the run's own temporary folder.
    try {
      Files.createDirectories(tempDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String append = System.getProperty("kc.it.java-opts-append", "");
    env.put(
        "JAVA_OPTS_APPEND",
        ("-Djava.io.tmpdir=" + tempDir.toAbsolutePath() + " " + append).strip());
    return pb;
  }

  private String tail() {
    String log = log();
    return log.length() > 20_000 ? log.substring(log.length() - 20_000) : log;
  }

  private static boolean waitFor(Process p) {
    try {
      return p.waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
