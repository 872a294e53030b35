package io.github.academyoffboarding.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The benchmark of issue 5, run only by {@code ./mvnw verify -pl provider -am -Pbenchmark} (see
 * docs/benchmarks.md). Sizes: {@code -Dbench.sizes=1000,10000,50000}; xlsx reader rows: {@code
 * -Dbench.readerRows=100000,1000000}; server preview rows: {@code -Dbench.previewRows=100000}, of
 * which {@code -Dbench.previewUsers} exist (default: all; 0 skips a part). Figures are printed and
 * appended to {@code target/benchmark-results.txt}.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BulkOffboardingBenchmark {

  private static final Path TARGET =
      Path.of(System.getProperty("kc.it.work", "target/it-work")).getParent();

  @Test
  @Order(1)
  void xlsxReaderAlone() {
    for (int rows : ints("bench.readerRows", "100000,1000000")) {
      if (rows <= 0) {
        continue;
      }
      Path file = XlsxReaderRun.file(TARGET.resolve("bench-xlsx"), rows);
      XlsxReaderRun.Figures f =
          XlsxReaderRun.measure(file, rows, System.getProperty("bench.readerHeap", "512m"));
      assertThat(f.rows()).isEqualTo(rows);
      print(f.line() + String.format(" (file %.1f MiB)", XlsxReaderRun.mib(size(file))));
    }
  }

  @Test
  @Order(2)
  void serverHeapWhileBuildingALargePreview(KeycloakServer kc) {
    int rows = Integer.getInteger("bench.previewRows", 100_000);
    if (rows <= 0 || kc.managementUrl() == null) {
      print(
          "server preview heap: skipped (bench.previewRows="
              + rows
              + ", management URL "
              + kc.managementUrl()
              + ")");
      return;
    }
    BulkBenchmark bench = new BulkBenchmark(kc, 60);
    TestRealm realm =
        TestRealm.create(
            kc); // left to the end of the run: removing 100,000 users is not what is measured
    long t0 = System.nanoTime();
    // Seeding 100,000 users takes minutes on a busy machine: bench.previewUsers seeds fewer, the
    // other rows name no user.
    int seeded = Math.min(rows, Integer.getInteger("bench.previewUsers", rows));
    List<String[]> users = new ArrayList<>(bench.seed(realm, "p", seeded, true));
    print(
        String.format(
            "server preview: seeded %,d users with academy data in %.1f s",
            seeded, BulkBenchmark.seconds(t0)));
    for (int i = seeded; i < rows; i++) {
      users.add(new String[] {null, "nobody-" + i + "@bench.example.org"});
    }
    byte[] file = BulkBenchmark.xlsx(users);
    BulkBenchmark.Admin admin = new BulkBenchmark.Admin(realm);
    admin.get();
    System.gc();
    long idle = HeapSampler.heapUsed(kc.managementUrl());
    TestResponse created;
    double seconds;
    long peak;
    long samples;
    try (HeapSampler sampler = HeapSampler.start(kc.managementUrl())) {
      t0 = System.nanoTime();
      created =
          admin
              .get()
              .postMultipart(
                  realm.path("/bulk-users/imports"),
                  Map.of("action", "DELETE"),
                  "file",
                  "leavers.xlsx",
                  file,
                  BulkBenchmark.XLSX);
      seconds = BulkBenchmark.seconds(t0);
      peak = sampler.peakBytes();
      samples = sampler.samples();
    }
    BulkBenchmark.expect(created, 201, "large preview");
    JsonNode rep = created.json();
    assertThat(rep.at("/summary/toProcess").asInt()).isEqualTo(seeded);
    assertThat(rep.at("/summary/totalRows").asInt()).isEqualTo(rows);
    boolean oom = kc.log().contains("OutOfMemoryError");
    print(
        String.format(
            "server preview of %,d rows (xlsx %.1f MiB, DELETE, %,d rows matched, %,d academy rows counted): ready in %.2f s;"
                + " server heap in use %.0f MiB before, peak %.0f MiB during the upload (%d samples at 100 ms; Keycloak's default -Xmx512m);"
                + " OutOfMemoryError in the log: %s",
            rows,
            file.length / 1048576.0,
            seeded,
            rep.at("/summary/learningRecords").asLong() + rep.at("/summary/certificates").asLong(),
            seconds,
            XlsxReaderRun.mib(idle),
            XlsxReaderRun.mib(peak),
            samples,
            oom));
    admin.get().post(realm.path("/bulk-users/imports/" + rep.get("id").asText() + "/cancel"), null);
    assertThat(oom).isFalse();
  }

  @Test
  @Order(3)
  void bulkVersusOneByOne(KeycloakServer kc) {
    BulkBenchmark bench = new BulkBenchmark(kc, 60);
    List<BulkBenchmark.Figures> all = new ArrayList<>();
    for (int n : ints("bench.sizes", "1000,10000")) {
      if (uptimeLoad() >= 0) {
        print(String.format("load average (1 min) before N = %,d: %.2f", n, uptimeLoad()));
      }
      BulkBenchmark.Figures f = bench.run(n);
      all.add(f);
      print(f.report(kc.database().kind()));
    }
    if (all.size() > 1) {
      BulkBenchmark.Figures small = all.get(0);
      StringBuilder s =
          new StringBuilder("per-user commit cost relative to N = " + small.n() + ":");
      for (BulkBenchmark.Figures f : all) {
        s.append(
            String.format(
                " N=%,d delete %.2fx, deactivate %.2fx, schedule %.2fx, purge %.2fx;",
                f.n(),
                (f.commitDelete() / f.perAction()) / (small.commitDelete() / small.perAction()),
                (f.commitDeactivate() / f.perAction())
                    / (small.commitDeactivate() / small.perAction()),
                (f.commitSchedule() / f.perAction()) / (small.commitSchedule() / small.perAction()),
                (f.purge() / f.perAction()) / (small.purge() / small.perAction())));
      }
      print(s.toString());
    }
  }

  /** The 1-minute load average, or -1 where /proc/loadavg does not exist. */
  static double uptimeLoad() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static int[] ints(String property, String defaults) {
    String value = System.getProperty(property, "");
    return Arrays.stream((value.isBlank() ? defaults : value).split(","))
        .map(String::trim)
        .mapToInt(Integer::parseInt)
        .toArray();
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void print(String text) {
    System.out.println(text);
    try {
      Files.writeString(
          TARGET.resolve("benchmark-results.txt"),
          Instant.now() + " " + text.strip() + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
