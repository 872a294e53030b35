package io.github.academyoffboarding.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep of left-over temporary files: ours older than the safe age go, fresh ones (another live
 * node's in-flight files on the same machine) and other programs' files stay.
 */
class TempFilesTest {

  @TempDir Path tmp;

  @Test
  void theFolderIsOursAndPrivate() throws IOException {
    Path dir = TempFiles.prepare(tmp, "keycloak");
    assertThat(dir).isEqualTo(tmp.resolve("academy-offboarding-keycloak")).isDirectory();
    if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
          .isEqualTo("rwx------");
    }
    // A second node of the same user on this machine shares it.
    assertThat(TempFiles.prepare(tmp, "keycloak")).isEqualTo(dir);
    assertThat(TempFiles.prepare(tmp, "?")).isEqualTo(tmp.resolve("academy-offboarding-_"));
  }

  @Test
  void aSymbolicLinkInItsPlaceIsNotFollowed() throws IOException {
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    Files.createSymbolicLink(tmp.resolve("academy-offboarding-kc"), elsewhere);
    assertThat(TempFiles.prepare(tmp, "kc")).isEqualTo(tmp);
  }

  @Test
  void leftOversGoFreshFilesAndOthersStay() throws IOException {
    Path dir = TempFiles.prepare(tmp, "kc");
    Path poi = Files.createDirectories(dir.resolve(TempFiles.POI_FOLDER));
    Instant now = Instant.now();
    Path oldUpload = aged(dir.resolve("academy-upload-1.bin"), Duration.ofHours(2), now);
    Path oldReport = aged(dir.resolve("academy-report-1.xlsx"), Duration.ofHours(2), now);
    Path oldSheet = aged(poi.resolve("poi-sxssf-sheet123.gz"), Duration.ofHours(2), now);
    Path liveUpload = aged(dir.resolve("academy-upload-2.bin"), Duration.ofMinutes(5), now);
    Path liveSheet = aged(poi.resolve("poi-sxssf-sheet456.gz"), Duration.ofMinutes(5), now);
    // Earlier versions wrote uploads and reports directly in the temporary folder.
    Path legacyUpload = aged(tmp.resolve("academy-upload-9.bin"), Duration.ofHours(3), now);
    Path legacyReport = aged(tmp.resolve("academy-report-9.csv"), Duration.ofHours(3), now);
    Path othersOld = aged(tmp.resolve("someone-else.bin"), Duration.ofDays(3), now);
    Path othersPoi =
        aged(
            Files.createDirectories(tmp.resolve("poifiles")).resolve("poi-sxssf-sheet7.gz"),
            Duration.ofDays(3),
            now);

    int deleted = TempFiles.sweep(dir, tmp, now.minus(TempFiles.LEFT_OVER_AFTER));

    assertThat(deleted).isEqualTo(5);
    assertThat(oldUpload).doesNotExist();
    assertThat(oldReport).doesNotExist();
    assertThat(oldSheet).doesNotExist();
    assertThat(legacyUpload).doesNotExist();
    assertThat(legacyReport).doesNotExist();
    assertThat(liveUpload).exists();
    assertThat(liveSheet).exists();
    assertThat(othersOld).exists();
    assertThat(othersPoi).exists();
  }

  @Test
  void withoutAFolderOfItsOwnOnlyOurPrefixesGo() throws IOException {
    Instant now = Instant.now();
    Path ours = aged(tmp.resolve("academy-upload-1.bin"), Duration.ofHours(2), now);
    Path others = aged(tmp.resolve("other.bin"), Duration.ofHours(2), now);
    assertThat(TempFiles.sweep(tmp, tmp, now.minus(TempFiles.LEFT_OVER_AFTER))).isEqualTo(1);
    assertThat(ours).doesNotExist();
    assertThat(others).exists();
  }

  private static Path aged(Path file, Duration age, Instant now) throws IOException {
    Files.writeString(file, "x");
    Files.setLastModifiedTime(file, FileTime.from(now.minus(age)));
    return file;
  }
}
