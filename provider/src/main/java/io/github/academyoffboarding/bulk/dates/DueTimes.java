package io.github.academyoffboarding.bulk.dates;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.RowMessage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * When a dated row is due, in the zone of the {@code time-zone} option.
 *
 * <ul>
 *   <li>DEACTIVATE {@code date} D: D is the last day the user may sign in, so the row is due at the
 *       end of D (the start of D+1). {@code until} U: the last day of the leave, the user returns
 *       at the end of U; U before D is refused. {@code until} without {@code date}: the leave
 *       starts at commit.
 *   <li>DELETE {@code date} D: deactivated at the end of D (the restore window counts from there).
 *   <li>REACTIVATE {@code date} D: the first day back, due at the start of D.
 *   <li>{@code until} on DELETE or REACTIVATE is refused.
 * </ul>
 *
 * Days start at {@link LocalDate#atStartOfDay(ZoneId)}: on a day whose midnight a daylight-saving
 * change skips (America/Santiago, Asia/Beirut), that is the first instant the day has.
 *
 * @param dueAt when the action is due; null without a date (at commit)
 * @param untilAt DEACTIVATE with {@code until}: when the user returns; null otherwise
 * @param problem why the row is invalid (then both instants are null); null when it is not
 * @param problemParam the problem's parameter (the text read for an invalid date)
 */
public record DueTimes(Instant dueAt, Instant untilAt, RowMessage problem, String problemParam) {

  private static final DueTimes NONE = new DueTimes(null, null, null, null);

  public static DueTimes compute(BulkAction action, LeaveDate date, LeaveDate until, ZoneId zone) {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(zone, "zone");
    LeaveDate d = date == null ? LeaveDate.absent() : date;
    LeaveDate u = until == null ? LeaveDate.absent() : until;
    if (d.isInvalid()) {
      return invalid(RowMessage.INVALID_DATE, d.text());
    }
    if (u.isInvalid()) {
      return invalid(RowMessage.INVALID_DATE, u.text());
    }
    if (!u.isAbsent() && action != BulkAction.DEACTIVATE) {
      return invalid(RowMessage.UNTIL_NOT_ALLOWED, null);
    }
    if (d.isAbsent() && u.isAbsent()) {
      return NONE;
    }
    if (!d.isAbsent() && !u.isAbsent() && u.date().isBefore(d.date())) {
      return invalid(RowMessage.UNTIL_BEFORE_DATE, null);
    }
    Instant due = null;
    if (!d.isAbsent()) {
      due = action == BulkAction.REACTIVATE ? startOf(d.date(), zone) : endOf(d.date(), zone);
    }
    Instant back = u.isAbsent() ? null : endOf(u.date(), zone);
    return new DueTimes(due, back, null, null);
  }

  /** The first instant of {@code day} in {@code zone}. */
  public static Instant startOf(LocalDate day, ZoneId zone) {
    return day.atStartOfDay(zone).toInstant();
  }

  /** The end of {@code day}: the first instant of the next day. */
  public static Instant endOf(LocalDate day, ZoneId zone) {
    return day.plusDays(1).atStartOfDay(zone).toInstant();
  }

  private static DueTimes invalid(RowMessage problem, String param) {
    return new DueTimes(null, null, problem, param);
  }

  public boolean isValid() {
    return problem == null;
  }

  public Long dueAtMillis() {
    return dueAt == null ? null : dueAt.toEpochMilli();
  }

  public Long untilAtMillis() {
    return untilAt == null ? null : untilAt.toEpochMilli();
  }
}
