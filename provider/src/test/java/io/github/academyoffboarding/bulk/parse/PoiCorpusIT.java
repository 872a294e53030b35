package io.github.academyoffboarding.bulk.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every file of Apache POI's spreadsheet corpus ({@link PoiCorpus}: files of Excel, LibreOffice and
 * other writers, damaged zips, encrypted and fuzzer-made workbooks) uploaded to the preview
 * endpoint over HTTP: each gets its preview (201) or a 4xx with the product's error body (a {@code
 * bulk.*} key and a description), never a 5xx, never a hang.
 */
@ExtendWith(KeycloakServerExtension.class)
class PoiCorpusIT {

  /** Per file; the slowest file takes a few seconds on a busy 2-core machine. */
  private static final long TIMEOUT_SECONDS = 90;

  /** A fresh admin token before the realm's 5-minute access tokens can run out. */
  private static final long TOKEN_SECONDS = 120;

  private TestRealm realm;

  @BeforeEach
  void setUp(KeycloakServer kc) {
    realm = TestRealm.create(kc);
    realm.createUser("alice", "alice@example.org");
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void everyFileGetsAPreviewOrAClear4xx() throws IOException, InterruptedException {
    List<Path> files = PoiCorpus.files();
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    AdminClient admin = realm.admin();
    long tokenAt = System.nanoTime();
    long start = System.nanoTime();
    long slowest = 0;
    String slowestFile = null;
    try {
      for (Path file : files) {
        String name = file.getFileName().toString();
        byte[] content = Files.readAllBytes(file);
        if (System.nanoTime() - tokenAt > TimeUnit.SECONDS.toNanos(TOKEN_SECONDS)) {
          admin = realm.admin();
          tokenAt = System.nanoTime();
        }
        AdminClient client = admin;
        long t0 = System.nanoTime();
        Future<TestResponse> upload =
            executor.submit(
                () ->
                    client.postMultipart(
                        realm.path("/bulk-users/imports"),
                        Map.of("action", "DEACTIVATE"),
                        "file",
                        name,
                        content,
                        contentType(name)));
        TestResponse r;
        try {
          r = upload.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          upload.cancel(true);
          failures.add(name + ": no answer within " + TIMEOUT_SECONDS + " s");
          outcomes.merge("timeout", 1, Integer::sum);
          continue;
        } catch (ExecutionException e) {
          failures.add(name + ": " + e.getCause());
          outcomes.merge("no answer", 1, Integer::sum);
          continue;
        }
        long took = System.nanoTime() - t0;
        if (took > slowest) {
          slowest = took;
          slowestFile = name;
        }
        String problem = check(r);
        if (problem != null) {
          failures.add(name + ": " + problem + " " + r);
        }
        outcomes.merge(outcome(r), 1, Integer::sum);
      }
    } finally {
      executor.shutdownNow();
    }
    System.out.printf(
        "PoiCorpusIT: %d files in %d ms (slowest %s, %d ms): %s%n",
        files.size(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
        slowestFile,
        TimeUnit.NANOSECONDS.toMillis(slowest),
        outcomes);
    assertThat(failures).as("files answered other than 201 or a clear 4xx").isEmpty();
    // And the server still serves a good upload.
    TestResponse good =
        realm
            .admin()
            .postMultipart(
                realm.path("/bulk-users/imports"),
                Map.of("action", "DEACTIVATE"),
                "file",
                "good.csv",
                "email\nalice@example.org\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "text/csv");
    assertThat(good.status()).as(good.toString()).isEqualTo(201);
  }

  /** Null when the answer is a preview or a 4xx with the product's error body, else what is off. */
  private static String check(TestResponse r) {
    if (r.status() == 201) {
      JsonNode body = r.json();
      return body.hasNonNull("id") && "PREVIEW".equals(body.path("status").asText())
          ? null
          : "a 201 without a preview";
    }
    if (r.status() < 400 || r.status() > 499) {
      return "status " + r.status();
    }
    JsonNode body;
    try {
      body = r.json();
    } catch (RuntimeException e) {
      return "a 4xx without a JSON body";
    }
    if (!body.path("error").asText("").startsWith("bulk.")) {
      return "a 4xx without the product's error key";
    }
    if (body.path("errorDescription").asText("").isBlank()) {
      return "a 4xx without a description";
    }
    return null;
  }

  private static String outcome(TestResponse r) {
    if (r.status() >= 400 && r.status() < 500) {
      try {
        return r.status() + " " + r.json().path("error").asText();
      } catch (RuntimeException e) {
        return String.valueOf(r.status());
      }
    }
    return String.valueOf(r.status());
  }

  /** The part's type as a browser sends it: by the file's extension. */
  private static String contentType(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".xlsx")) {
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    if (lower.endsWith(".xls")) {
      return "application/vnd.ms-excel";
    }
    if (lower.endsWith(".csv")) {
      return "text/csv";
    }
    if (lower.endsWith(".txt")) {
      return "text/plain";
    }
    return "application/octet-stream";
  }
}
