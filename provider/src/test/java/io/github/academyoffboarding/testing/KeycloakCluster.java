package io.github.academyoffboarding.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Several Keycloak nodes from the distribution, clustered with each other on loopback through
 * Keycloak's own Infinispan/JGroups ({@code --cache=ispn}, default {@code jdbc-ping} discovery) and
 * sharing one fresh PostgreSQL database. Each node has a home of its own (a copy of the built
 * distribution: {@code data/} holds a node's transaction log), its own ports and its own log.
 * Independent of the shared single server of {@link KeycloakServerExtension}, which keeps running
 * on its own database, with a local cache.
 */
public final class KeycloakCluster implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(KeycloakCluster.class);
  private static final Pattern VIEW =
      Pattern.compile(
          "ISPN000094: Received new cluster view for channel \\S+: \\[[^\\]]*\\] \\((\\d+)\\)");

  private final TestDatabase database;
  private final List<DistributionKeycloak> nodes;

  private KeycloakCluster(TestDatabase database, List<DistributionKeycloak> nodes) {
    this.database = database;
    this.nodes = nodes;
  }

  /** The cluster needs a database every node reaches: PostgreSQL ({@code -Ppostgres}). */
  public static boolean supported() {
    return "postgres".equals(System.getProperty("kc.it.db"));
  }

  /**
   * Builds the extension into a copy of the distribution, copies that to each node and starts the
   * nodes one after the other (two cores: never two start-ups at once), each with {@code
   * extraOptions} added.
   */
  public static KeycloakCluster start(int size, List<String> extraOptions) {
    Path work = Path.of(required("kc.it.work")).resolve("cluster-" + System.currentTimeMillis());
    TestDatabase database = TestDatabase.create("postgres", work);
    List<DistributionKeycloak> nodes = new ArrayList<>();
    KeycloakCluster cluster = new KeycloakCluster(database, nodes);
    try {
      Path first = work.resolve("node-0/keycloak");
      copyTree(Path.of(required("kc.it.dist")), first);
      for (int i = 0; i < size; i++) {
        Path home = work.resolve("node-" + i + "/keycloak");
        List<String> options =
            new ArrayList<>(
                List.of(
                    "--cache=ispn",
                    "--cache-stack=jdbc-ping",
                    "--cache-embedded-network-bind-address=127.0.0.1",
                    "--cache-embedded-network-bind-port=" + DistributionKeycloak.freePort()));
        options.addAll(extraOptions);
        // One temporary folder for all nodes, as nodes on one machine share /tmp.
        DistributionKeycloak node =
            new DistributionKeycloak(
                home, database, work.resolve("node-" + i), options, work.resolve("tmp"));
        if (i == 0) {
          node.install(Path.of(required("kc.it.providers")));
        } else {
          copyTree(first, home); // already built: no second augmentation
        }
        nodes.add(node);
      }
      for (int i = 0; i < size; i++) {
        LOG.infof(
            "Starting cluster node %d of %d (log %s)",
            i + 1, size, work.resolve("node-" + i + "/keycloak.log"));
        nodes.get(i).start();
      }
      cluster.awaitView(size, Duration.ofMinutes(2));
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * One Keycloak of its own, beside the shared test server: a copy of the built distribution on a
   * fresh database of the run's kind ({@code kc.it.db}: H2, PostgreSQL or MariaDB), a local cache,
   * and {@code extraOptions}. For a test that needs server options the shared server must not have
   * (a history-retention of seconds would erase the reports other tests read).
   */
  public static KeycloakCluster standalone(List<String> extraOptions) {
    Path work = Path.of(required("kc.it.work")).resolve("standalone-" + System.currentTimeMillis());
    TestDatabase database = TestDatabase.create(System.getProperty("kc.it.db", "h2"), work);
    List<DistributionKeycloak> nodes = new ArrayList<>();
    KeycloakCluster single = new KeycloakCluster(database, nodes);
    try {
      Path home = work.resolve("keycloak");
      copyTree(Path.of(required("kc.it.dist")), home);
      DistributionKeycloak node = new DistributionKeycloak(home, database, work, extraOptions);
      node.install(Path.of(required("kc.it.providers")));
      nodes.add(node);
      LOG.infof("Starting a standalone Keycloak (log %s)", work.resolve("keycloak.log"));
      node.start();
      return single;
    } catch (RuntimeException e) {
      single.close();
      throw e;
    }
  }

  public KeycloakServer node(int index) {
    return nodes.get(index);
  }

  public int size() {
    return nodes.size();
  }

  public TestDatabase database() {
    return database;
  }

  /** Graceful restart of one node (SIGTERM, then start on the same home and database). */
  public void restart(int index) {
    nodes.get(index).stop();
    nodes.get(index).start();
  }

  /** Graceful stop of one node, as an operator stops it. */
  public void stop(int index) {
    nodes.get(index).stop();
  }

  /** The size of the last cluster view this node logged, or 0. */
  public static int lastViewSize(KeycloakServer node) {
    Matcher m = VIEW.matcher(node.log());
    int size = 0;
    while (m.find()) {
      size = Integer.parseInt(m.group(1));
    }
    return size;
  }

  /** Waits until every running node has logged a cluster view of {@code members} members. */
  public void awaitView(int members, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean all = nodes.stream().allMatch(n -> lastViewSize(n) == members);
      if (all) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the nodes did not form a cluster of "
                + members
                + " within "
                + timeout
                + "; last views: "
                + nodes.stream().map(KeycloakCluster::lastViewSize).toList());
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public void close() {
    for (DistributionKeycloak node : nodes) {
      try {
        node.stop();
      } catch (RuntimeException e) {
        LOG.warnf(e, "Could not stop a cluster node");
        node.kill();
      }
    }
    database.drop();
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        if (from.relativize(source).startsWith("data")) {
          continue; // a node's own transaction log and caches, never shared
        }
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(
              source,
              target,
              StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + property + " is not set: run the integration tests through Maven");
    }
    return value;
  }
}
