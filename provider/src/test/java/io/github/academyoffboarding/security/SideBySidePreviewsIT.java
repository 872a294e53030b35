package io.github.academyoffboarding.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.benchmark.BulkBenchmark;
import io.github.academyoffboarding.benchmark.HeapSampler;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.LiveHeapSampler;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Three admins upload large files at the same moment — most rows unknown addresses, some naming
 * real learners, one a duplicate — while twenty learners log in again and again (password grant),
 * on Keycloak's default heap (the harness leaves {@code JAVA_OPTS} alone: {@code -Xmx512m}). It
 * proves that every preview is {@code 201} with the right counts, that no login fails, that the
 * server logs no {@code OutOfMemoryError} and is ready afterwards, and that the previews changed no
 * user.
 *
 * <p>{@code ./mvnw verify} runs 3 × 10,000 rows. Full size: {@code -Dload=true} (3 × 100,000) or
 * {@code -Dside-by-side.rows=N}. {@code -Dside-by-side.liveHeap=true} also samples the server's
 * live heap with {@code jcmd} (a full GC per sample: memory figures, not timing ones). Figures are
 * printed and appended to {@code target/side-by-side-figures.txt}; {@code -Dside-by-side.admins=1}
 * with {@code -Dside-by-side.learners=0} measures one preview alone.
 */
// Alone: it measures the server under load and reads its log from an offset.
@Isolated
@ExtendWith(KeycloakServerExtension.class)
class SideBySidePreviewsIT {

  private static final int ADMINS =
      Math.max(1, Math.min(3, Integer.getInteger("side-by-side.admins", 3)));
  private static final int LEARNERS = 200;
  private static final int LOGGING_IN =
      Math.min(20, Integer.getInteger("side-by-side.learners", 20));
  private static final String[] ACTIONS = {"DELETE", "DEACTIVATE", "DELETE"};
  private static final boolean[] XLSX = {true, true, false};

