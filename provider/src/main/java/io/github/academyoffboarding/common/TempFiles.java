package io.github.academyoffboarding.common;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.apache.poi.util.DefaultTempFileCreationStrategy;
import org.apache.poi.util.TempFile;
import org.jboss.logging.Logger;

/**
 * The extension's temporary files — an upload while it is read (the whole list of identifiers:
 * personal data), a report while it is sent, Apache POI's buffers while a spreadsheet is written
 * (SXSSF) — all in one folder of the product's own, {@code <java.io.tmpdir>/academy-offboarding-
 * <user>}, with POI sent there too ({@link TempFile#setTempFileCreationStrategy}).
 *
 * <p>Each file is deleted when its request ends, however it ends (finally blocks, {@code
 * SXSSFWorkbook.dispose()}); what a killed node left is deleted at the next start ({@link
 * #startUp}) and by every report written later ({@code TemporaryReport}).
 *
 * <p>Why by age, not "everything in the folder": two Keycloak nodes may share one machine and one
 * temporary folder (the cluster test does), and a node starting must not delete the files the other
 * is reading or writing right now. No file of ours lives long — an upload is read within its
 * request, a report is written and sent within its request, SXSSF's buffers live while the
 * spreadsheet is written — so a file an hour old has no request behind it any more. (Per-node
 * folders were the other choice; but a killed node's folder has no live owner to sweep it, and a
 * survivor cannot tell a dead node's folder from a live one's without a registry of its own.) On
 * Linux, deleting a file a slow request still has open would not even break that request.
 */
public final class TempFiles {

  private static final Logger LOG = Logger.getLogger(TempFiles.class);

  public static final String UPLOAD_PREFIX = "academy-upload-";
  public static final String REPORT_PREFIX = "academy-report-";

  /** POI's files, in a sub-folder of ours: their names are POI's ({@code poi-sxssf-sheet…}). */
  public static final String POI_FOLDER = "poi";

  /** No request keeps a file of ours this long; an older one is left over. */
  public static final Duration LEFT_OVER_AFTER = Duration.ofHours(1);

  private static volatile Path folder;

  private TempFiles() {}

  /**
   * Prepares the folder, sends POI's temporary files into it and deletes what a killed node or an
   * earlier run left there (and, from earlier versions, directly in {@code java.io.tmpdir}). Called
   * once at start; never throws.
   */
  public static void startUp() {
    try {
      Path tmp = systemTemp();
      Path dir = folder();
      int deleted = sweep(dir, tmp, Instant.now().minus(LEFT_OVER_AFTER));
      if (deleted > 0) {
        LOG.infof(
            "Deleted %d temporary files of bulk offboarding (uploads, reports, spreadsheet buffers)"
                + " older than %s, left by a node that stopped mid-request, in %s",
            deleted, IsoDurations.format(LEFT_OVER_AFTER), dir);
      }
    } catch (RuntimeException e) {
      LOG.warnf(
          "Could not look for left-over temporary files of bulk offboarding (%s): uploads or"
              + " reports of a node that was killed may remain in %s; delete files named %s* and"
              + " %s* there that are older than an hour.",
          e.toString(), systemTemp(), UPLOAD_PREFIX, REPORT_PREFIX);
    }
  }

  /** The folder for the extension's temporary files, created on first use. */
  public static Path folder() {
    Path f = folder;
    if (f == null) {
      synchronized (TempFiles.class) {
        f = folder;
        if (f == null) {
          Path tmp = systemTemp();
          f = prepare(tmp, System.getProperty("user.name", ""));
          if (!f.equals(tmp)) {
            // POI is loaded by the providers' class loader: this sets where only our POI writes.
            TempFile.setTempFileCreationStrategy(
                new DefaultTempFileCreationStrategy(f.resolve(POI_FOLDER).toFile()));
          }
          folder = f;
        }
      }
    }
    return f;
  }

  /** A new, empty file for an upload; the caller deletes it in a finally block. */
  public static Path newUpload() throws IOException {
    return Files.createTempFile(folder(), UPLOAD_PREFIX, ".bin");
  }

  /**
   * {@code <tmp>/academy-offboarding-<user>}, made readable by its owner only where the file system
   * knows POSIX permissions. Where it exists but is not ours (another user's, a symbolic link, not
   * writable), {@code tmp} itself, as before this folder existed, with a warning saying what to do.
   */
  static Path prepare(Path tmp, String user) {
    Path dir = tmp.resolve("academy-offboarding-" + user.replaceAll("[^A-Za-z0-9._-]", "_"));
    try {
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        try {
          if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
            Files.createDirectory(
                dir,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
          } else {
            Files.createDirectory(dir);
          }
        } catch (FileAlreadyExistsException raced) {
          // another node on this machine made it first: checked below like any existing one
        }
      }
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(dir + " is not a directory (a symbolic link or a file)");
      }
      // Ours if a file we create in it has the folder's owner.
      Path probe = Files.createTempFile(dir, ".probe-", ".tmp");
      try {
        if (!Files.getOwner(probe).equals(Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS))) {
          throw new IOException(dir + " belongs to another user");
        }
      } finally {
        Files.deleteIfExists(probe);
      }
      return dir;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      LOG.warnf(
          "Temporary files of bulk offboarding go directly to %s, not to a folder of their own"
              + " (%s). Remove %s, or give Keycloak a temporary folder of its own"
              + " (JAVA_OPTS_APPEND=-Djava.io.tmpdir=…).",
          tmp, e.getMessage(), dir);
      return tmp;
    }
  }

  /**
   * Deletes the extension's files older than {@code before}: every file in {@code dir} and in its
   * POI sub-folder, and uploads and reports of earlier versions directly in {@code tmp}. Returns
   * how many went.
   */
  static int sweep(Path dir, Path tmp, Instant before) {
    int deleted = 0;
    if (!dir.equals(tmp)) {
      deleted += deleteOlderThan(dir, "*", before);
      deleted += deleteOlderThan(dir.resolve(POI_FOLDER), "*", before);
    }
    // Uploads and reports of earlier versions, or of a node without a folder of its own: only
    // names with our prefixes, never another program's files.
    deleted += deleteOlderThan(tmp, UPLOAD_PREFIX + "*", before);
    deleted += deleteOlderThan(tmp, REPORT_PREFIX + "*", before);
    return deleted;
  }

  /**
   * Deletes the regular files in {@code dir} matching {@code glob} last modified before {@code
   * before}; a file that cannot be deleted is left (logged at debug). Returns how many went.
   */
  public static int deleteOlderThan(Path dir, String glob, Instant before) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    FileTime limit = FileTime.from(before);
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
      for (Path f : files) {
        try {
          if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
              && Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).compareTo(limit) < 0
              && Files.deleteIfExists(f)) {
            deleted++;
            LOG.debugf("Deleted the left-over temporary file %s", f);
          }
        } catch (IOException e) {
          LOG.debugf(e, "Could not delete the left-over temporary file %s", f);
        }
      }
    } catch (IOException e) {
      LOG.debugf(e, "Could not look for left-over temporary files in %s", dir);
    }
    return deleted;
  }

  private static Path systemTemp() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }
}
