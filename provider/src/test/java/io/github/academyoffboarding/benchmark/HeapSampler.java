package io.github.academyoffboarding.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Polls the server's {@code /metrics} (management port) and keeps the largest heap in use seen: the
 * sum of {@code jvm_memory_used_bytes{area="heap"}} over G1's pools, sampled every 100 ms.
 */
public final class HeapSampler implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final URI metrics;
  private final AtomicLong peak = new AtomicLong();
  private final AtomicLong samples = new AtomicLong();
  private final Thread thread;

  private HeapSampler(String managementUrl) {
    this.metrics = URI.create(managementUrl + "/metrics");
    this.thread = new Thread(this::loop, "heap-sampler");
    this.thread.setDaemon(true);
  }

  public static HeapSampler start(String managementUrl) {
    HeapSampler s = new HeapSampler(managementUrl);
    s.thread.start();
    return s;
  }

  /** The server's heap in use now, or -1 when the metrics cannot be read. */
  public static long heapUsed(String managementUrl) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(managementUrl + "/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? parse(r.body()) : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  static long parse(String prometheus) {
    long sum = 0;
    boolean any = false;
    for (String line : prometheus.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        any = true;
      }
    }
    return any ? sum : -1;
  }

  public long peakBytes() {
    return peak.get();
  }

  public long samples() {
    return samples.get();
  }

  private void loop() {
    while (!Thread.currentThread().isInterrupted()) {
      long used = heapUsed(metrics.toString().replace("/metrics", ""));
      if (used > 0) {
        peak.accumulateAndGet(used, Math::max);
        samples.incrementAndGet();
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
