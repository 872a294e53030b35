package io.github.academyoffboarding.bulk.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's temporary file on a real file system: it never outlives a failure. */
class TemporaryReportTest {

  @TempDir Path dir;

  @Test
  void aWriterThatThrowsLeavesNoFile() throws IOException {
    assertThatThrownBy(
            () ->
                TemporaryReport.write(
                    dir,
                    ".csv",
                    out -> {
                      out.write("half a report".getBytes(StandardCharsets.UTF_8));
                      throw new IllegalStateException("the database went away");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the database went away");
    assertThat(files()).isEmpty();
  }

  @Test
  void aFullDiskLeavesNoFile() throws IOException {
    // What a full disk looks like to the writer: the file's stream refuses a write.
    assertThatThrownBy(
            () ->
                TemporaryReport.write(
                    dir,
                    ".xlsx",
                    out -> {
                      out.write(new byte[8192]);
                      throw new IOException("No space left on device");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("No space left on device");
    assertThat(files()).isEmpty();
  }

  @Test
  void aRealReportWriterFailingMidwayLeavesNoFile() throws IOException {
    // ReportWriter itself, fed by lines whose source breaks after the first (as a database query
    // can), with an SXSSF workbook's own temporary files in between.
    var lines =
        Stream.<ReportLine>iterate(
                new ReportLine(2, "ann@example.org", "MATCHED", "DELETED", null, "a1"),
                l -> {
                  throw new UncheckedIOException(new IOException("connection reset"));
                })
            .iterator();
    assertThatThrownBy(
            () -> TemporaryReport.write(dir, ".xlsx", out -> ReportWriter.writeXlsx(lines, out)))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(files()).isEmpty();
  }

  @Test
  void streamingCopiesTheReportAndDeletesIt() throws IOException {
    TemporaryReport report =
        TemporaryReport.write(
            dir,
            ".csv",
            out ->
                ReportWriter.writeCsv(
                    List.of(new ReportLine(2, "a", "MATCHED", null, null, null)).iterator(), out));
    assertThat(files()).containsExactly(report.file());
    ByteArrayOutputStream client = new ByteArrayOutputStream();
    report.streamTo(client);
    assertThat(client.toString(StandardCharsets.UTF_8))
        .contains("Row,Identifier")
        .contains("MATCHED");
    assertThat(files()).isEmpty();
  }

  @Test
  void aClientThatGoesAwayWhileStreamingLeavesNoFile() throws IOException {
    TemporaryReport report =
        TemporaryReport.write(dir, ".csv", out -> out.write(new byte[100_000]));
    OutputStream brokenPipe =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("Broken pipe");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("Broken pipe");
          }
        };
    assertThatThrownBy(() -> report.streamTo(brokenPipe)).hasMessage("Broken pipe");
    assertThat(files()).isEmpty();
  }

  @Test
  void leftOversOfAKilledNodeGoWithTheNextReportButFreshOnesAndOthersStay() throws IOException {
    Path old = Files.writeString(dir.resolve(TemporaryReport.PREFIX + "123.xlsx"), "old");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(2 * 3600)));
    Path recent = Files.writeString(dir.resolve(TemporaryReport.PREFIX + "456.csv"), "in use");
    Path notOurs = Files.writeString(dir.resolve("someone-else.xlsx"), "x");
    Files.setLastModifiedTime(notOurs, FileTime.from(Instant.now().minusSeconds(2 * 3600)));

    TemporaryReport report = TemporaryReport.write(dir, ".csv", out -> out.write(1));

    assertThat(files()).containsExactlyInAnyOrder(recent, notOurs, report.file());
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
