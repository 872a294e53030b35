package io.github.academyoffboarding.bulk.plan;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.RowMessage;
import io.github.academyoffboarding.bulk.dates.DueTimes;
import io.github.academyoffboarding.bulk.dates.LeaveDate;
import io.github.academyoffboarding.bulk.parse.NormalizedIdentifier;
import java.time.ZoneId;
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
 * <p>Order of precedence: hidden, invalid, not found, ambiguous, duplicate, protected, unchanged,
 * matched; a row that would be matched but whose dates cannot be used (see {@link DueTimes}) is
 * invalid after all. Hidden rows are decided before anything else and are never looked up, so a
 * hidden row reveals nothing about the user it names (and a hidden blank row is HIDDEN, not
 * INVALID: the admin did not mean it either way).
 */
public final class ImportPlanner {

  private final BulkAction action;
  private final Function<String, NormalizedIdentifier> normalizer;
  private final UserDirectory directory;
  private final int batchSize;
  private final Consumer<List<PlannedRow>> sink;
  private final List<Pending> pending = new ArrayList<>();
  private final Set<String> seenUsers = new HashSet<>();
  private final Map<RowStatus, Integer> counts = new EnumMap<>(RowStatus.class);
  private final ZoneId zone;

  private record Pending(
      int rowNumber,
      String raw,
      NormalizedIdentifier normalised,
      LeaveDate date,
      LeaveDate until,
      DueTimes due) {}

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
    this(action, normalizer, directory, batchSize, ZoneId.systemDefault(), sink);
  }

  /**
   * @param zone the zone in which the days of dated rows end and start (the {@code time-zone}
   *     option)
   */
  public ImportPlanner(
      BulkAction action,
      Function<String, NormalizedIdentifier> normalizer,
      UserDirectory directory,
      int batchSize,
      ZoneId zone,
      Consumer<List<PlannedRow>> sink) {
    this.zone = zone;
    this.action = action;
    this.normalizer = normalizer;
    this.directory = directory;
    this.batchSize = Math.max(1, batchSize);
    this.sink = sink;
    for (RowStatus s : RowStatus.values()) {
      counts.put(s, 0);
    }
  }

  /** A row that is to be planned (a visible row, or a hidden one the upload includes). */
  public void accept(int rowNumber, String rawIdentifier) {
    accept(rowNumber, rawIdentifier, false);
  }

  /**
   * @param leaveOut the row is hidden in the spreadsheet and the upload did not include hidden
   *     rows: it becomes HIDDEN without being normalised or looked up
   */
  public void accept(int rowNumber, String rawIdentifier, boolean leaveOut) {
    accept(rowNumber, rawIdentifier, leaveOut, LeaveDate.absent(), LeaveDate.absent());
  }

  /**
   * A row with its optional {@code date} and {@code until} (absent, a date, or the text read when
   * it is not a date). A row that would be MATCHED with a bad date, an until before its date, or an
   * until on an action other than DEACTIVATE becomes INVALID instead; every other status stands.
   */
  public void accept(
      int rowNumber, String rawIdentifier, boolean leaveOut, LeaveDate date, LeaveDate until) {
    LeaveDate d = date == null ? LeaveDate.absent() : date;
    LeaveDate u = until == null ? LeaveDate.absent() : until;
    pending.add(
        new Pending(
            rowNumber,
            rawIdentifier,
            leaveOut ? null : normalizer.apply(rawIdentifier),
            d,
            u,
            DueTimes.compute(action, d, u, zone)));
    if (pending.size() >= batchSize) {
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
    if (pending.isEmpty()) {
      return;
    }
    Set<String> lookup = new LinkedHashSet<>();
    for (Pending p : pending) {
      if (p.normalised() != null && p.normalised().isValid()) {
        lookup.add(p.normalised().value());
      }
    }
    Map<String, UserDirectory.Matches> found = lookup.isEmpty() ? Map.of() : directory.find(lookup);
    List<PlannedRow> decided = new ArrayList<>(pending.size());
    for (Pending p : pending) {
      PlannedRow row = withDates(p, decide(p, found));
      counts.merge(row.status(), 1, Integer::sum);
      decided.add(row);
    }
    pending.clear();
    sink.accept(decided);
  }

  private PlannedRow decide(Pending p, Map<String, UserDirectory.Matches> found) {
    int rowNumber = p.rowNumber();
    String raw = p.raw();
    NormalizedIdentifier normalised = p.normalised();
    if (normalised == null) {
      return PlannedRow.of(rowNumber, raw, RowStatus.HIDDEN, null, RowMessage.HIDDEN);
    }
    if (!normalised.isValid()) {
      NormalizedIdentifier.Problem problem = normalised.problem();
      return new PlannedRow(
          rowNumber,
          raw,
          RowStatus.INVALID,
          null,
          problem.message(),
          normalised.messageParam(),
          null);
    }
    UserDirectory.Matches matches =
        found.getOrDefault(normalised.value(), UserDirectory.Matches.NONE);
    // Users the caller may not view do not exist for this row: with none viewable it reads
    // exactly like an unknown identifier.
    if (matches.viewable().isEmpty()) {
      return PlannedRow.of(rowNumber, raw, RowStatus.NOT_FOUND, null, RowMessage.NOT_FOUND);
    }
    if (matches.total() > 1) {
      return ambiguous(rowNumber, raw, matches);
    }
    CandidateUser user = matches.viewable().get(0);
    if (!seenUsers.add(user.id())) {
      return PlannedRow.of(rowNumber, raw, RowStatus.DUPLICATE, user.id(), RowMessage.DUPLICATE);
    }
    if (user.protection() != null) {
      return PlannedRow.of(
          rowNumber, raw, RowStatus.PROTECTED, user.id(), user.protection().message());
    }
    if (action == BulkAction.DEACTIVATE && !user.enabled()) {
      return PlannedRow.of(
          rowNumber, raw, RowStatus.UNCHANGED, user.id(), RowMessage.UNCHANGED_DEACTIVATED);
    }
    if (action == BulkAction.REACTIVATE && user.enabled()) {
      return PlannedRow.of(
          rowNumber, raw, RowStatus.UNCHANGED, user.id(), RowMessage.UNCHANGED_ACTIVE);
    }
    return PlannedRow.of(rowNumber, raw, RowStatus.MATCHED, user.id(), null);
  }

  /**
   * Adds the row's dates: a MATCHED row gets its due times, or becomes INVALID when its dates are
   * not usable; other rows keep their status and carry their valid dates only (nothing is due for
   * them).
   */
  private static PlannedRow withDates(Pending p, PlannedRow row) {
    String date = p.date().date() == null ? null : p.date().date().toString();
    String until = p.until().date() == null ? null : p.until().date().toString();
    if (row.status() != RowStatus.MATCHED) {
      return date == null && until == null
          ? row
          : new PlannedRow(
              row.rowNumber(),
              row.identifier(),
              row.status(),
              row.userId(),
              row.message(),
              row.messageParam(),
              row.matchCount(),
              date,
              until,
              null,
              null);
    }
    DueTimes due = p.due();
    if (!due.isValid()) {
      return new PlannedRow(
          row.rowNumber(),
          row.identifier(),
          RowStatus.INVALID,
          null,
          due.problem(),
          due.problemParam(),
          null,
          date,
          until,
          null,
          null);
    }
    return new PlannedRow(
        row.rowNumber(),
        row.identifier(),
        row.status(),
        row.userId(),
        null,
        null,
        null,
        date,
        until,
        due.dueAtMillis(),
        due.untilAtMillis());
  }

  /**
   * An identifier of several users names none of them: no user id, never a duplicate of another
   * row, never acted on. The count covers only the users the caller may view. When the caller may
   * view just one of them, the row is still AMBIGUOUS (acting on one of two users who share an
   * e-mail is exactly the mistake this status prevents), but it carries no count: "1" would be
   * false and the true number would count users the caller may not view. The row then says only
   * that more than one user matched, which the caller cannot be spared without acting on the wrong
   * user or pretending the one it can see does not exist.
   */
  private static PlannedRow ambiguous(int rowNumber, String raw, UserDirectory.Matches matches) {
    int viewable = matches.viewable().size();
    if (viewable < 2) {
      return PlannedRow.of(
          rowNumber, raw, RowStatus.AMBIGUOUS, null, RowMessage.AMBIGUOUS_UNCOUNTED);
    }
    return new PlannedRow(
        rowNumber,
        raw,
        RowStatus.AMBIGUOUS,
        null,
        RowMessage.AMBIGUOUS,
        String.valueOf(viewable),
        viewable);
  }
}