  @Test
  void threeLargePreviewsWhileTwentyLearnersLogIn(KeycloakServer kc) throws Exception {
    int rows =
        Integer.getInteger("side-by-side.rows", Boolean.getBoolean("load") ? 100_000 : 10_000);
    long thinkMillis = Long.getLong("side-by-side.thinkMillis", 500);
    boolean liveHeap = Boolean.getBoolean("side-by-side.liveHeap") && kc.jvmPid() > 0;
    try (TestRealm realm = TestRealm.create(kc)) {
      // Real learners (password, group, roles, 2 learning records and 1 certificate each).
      List<String[]> learners = new BulkBenchmark(kc, 10).seed(realm, "sbs", LEARNERS, true);
      List<AdminClient> admins = new ArrayList<>();
      for (int i = 0; i < ADMINS; i++) {
        realm.createUserWithRoles(
            "admin" + i, "admin" + i + "@example.org", "manage-users", "view-users");
        admins.add(realm.login("admin" + i));
      }
      List<byte[]> files = new ArrayList<>();
      for (int i = 0; i < ADMINS; i++) {
        files.add(file(i, rows, learners));
      }
      List<String> usernames =
          learners.subList(0, LOGGING_IN).stream().map(u -> u[1].split("@")[0]).toList();
      for (String u : usernames) {
        // Each learner once before: the first password check of a JVM is slow, and a wrong
        // password here would be the test's fault, not the server's.
        assertThat(login(kc, realm, u).status).isEqualTo(200);
      }
      if (Boolean.getBoolean("side-by-side.warmUp")) {
        // One unmeasured upload first, so that the figures are those of a warm server (JIT
        // compiled), not of the first request after start-up.
        TestResponse warm =
            admins
                .get(0)
                .postMultipart(
                    realm.path("/bulk-users/imports"),
                    Map.of("action", ACTIONS[0]),
                    "file",
                    XLSX[0] ? "leavers.xlsx" : "leavers.csv",
                    files.get(0),
                    XLSX[0] ? BulkBenchmark.XLSX : "text/csv");
        assertThat(warm.status()).as(warm.toString()).isEqualTo(201);
        admins
            .get(0)
            .post(
                realm.path("/bulk-users/imports/" + warm.json().get("id").asText() + "/cancel"),
                null);
      }
      int logOffset = kc.log().length();
      String loadBefore = loadAverage();

      AtomicBoolean previewsRunning = new AtomicBoolean(true);
      ConcurrentLinkedQueue<Long> loginMillis = new ConcurrentLinkedQueue<>();
      List<String> failedLogins = Collections.synchronizedList(new ArrayList<>());
      ExecutorService loginPool = Executors.newFixedThreadPool(Math.max(1, LOGGING_IN));
      CountDownLatch loginsStarted = new CountDownLatch(LOGGING_IN);
      List<Future<?>> loginLoops = new ArrayList<>();
      for (String u : usernames) {
        loginLoops.add(
            loginPool.submit(
                () -> {
                  loginsStarted.countDown();
                  while (previewsRunning.get()) {
                    Login l = login(kc, realm, u);
                    if (l.status == 200) {
                      loginMillis.add(l.millis);
                    } else {
                      failedLogins.add(u + ": " + l.status + " " + l.body);
                    }
                    sleep(thinkMillis);
                  }
                }));
      }
      loginsStarted.await();

      ExecutorService uploadPool = Executors.newFixedThreadPool(ADMINS);
      CountDownLatch go = new CountDownLatch(1);
      long[] previewMillis = new long[ADMINS];
      List<Future<TestResponse>> uploads = new ArrayList<>();
      long liveBefore = liveHeap ? LiveHeapSampler.liveBytes(kc.jvmPid()) : -1;
      long heapBefore = kc.managementUrl() == null ? -1 : HeapSampler.heapUsed(kc.managementUrl());
      HeapSampler heap = kc.managementUrl() == null ? null : HeapSampler.start(kc.managementUrl());
      LiveHeapSampler live = liveHeap ? LiveHeapSampler.start(kc.jvmPid()) : null;
      long cpuBefore = cpuMillis(kc.jvmPid());
      long start = System.nanoTime();
      for (int i = 0; i < ADMINS; i++) {
        int admin = i;
        uploads.add(
            uploadPool.submit(
                () -> {
                  go.await();
                  long t = System.nanoTime();
                  TestResponse r =
                      admins
                          .get(admin)
                          .postMultipart(
                              realm.path("/bulk-users/imports"),
                              Map.of("action", ACTIONS[admin]),
                              "file",
                              XLSX[admin] ? "leavers.xlsx" : "leavers.csv",
                              files.get(admin),
                              XLSX[admin] ? BulkBenchmark.XLSX : "text/csv");
                  previewMillis[admin] = (System.nanoTime() - t) / 1_000_000;
                  return r;
                }));
      }
      System.out.printf("side by side: %d uploads of %,d rows start%n", ADMINS, rows);
      go.countDown();
      List<TestResponse> results = new ArrayList<>();
      try {
        for (Future<TestResponse> f : uploads) {
          results.add(f.get());
        }
      } finally {
        previewsRunning.set(false);
        uploadPool.shutdown();
        loginPool.shutdown();
      }
      long wallMillis = (System.nanoTime() - start) / 1_000_000;
      long cpuAfter = cpuMillis(kc.jvmPid());
      for (Future<?> f : loginLoops) {
        f.get();
      }
      long heapPeak = -1;
      if (heap != null) {
        heap.close();
        heapPeak = heap.peakBytes();
      }
      long livePeak = -1;
      if (live != null) {
        live.close();
        livePeak = live.peakBytes();
      }
      String newLog = kc.log().substring(logOffset);

      List<Long> latencies = new ArrayList<>(loginMillis);
      Collections.sort(latencies);
      String figures =
          String.format(
              "side by side: %d previews of %,d rows (%s), %d learners logging in (think time %d ms);"
                  + " previews %s ms, all done after %d ms (server CPU %s s); logins %d, failed %d, p50 %d ms, p95 %d ms,"
                  + " max %d ms; server heap in use %s MiB before, peak %s MiB (/metrics), live heap %s MiB before, peak %s MiB (jcmd, %d samples);"
                  + " load average %s before, %s after; %s",
              ADMINS,
              rows,
              String.join("/", java.util.Arrays.copyOf(ACTIONS, ADMINS)),
              LOGGING_IN,
              thinkMillis,
              java.util.Arrays.toString(previewMillis),
              wallMillis,
              cpuBefore < 0 || cpuAfter < 0
                  ? "n/a"
                  : String.format("%.1f", (cpuAfter - cpuBefore) / 1000.0),
              latencies.size() + failedLogins.size(),
              failedLogins.size(),
              pct(latencies, 50),
              pct(latencies, 95),
              latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1),
              mib(heapBefore),
              mib(heapPeak),
              mib(liveBefore),
              mib(livePeak),
              live == null ? 0 : live.samples(),
              loadBefore,
              loadAverage(),
              kc.database().kind());
      System.out.println(figures);
      record(figures);

      for (int i = 0; i < ADMINS; i++) {
        TestResponse r = results.get(i);
        assertThat(r.status()).as("preview %d: %s", i, r).isEqualTo(201);
        JsonNode summary = r.json().get("summary");
        assertThat(summary.get("totalRows").asInt()).isEqualTo(rows);
        assertThat(summary.get("toProcess").asInt()).as("matched learners").isEqualTo(LEARNERS);
        assertThat(summary.get("duplicate").asInt()).isEqualTo(1);
        assertThat(summary.get("notFound").asInt()).isEqualTo(rows - LEARNERS - 1);
        assertThat(summary.get("invalid").asInt()).isZero();
        boolean delete = ACTIONS[i].equals("DELETE");
        assertThat(summary.get("learningRecords").asLong()).isEqualTo(delete ? 2L * LEARNERS : 0);
        assertThat(summary.get("certificates").asLong()).isEqualTo(delete ? LEARNERS : 0);
      }
      assertThat(failedLogins).as("failed logins").isEmpty();
      assertThat(latencies)
          .as("logins during the previews")
          .hasSizeGreaterThanOrEqualTo(LOGGING_IN);
      assertThat(newLog).doesNotContain("OutOfMemoryError");
      if (kc.managementUrl() != null) {
        assertThat(ready(kc)).as("/health/ready").isEqualTo(200);
      }
      // A preview changes nobody: every learner (and the seed's template user) still there and
      // enabled.
      AdminClient admin = realm.admin();
      TestResponse enabled = admin.get(realm.path("/users/count?enabled=true&email=sbs-"));
      assertThat(enabled.status()).as(enabled.toString()).isEqualTo(200);
      assertThat(Integer.parseInt(enabled.text().trim())).isEqualTo(LEARNERS + 1);
      for (TestResponse r : results) {
        admin.post(
            realm.path("/bulk-users/imports/" + r.json().get("id").asText() + "/cancel"), null);
      }
    }
  }

  /**
   * Admin {@code a}'s file: the {@value #LEARNERS} learners spread evenly over the rows, the first
   * of them once more in the last row (a duplicate), unknown addresses everywhere else.
   */
  private static byte[] file(int a, int rows, List<String[]> learners) {
    List<String[]> emails = new ArrayList<>(rows);
    int step = (rows - 1) / LEARNERS;
    int next = 0;
    for (int r = 0; r < rows - 1; r++) {
      if (next < LEARNERS && r == next * step) {
        emails.add(new String[] {null, learners.get(next++)[1]});
      } else {
        emails.add(new String[] {null, "gone-" + a + "-" + r + "@leavers.example.org"});
      }
    }
    emails.add(new String[] {null, learners.get(0)[1]});
    if (XLSX[a]) {
      return BulkBenchmark.xlsx(emails);
    }
    StringBuilder csv = new StringBuilder("email\n");
    emails.forEach(e -> csv.append(e[1]).append('\n'));
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private record Login(int status, long millis, String body) {}

  private static Login login(KeycloakServer kc, TestRealm realm, String username) {
    long t = System.nanoTime();
    try {
      TestResponse r =
          AdminClient.tryPassword(kc, realm.name(), username, BulkBenchmark.SEEDED_PASSWORD);
      return new Login(
          r.status(), (System.nanoTime() - t) / 1_000_000, r.status() == 200 ? "" : r.text());
    } catch (RuntimeException e) {
      return new Login(-1, (System.nanoTime() - t) / 1_000_000, e.toString());
    }
  }

  /**
   * CPU time (user + system) the server's JVM has used so far, from /proc; -1 where there is none.
   * Unlike the wall-clock time it hardly depends on what else the machine is running.
   */
  private static long cpuMillis(long pid) {
    if (pid <= 0) {
      return -1;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // Fields after the command name (in parentheses, which may contain spaces): utime is the
      // 14th field of the line, stime the 15th, in clock ticks (100 per second on Linux).
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static int ready(KeycloakServer kc) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(kc.managementUrl() + "/health/ready"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static long pct(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.valueOf(Math.round(bytes / 1048576.0));
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  private static void record(String figures) throws IOException {
    Path target = Path.of(System.getProperty("kc.it.work", "target/it-work")).getParent();
    Files.createDirectories(target);
    Files.writeString(
        target.resolve("side-by-side-figures.txt"),
        Instant.now() + " " + figures + System.lineSeparator(),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
