package io.github.academyoffboarding.benchmark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * The xlsx reader alone: generates an e-mail column of {@code rows} rows (once) and reads it in a
 * fresh JVM.
 */
final class XlsxReaderRun {

  record Figures(
      long rows,
      double seconds,
      long peakHeapBytes,
      long poolPeakBytes,
      long baseHeapBytes,
      String heap) {
    double rowsPerSecond() {
      return rows / seconds;
    }

    String line() {
      return String.format(
          "xlsx reader %,d rows at %s: %.2f s, %,.0f rows/s, peak heap used %.0f MiB (sampled; %.0f MiB before),"
              + " heap pools' peaks sum to %.0f MiB",
          rows,
          heap,
          seconds,
          rowsPerSecond(),
          mib(peakHeapBytes),
          mib(baseHeapBytes),
          mib(poolPeakBytes));
    }
  }

  private XlsxReaderRun() {}

  /**
   * target/bench-xlsx/emails-{rows}.xlsx, written with SXSSF and shared strings as Excel writes
   * them.
   */
  static Path file(Path dir, int rows) {
    Path file = dir.resolve("emails-" + rows + ".xlsx");
    if (Files.exists(file)) {
      return file;
    }
    try {
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, "emails-", ".tmp");
      try (SXSSFWorkbook wb = new SXSSFWorkbook(null, 1000, true, true);
          OutputStream out = Files.newOutputStream(temp)) {
        Sheet sheet = wb.createSheet("Users");
        sheet.createRow(0).createCell(0).setCellValue("E-mail");
        for (int i = 1; i <= rows; i++) {
          Row row = sheet.createRow(i);
          row.createCell(0).setCellValue("learner" + i + "@bench.example.org");
        }
        wb.write(out);
      }
      Files.move(temp, file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@link XlsxReaderProbe} in a new JVM with {@code -Xmx<heap>}. */
  static Figures measure(Path file, int maxRows, String heap) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-XX:+UseG1GC",
                "-cp",
                System.getProperty("java.class.path"),
                XlsxReaderProbe.class.getName(),
                file.toString(),
                Integer.toString(maxRows)));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out;
      try (var in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "reader probe failed on " + file + " at -Xmx" + heap + ":\n" + out);
      }
      String line =
          out.lines()
              .filter(l -> l.startsWith("rows="))
              .reduce((a, b) -> b)
              .orElseThrow(
                  () -> new IllegalStateException("no result from the reader probe:\n" + out));
      Map<String, String> v = new HashMap<>();
      for (String kv : line.split(" ")) {
        String[] parts = kv.split("=", 2);
        v.put(parts[0], parts[1]);
      }
      return new Figures(
          Long.parseLong(v.get("rows")),
          Double.parseDouble(v.get("seconds")),
          Long.parseLong(v.get("peakHeapBytes")),
          Long.parseLong(v.get("poolPeakBytes")),
          Long.parseLong(v.get("baseHeapBytes")),
          heap);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
