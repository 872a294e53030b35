package io.github.academyoffboarding.bulk.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Apache POI's spreadsheet test files (see the corpus's README.md), used from outside the
 * repository: the system property {@code academy.corpus.poi} when set, else {@code
 * shared/corpus/poi} next to the repository (its parent directory's), else {@code
 * /work/shared/corpus/poi}. A missing corpus fails the test that needs it: it is never skipped.
 */
final class PoiCorpus {

  static final String PROPERTY = "academy.corpus.poi";

  private PoiCorpus() {}

  static Path folder() {
    List<Path> tried = new ArrayList<>();
    String configured = System.getProperty(PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured).toAbsolutePath();
      if (Files.isDirectory(path)) {
        return path;
      }
      throw new AssertionError(
          "-D" + PROPERTY + "=" + configured + " is not a folder (resolved to " + path + ")");
    }
    Path root = repositoryRoot();
    if (root != null) {
      Path beside = root.resolve("../shared/corpus/poi").normalize();
      tried.add(beside);
      if (Files.isDirectory(beside)) {
        return beside;
      }
    }
    Path fixed = Path.of("/work/shared/corpus/poi");
    tried.add(fixed);
    if (Files.isDirectory(fixed)) {
      return fixed;
    }
    throw new AssertionError(
        "Apache POI's spreadsheet corpus was not found (tried "
            + tried
            + "). Set -D"
            + PROPERTY
            + "=/path/to/corpus/poi (the files of POI's test-data/spreadsheet, see its README.md).");
  }

  /** The spreadsheet files of the corpus (its README.md and other notes left out), by name. */
  static List<Path> files() {
    try (Stream<Path> files = Files.list(folder())) {
      List<Path> list =
          files
              .filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().toLowerCase().endsWith(".md"))
              .sorted()
              .toList();
      if (list.isEmpty()) {
        throw new AssertionError("The corpus folder " + folder() + " holds no files.");
      }
      return list;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The folder holding the Maven wrapper and the provider module, from the working directory up.
   */
  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("provider"))) {
        return dir;
      }
    }
    return null;
  }
}
