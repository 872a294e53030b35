package io.github.academyoffboarding.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The benchmark at N = 500 inside the normal test run, so that its code keeps working. It asserts
 * that every step completes and yields figures; it sets no timing thresholds (the machine's load
 * decides those).
 */
// Alone: it runs the benchmark rounds, which print throughput.
@Isolated
@ExtendWith(KeycloakServerExtension.class)
class BulkBenchmarkSmokeIT {

  @Test
  void benchmarkRunsEndToEnd(KeycloakServer kc) {
    BulkBenchmark.Figures f = new BulkBenchmark(kc, 3).run(500);
    System.out.println(f.report(kc.database().kind()));
    assertThat(f.perAction()).isEqualTo(250);
    assertThat(f.all()).allSatisfy(seconds -> assertThat(seconds).isPositive());
    assertThat(f.report(kc.database().kind())).contains("users/s").contains("ratio to baseline");
    if (kc.managementUrl() != null) {
      assertThat(HeapSampler.heapUsed(kc.managementUrl())).isPositive();
    }
  }

  @Test
  void signOutBenchmarkRunsEndToEnd(KeycloakServer kc) {
    String report = SignOutBenchmark.run(kc, 50);
    System.out.println(report);
    assertThat(report).contains("50 logout tokens received");
  }

  @Test
  void readerProbeRunsInAFreshJvm() {
    Path dir =
        Path.of(System.getProperty("kc.it.work", "target/it-work"))
            .getParent()
            .resolve("bench-xlsx");
    XlsxReaderRun.Figures f = XlsxReaderRun.measure(XlsxReaderRun.file(dir, 2000), 2000, "128m");
    System.out.println(f.line());
    assertThat(f.rows()).isEqualTo(2000);
    assertThat(f.seconds()).isPositive();
    assertThat(f.peakHeapBytes()).isPositive();
  }
}
