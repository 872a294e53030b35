package io.github.academyoffboarding.bulk.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.academyoffboarding.bulk.MatchBy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The reader over Apache POI's spreadsheet corpus (real files of many writers, damaged and
 * fuzzer-made ones among them): every file is read or refused with a {@link BulkFileException} (a
 * 4xx with its key), never another exception (which the server would answer with a 500), and never
 * slowly. The same over HTTP: {@code PoiCorpusIT}.
 */
class PoiCorpusTest {

  /** Far above the slowest file (measured well below a second on a busy 2-core machine). */
  private static final long TIMEOUT_SECONDS = 60;

  @Test
  void everyFileIsReadOrRefusedWithAClear4xx() throws InterruptedException {
    List<Path> files = PoiCorpus.files();
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> read = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    long start = System.nanoTime();
    long slowest = 0;
    String slowestFile = null;
    try {
      for (Path file : files) {
        String name = file.getFileName().toString();
        long t0 = System.nanoTime();
        Future<String> outcome = executor.submit(() -> read(file, name));
        try {
          String result = outcome.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          outcomes.merge(result.startsWith("200") ? "200" : result, 1, Integer::sum);
          if (result.startsWith("200")) {
            read.add(name + result.substring(3));
          }
        } catch (TimeoutException e) {
          outcome.cancel(true);
          failures.add(name + ": no answer within " + TIMEOUT_SECONDS + " s");
          executor.shutdownNow();
          executor = Executors.newSingleThreadExecutor();
        } catch (ExecutionException e) {
          failures.add(name + ": " + e.getCause());
          outcomes.merge("5xx " + e.getCause().getClass().getSimpleName(), 1, Integer::sum);
        }
        long took = System.nanoTime() - t0;
        if (took > slowest) {
          slowest = took;
          slowestFile = name;
        }
      }
    } finally {
      executor.shutdownNow();
    }
    System.out.printf(
        "PoiCorpusTest: %d files in %d ms (slowest %s, %d ms): %s%n",
        files.size(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
        slowestFile,
        TimeUnit.NANOSECONDS.toMillis(slowest),
        outcomes);
    System.out.printf("PoiCorpusTest: read: %s%n", read);
    assertThat(failures).as("files answered other than 2xx or a clear 4xx").isEmpty();
  }

  /** "200" or "4xx key"; anything else thrown is a failure. */
  private static String read(Path file, String name) {
    try {
      List<UploadedRow> rows = new ArrayList<>();
      ParseResult result =
          UploadedFileReader.read(file, name, MatchBy.EMAIL, ParseLimits.defaults(), rows::add);
      long invalid =
          rows.stream()
              .filter(r -> !IdentifierNormalizer.normalize(MatchBy.EMAIL, r.value()).isValid())
              .count();
      return String.format(
          "200 (sheet '%s' of %d, header row %d, %d rows, %d invalid)",
          result.sheetName(), result.sheetCount(), result.headerRowNumber(), rows.size(), invalid);
    } catch (BulkFileException e) {
      assertThat(e.httpStatus()).as(name).isBetween(400, 499);
      assertThat(e.messageKey()).as(name).startsWith("bulk.");
      assertThat(e.englishText()).as(name).isNotBlank();
      return e.httpStatus() + " " + e.messageKey();
    }
  }
}
