package io.github.academyoffboarding.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Eight admins each upload a 20,000-row CSV at the same moment while an ordinary user logs in again
 * and again: every preview and every login must succeed; the login latency (p50/p95) before and
 * during is written to the "Load" section of {@code docs/reliability.md} ({@code
 * -Ddocs.write=true}) or {@code target/reliability-load.md}. Runs only with {@code -Dload=true}: it
 * keeps both cores busy for minutes.
 */
// Alone: it measures the server under load.
@Isolated
@ExtendWith(KeycloakServerExtension.class)
class PreviewLoadIT {

  private static final int ADMINS = 8;
  private static final int ROWS = 20_000;
  private static final int BASELINE_LOGINS = 40;

  @Test
  void eightLargePreviewsWhileUsersLogIn(KeycloakServer kc) throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("load"), "set -Dload=true");
    try (TestRealm realm = TestRealm.create(kc)) {
      realm.createUser("learner", "learner@example.org");
      List<String> admins = new ArrayList<>();
      for (int i = 0; i < ADMINS; i++) {
        realm.createUserWithRoles(
            "admin" + i, "admin" + i + "@example.org", "manage-users", "view-users");
        admins.add("admin" + i);
      }
      for (int i = 0; i < 200; i++) {
        realm.createUser("student" + i, "student" + i + "@example.org");
      }
      // Tokens first, so the previews start together.
      List<AdminClient> clients = admins.stream().map(realm::login).toList();
      for (int i = 0; i < 5; i++) {
        login(kc, realm); // warm-up
      }
      List<Long> before = new ArrayList<>();
      for (int i = 0; i < BASELINE_LOGINS; i++) {
        before.add(login(kc, realm));
      }

      ConcurrentLinkedQueue<Long> during = new ConcurrentLinkedQueue<>();
      AtomicBoolean running = new AtomicBoolean(true);
      List<String> loginErrors = Collections.synchronizedList(new ArrayList<>());
      Thread logins =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    during.add(login(kc, realm));
                  } catch (RuntimeException e) {
                    loginErrors.add(e.getMessage());
                  }
                }
              });
      ExecutorService pool = Executors.newFixedThreadPool(ADMINS);
      long start = System.nanoTime();
      List<Long> previewMillis = Collections.synchronizedList(new ArrayList<>());
      List<Future<TestResponse>> uploads = new ArrayList<>();
      logins.start();
      for (int i = 0; i < ADMINS; i++) {
        byte[] csv = csv(i);
        AdminClient admin = clients.get(i);
        uploads.add(
            pool.submit(
                () -> {
                  long t = System.nanoTime();
                  TestResponse r =
                      admin.postMultipart(
                          realm.path("/bulk-users/imports"),
                          Map.of("action", "DEACTIVATE"),
                          "file",
                          "leavers.csv",
                          csv,
                          "text/csv");
                  previewMillis.add((System.nanoTime() - t) / 1_000_000);
                  return r;
                }));
      }
      List<TestResponse> results = new ArrayList<>();
      for (Future<TestResponse> f : uploads) {
        results.add(f.get());
      }
      long wall = (System.nanoTime() - start) / 1_000_000;
      running.set(false);
      logins.join();
      pool.shutdown();

      for (TestResponse r : results) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().at("/summary/totalRows").asInt()).isEqualTo(ROWS);
        assertThat(r.json().at("/summary/toProcess").asInt()).isEqualTo(200);
      }
      assertThat(loginErrors).as("failed logins during the previews").isEmpty();
      assertThat(during).as("logins during the previews").hasSizeGreaterThanOrEqualTo(5);

      List<Long> after = new ArrayList<>();
      for (int i = 0; i < BASELINE_LOGINS; i++) {
        after.add(login(kc, realm));
      }
      String load =
          Files.exists(Path.of("/proc/loadavg"))
              ? Files.readString(Path.of("/proc/loadavg")).split(" ")[0]
              : "n/a";
      List<Long> duringList = new ArrayList<>(during);
      String section =
          "## Load\n\n"
              + "Measured by `PreviewLoadIT` (`./mvnw verify -pl provider -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false "
              + "-Dit.test=PreviewLoadIT -Dload=true -Ddocs.write=true`) on "
              + Instant.now().toString().substring(0, 10)
              + ": Keycloak 26.7.3 from the distribution, H2, one node, the machine's "
              + Runtime.getRuntime().availableProcessors()
              + " cores shared with the test JVM (and with other builds).\n\n"
              + ADMINS
              + " admins (manage-users) each upload a "
              + ROWS
              + "-row CSV (200 existing users, the rest unknown addresses) "
              + "at the same moment, while one ordinary user logs in (password grant) in a loop.\n\n"
              + "| | value |\n|---|---|\n"
              + "| previews created | "
              + results.size()
              + " of "
              + ADMINS
              + ", all 201 |\n"
              + "| failed logins | "
              + loginErrors.size()
              + " |\n"
              + "| all eight previews done after | "
              + wall
              + " ms |\n"
              + "| one preview, slowest / fastest | "
              + Collections.max(previewMillis)
              + " / "
              + Collections.min(previewMillis)
              + " ms |\n"
              + "| login p50 / p95 before ("
              + before.size()
              + " logins) | "
              + pct(before, 50)
              + " / "
              + pct(before, 95)
              + " ms |\n"
              + "| login p50 / p95 during ("
              + duringList.size()
              + " logins) | "
              + pct(duringList, 50)
              + " / "
              + pct(duringList, 95)
              + " ms |\n"
              + "| login p50 / p95 after ("
              + after.size()
              + " logins) | "
              + pct(after, 50)
              + " / "
              + pct(after, 95)
              + " ms |\n"
              + "| machine load average (1 min) at the end | "
              + load
              + " |\n\n"
              + "No login failed; during the previews, logins and the eight previews share the same two cores (see the load "
              + "average, which includes other builds on the machine), and the p95 shows how long the slowest logins waited.\n";
      write(section);
      System.out.println(section);
    }
  }

  private static long login(KeycloakServer kc, TestRealm realm) {
    long t = System.nanoTime();
    AdminClient.password(kc, realm.name(), "learner", TestRealm.PASSWORD);
    return (System.nanoTime() - t) / 1_000_000;
  }

  private static byte[] csv(int admin) {
    StringBuilder sb = new StringBuilder("email\n");
    for (int i = 0; i < ROWS; i++) {
      sb.append(
              i < 200 ? "student" + i + "@example.org" : "gone-" + admin + "-" + i + "@example.org")
          .append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static long pct(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  /**
   * Replaces this test's "## Load" section (up to the next "## ") and leaves the rest of the file
   * alone.
   */
  private static void write(String section) throws IOException {
    if (!Boolean.getBoolean("docs.write")) {
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target", "reliability-load.md"), section, StandardCharsets.UTF_8);
      return;
    }
    Path file = AuthorizationMatrixIT.docsDir().resolve("reliability.md");
    String text = Files.exists(file) ? Files.readString(file) : "# Reliability\n\n";
    int at = text.indexOf("## Load\n");
    if (at < 0) {
      text = text.endsWith("\n") ? text + "\n" + section : text + "\n\n" + section;
    } else {
      int next = text.indexOf("\n## ", at + 1);
      text = text.substring(0, at) + section + (next < 0 ? "" : text.substring(next));
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
