package io.github.academyoffboarding.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's <em>live</em> heap: {@code jcmd <pid> GC.run} followed by {@code GC.heap_info}, so
 * garbage does not count (the heap "in use" of {@code /metrics} includes whatever G1 has not
 * collected yet, and on a 512 MiB heap that is most of it). Sampled in a loop, it keeps the largest
 * live heap seen. Each sample is a full GC of the server: use it to measure memory, not time.
 */
public final class LiveHeapSampler implements AutoCloseable {

  private static final Pattern USED =
      Pattern.compile("garbage-first heap\\s+total \\d+K, used (\\d+)K");

  private final long pid;
  private final Path commands;
  private final AtomicLong peak = new AtomicLong(-1);
  private final AtomicLong samples = new AtomicLong();
  private final Thread thread;

  private LiveHeapSampler(long pid) {
    this.pid = pid;
    try {
      this.commands = Files.createTempFile("live-heap-", ".jcmd");
      Files.writeString(commands, "GC.run\nGC.heap_info\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.thread = new Thread(this::loop, "live-heap-sampler");
    this.thread.setDaemon(true);
  }

  /** Samples the JVM {@code pid} until closed. */
  public static LiveHeapSampler start(long pid) {
    LiveHeapSampler s = new LiveHeapSampler(pid);
    s.thread.start();
    return s;
  }

  /** One full GC of the server, then its heap in use (bytes), or -1 if jcmd failed. */
  public static long liveBytes(long pid) {
    LiveHeapSampler s = new LiveHeapSampler(pid);
    try {
      return s.sample();
    } finally {
      s.deleteCommands();
    }
  }

  /** The largest live heap seen (bytes), -1 if no sample succeeded. */
  public long peakBytes() {
    return peak.get();
  }

  public long samples() {
    return samples.get();
  }

  private long sample() {
    try {
      Process p =
          new ProcessBuilder("jcmd", String.valueOf(pid), "-f", commands.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return -1;
      }
      Matcher m = USED.matcher(out);
      return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private void loop() {
    while (!Thread.currentThread().isInterrupted()) {
      long live = sample();
      if (live > 0) {
        peak.accumulateAndGet(live, Math::max);
        samples.incrementAndGet();
      }
    }
  }

  private void deleteCommands() {
    try {
      Files.deleteIfExists(commands);
    } catch (IOException e) {
      // a temporary file of a few bytes
    }
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteCommands();
  }
}
