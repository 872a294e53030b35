package io.github.academyoffboarding.bulk.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One read of the server's {@code /metrics} (Prometheus text), and its samples by name and tags.
 */
final class MetricsScrape {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final Pattern SAMPLE =
      Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)\\})? ([^\\s]+)");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final String text;

  private MetricsScrape(String text) {
    this.text = text;
  }

  static MetricsScrape of(String managementUrl) {
    assertThat(managementUrl).as("the test server's management interface").isNotNull();
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(managementUrl + "/metrics"))
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("GET /metrics").isEqualTo(200);
      return new MetricsScrape(r.body());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + managementUrl + "/metrics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The value of the sample {@code name} whose labels include all of {@code labels} (name, value
   * pairs), or null when there is none.
   */
  Double value(String name, String... labels) {
    Map<String, String> wanted = new HashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    Matcher m = SAMPLE.matcher(text);
    Double found = null;
    while (m.find()) {
      if (!m.group(1).equals(name)) {
        continue;
      }
      Map<String, String> have = new HashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          have.put(l.group(1), l.group(2));
        }
      }
      if (have.entrySet().containsAll(wanted.entrySet())) {
        assertThat(found).as("one sample of " + name + " " + wanted).isNull();
        found = Double.parseDouble(m.group(3));
      }
    }
    return found;
  }

  /** As {@link #value}, 0 when there is no such sample (a counter never incremented). */
  double count(String name, String... labels) {
    Double v = value(name, labels);
    return v == null ? 0 : v;
  }

  String text() {
    return text;
  }
}
