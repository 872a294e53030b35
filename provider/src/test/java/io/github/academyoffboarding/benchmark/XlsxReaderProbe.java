package io.github.academyoffboarding.benchmark;

import io.github.academyoffboarding.bulk.MatchBy;
import io.github.academyoffboarding.bulk.parse.ParseLimits;
import io.github.academyoffboarding.bulk.parse.ParseResult;
import io.github.academyoffboarding.bulk.parse.UploadedFileReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads one xlsx file with the extension's reader, alone, in a JVM of its own (started by {@link
 * XlsxReaderRun} with the heap under test) and prints one line: {@code rows=… seconds=…
 * peakHeapBytes=… poolPeakBytes=…}. The peak is sampled every few milliseconds from {@link
 * MemoryMXBean}; the pool peak is the sum of the heap pools' own peaks (an upper bound: the pools
 * need not peak together).
 */
public final class XlsxReaderProbe {

  private XlsxReaderProbe() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int maxRows = Integer.parseInt(args[1]);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    long before = memory.getHeapMemoryUsage().getUsed();
    AtomicLong peak = new AtomicLong(before);
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(2);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    sampler.setDaemon(true);
    sampler.start();
    long[] count = {0};
    long start = System.nanoTime();
    ParseResult result =
        UploadedFileReader.read(
            file,
            file.getFileName().toString(),
            MatchBy.EMAIL,
            ParseLimits.defaults().withMaxRows(maxRows),
            row -> count[0]++);
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.interrupt();
    sampler.join();
    long poolPeak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        poolPeak += pool.getPeakUsage().getUsed();
      }
    }
    if (result.rows() != count[0]) {
      throw new IllegalStateException(
          "reader said " + result.rows() + " rows but delivered " + count[0]);
    }
    System.out.printf(
        "rows=%d seconds=%.3f peakHeapBytes=%d poolPeakBytes=%d baseHeapBytes=%d maxHeapBytes=%d%n",
        count[0], seconds, peak.get(), poolPeak, before, memory.getHeapMemoryUsage().getMax());
  }
}
