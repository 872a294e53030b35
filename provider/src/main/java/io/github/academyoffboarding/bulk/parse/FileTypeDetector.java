package io.github.academyoffboarding.bulk.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.jboss.logging.Logger;

/**
 * Decides how to read an upload. The content decides for binary files (a zip is read as xlsx
 * whatever its name, an OLE2 file is never read); the name decides only between text (CSV) and a
 * refusal.
 */
final class FileTypeDetector {

  private static final Logger LOG = Logger.getLogger(FileTypeDetector.class);

  private static final byte[] OLE2 = {
    (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1
  };
  private static final String SAVE_AS_XLSX =
      " Save it as an Excel Workbook (.xlsx) or as CSV UTF-8 and upload that.";
  private static final Set<String> TEXT_EXTENSIONS = Set.of("", "csv", "txt");
  private static final Set<String> XLSX_EXTENSIONS = Set.of("xlsx", "xltx", "xlsm");

  private FileTypeDetector() {}

  static FileFormat detect(Path file, String fileName, ParseLimits limits) {
    byte[] head = new byte[8];
    int read;
    try (InputStream in = Files.newInputStream(file)) {
      read = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (read == 0) {
      throw new BulkFileException(400, "bulk.empty-file", "The file is empty.");
    }
    if (read == 8 && startsWith(head, OLE2)) {
      throw ole2(file);
    }
    if (read >= 4
        && head[0] == 'P'
        && head[1] == 'K'
        && (head[2] == 3 || head[2] == 5)
        && (head[3] == 4 || head[3] == 6)) {
      inspectZip(file, limits);
      return FileFormat.XLSX;
    }
    String extension = extension(fileName);
    if (XLSX_EXTENSIONS.contains(extension)) {
      throw BulkFileException.corrupt(
          "The file is named ."
              + extension
              + " but is not an Excel workbook; it may be damaged or renamed.",
          null);
    }
    if (!TEXT_EXTENSIONS.contains(extension)) {
      throw BulkFileException.unsupported(
          "Files of type ." + extension + " are not accepted." + SAVE_AS_XLSX);
    }
    return FileFormat.CSV;
  }

  /** An OLE2 container: either a legacy .xls (or .doc …), or an xlsx encrypted with a password. */
  private static BulkFileException ole2(Path file) {
    boolean encrypted = false;
    try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
      encrypted = fs.getRoot().hasEntry("EncryptionInfo");
    } catch (IOException | RuntimeException e) {
      LOG.debugf(e, "Unreadable OLE2 upload");
    }
    if (encrypted) {
      return new BulkFileException(
          400,
          "bulk.encrypted-file",
          "The workbook is protected with a password. "
              + "Remove the password (File > Info > Protect Workbook) and upload it again.");
    }
    return BulkFileException.unsupported(
        "This is an old Excel 97-2003 (.xls) or other legacy Office file." + SAVE_AS_XLSX);
  }

  /**
   * Checks the zip's directory (no decompression): readable, not absurdly many entries, an Office
   * package.
   */
  private static void inspectZip(Path file, ParseLimits limits) {
    Set<String> names = new HashSet<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      if (zip.size() > limits.maxZipEntries()) {
        throw BulkFileException.tooComplex("The workbook contains too many parts.", null);
      }
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        names.add(entries.nextElement().getName());
      }
    } catch (IOException e) {
      throw BulkFileException.corrupt(
          "The file is a damaged or incomplete zip archive (was the upload cut "
              + "short?). Open it in Excel and save it again.",
          e);
    }
    if (names.contains("[Content_Types].xml")) {
      return;
    }
    if (names.contains("mimetype") || names.contains("content.xml")) {
      throw BulkFileException.unsupported(
          "OpenDocument spreadsheets (.ods) are not accepted." + SAVE_AS_XLSX);
    }
    if (names.stream().anyMatch(n -> n.startsWith("Index/"))) {
      throw BulkFileException.unsupported("Numbers spreadsheets are not accepted." + SAVE_AS_XLSX);
    }
    throw BulkFileException.unsupported(
        "The file is a zip archive, not an Excel workbook." + SAVE_AS_XLSX);
  }

  static String extension(String fileName) {
    if (fileName == null) {
      return "";
    }
    String name = fileName.trim();
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(slash + 1);
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (data[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
