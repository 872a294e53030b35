package io.github.academyoffboarding.bulk.plan;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.parse.NormalizedIdentifier;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Decides each row's status, batch by batch, as rows stream in from the file: it holds one batch
 * and the ids of users already seen (to spot duplicates), never the whole file or the realm's
 * users.
 *
 * <p>Order of precedence: invalid, not found, duplicate, protected, unchanged, matched.
 */
public final class ImportPlanner {

  private final BulkAction action;
  private final Function<String, NormalizedIdentifier> normalizer;
  private final UserDirectory directory;
  private final int batchSize;
  private final Consumer<List<PlannedRow>> sink;
  private final List<Integer> pendingRows = new ArrayList<>();
  private final List<String> pendingRaw = new ArrayList<>();
  private final List<NormalizedIdentifier> pendingNormalised = new ArrayList<>();
  private final Set<String> seenUsers = new HashSet<>();
  private final Map<RowStatus, Integer> counts = new EnumMap<>(RowStatus.class);

  /**
   * @param normalizer turns a raw cell into the identifier to look up, or says why it is not a
   *     valid one
   * @param sink receives each decided batch, in file order
   */
  public ImportPlanner(
      BulkAction action,
      Function<String, NormalizedIdentifier> normalizer,
      UserDirectory directory,
      int batchSize,
      Consumer<List<PlannedRow>> sink) {
    this.action = action;
    this.normalizer = normalizer;
    this.directory = directory;
    this.batchSize = Math.max(1, batchSize);
    this.sink = sink;
    for (RowStatus s : RowStatus.values()) {
      counts.put(s, 0);
    }
  }

  public void accept(int rowNumber, String rawIdentifier) {
    pendingRows.add(rowNumber);
    pendingRaw.add(rawIdentifier);
    pendingNormalised.add(normalizer.apply(rawIdentifier));
    if (pendingRows.size() >= batchSize) {
      flush();
    }
  }

  /** Decides what is still buffered. Call once after the last row. */
  public void finish() {
    flush();
  }

  public int count(RowStatus status) {
    return counts.get(status);
  }

  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  private void flush() {
    if (pendingRows.isEmpty()) {
      return;
    }
    Set<String> lookup = new LinkedHashSet<>();
    for (NormalizedIdentifier n : pendingNormalised) {
      if (n.isValid()) {
        lookup.add(n.value());
      }
    }
    Map<String, CandidateUser> found = lookup.isEmpty() ? Map.of() : directory.find(lookup);
    List<PlannedRow> decided = new ArrayList<>(pendingRows.size());
    for (int i = 0; i < pendingRows.size(); i++) {
      PlannedRow row =
          decide(pendingRows.get(i), pendingRaw.get(i), pendingNormalised.get(i), found);
      counts.merge(row.status(), 1, Integer::sum);
      decided.add(row);
    }
    pendingRows.clear();
    pendingRaw.clear();
    pendingNormalised.clear();
    sink.accept(decided);
  }

  private PlannedRow decide(
      int rowNumber,
      String raw,
      NormalizedIdentifier normalised,
      Map<String, CandidateUser> found) {
    if (!normalised.isValid()) {
      return new PlannedRow(
          rowNumber, raw, RowStatus.INVALID, null, normalised.problem().englishText());
    }
    CandidateUser user = found.get(normalised.value());
    if (user == null) {
      return new PlannedRow(
          rowNumber, raw, RowStatus.NOT_FOUND, null, "No user of this realm has this identifier.");
    }
    if (!seenUsers.add(user.id())) {
      return new PlannedRow(
          rowNumber, raw, RowStatus.DUPLICATE, user.id(), "The same user is on an earlier row.");
    }
    if (user.protection() != null) {
      return new PlannedRow(
          rowNumber, raw, RowStatus.PROTECTED, user.id(), user.protection().text());
    }
    if (action == BulkAction.DEACTIVATE && !user.enabled()) {
      return new PlannedRow(
          rowNumber, raw, RowStatus.UNCHANGED, user.id(), "The user is already deactivated.");
    }
    if (action == BulkAction.REACTIVATE && user.enabled()) {
      return new PlannedRow(
          rowNumber, raw, RowStatus.UNCHANGED, user.id(), "The user is already active.");
    }
    return new PlannedRow(rowNumber, raw, RowStatus.MATCHED, user.id(), null);
  }
}
