package io.github.academyoffboarding.bulk.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.MatchBy;
import io.github.academyoffboarding.bulk.RowMessage;
import io.github.academyoffboarding.bulk.dates.LeaveDate;
import io.github.academyoffboarding.bulk.parse.IdentifierNormalizer;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dated rows in the preview: due times, and a bad date makes a matched row INVALID, only it. */
class ImportPlannerDatesTest {

  private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

  private final List<PlannedRow> rows = new ArrayList<>();

  private ImportPlanner planner(BulkAction action) {
    UserDirectory directory =
        (Collection<String> ids) -> {
          Map<String, UserDirectory.Matches> found = new HashMap<>();
          for (String id : ids) {
            if (id.startsWith("off")) {
              found.put(
                  id,
                  new UserDirectory.Matches(List.of(new CandidateUser("u-" + id, false, null)), 0));
            } else if (!id.startsWith("nobody")) {
              found.put(
                  id,
                  new UserDirectory.Matches(List.of(new CandidateUser("u-" + id, true, null)), 0));
            }
          }
          return found;
        };
    return new ImportPlanner(
        action,
        raw -> IdentifierNormalizer.normalize(MatchBy.EMAIL, raw),
        directory,
        2,
        AMSTERDAM,
        rows::addAll);
  }

  private static void row(ImportPlanner p, int n, String email, String date, String until) {
    p.accept(n, email, false, LeaveDate.parse(date), LeaveDate.parse(until));
  }

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void deactivateRowsGetDueTimesAndBadDatesMakeOnlyTheirRowInvalid() {
    ImportPlanner p = planner(BulkAction.DEACTIVATE);
    row(p, 2, "a@x.org", "2027-01-31", null);
    row(p, 3, "b@x.org", "2027-01-31", "2027-03-31");
    row(p, 4, "c@x.org", "01/02/2027", null);
    row(p, 5, "d@x.org", "2027-02-01", "2027-01-31");
    row(p, 6, "e@x.org", null, "2027-02-28");
    row(p, 7, "f@x.org", null, null);
    row(p, 8, "nobody@x.org", "31.01.2027", null);
    row(p, 9, "off@x.org", "2027-01-31", null);
    row(p, 10, "g@x.org", "2020-01-31", null);
    p.finish();

    assertThat(rows)
        .extracting(PlannedRow::status)
        .containsExactly(
            RowStatus.MATCHED,
            RowStatus.MATCHED,
            RowStatus.INVALID,
            RowStatus.INVALID,
            RowStatus.MATCHED,
            RowStatus.MATCHED,
            RowStatus.NOT_FOUND,
            RowStatus.UNCHANGED,
            RowStatus.MATCHED);
    PlannedRow a = rows.get(0);
    assertThat(a.date()).isEqualTo("2027-01-31");
    assertThat(a.dueAt()).isEqualTo(millis("2027-01-31T23:00:00Z"));
    assertThat(a.untilAt()).isNull();
    PlannedRow b = rows.get(1);
    assertThat(b.until()).isEqualTo("2027-03-31");
    assertThat(b.untilAt()).isEqualTo(millis("2027-03-31T22:00:00Z"));

    PlannedRow c = rows.get(2);
    assertThat(c.message()).isEqualTo(RowMessage.INVALID_DATE);
    assertThat(c.messageParam()).isEqualTo("01/02/2027");
    assertThat(c.userId()).isNull();
    assertThat(c.date()).isNull();
    assertThat(c.dueAt()).isNull();
    PlannedRow d = rows.get(3);
    assertThat(d.message()).isEqualTo(RowMessage.UNTIL_BEFORE_DATE);
    assertThat(d.dueAt()).isNull();
    assertThat(d.date()).isEqualTo("2027-02-01");

    assertThat(rows.get(4).dueAt()).isNull();
    assertThat(rows.get(4).untilAt()).isEqualTo(millis("2027-02-28T23:00:00Z"));
    assertThat(rows.get(5).dueAt()).isNull();
    // Another status stands: the date says nothing about a user that is not there.
    assertThat(rows.get(6).message()).isEqualTo(RowMessage.NOT_FOUND);
    assertThat(rows.get(7).message()).isEqualTo(RowMessage.UNCHANGED_DEACTIVATED);
    assertThat(rows.get(7).date()).isEqualTo("2027-01-31");
    assertThat(rows.get(7).dueAt()).as("nothing is due for an unchanged row").isNull();
    // A past date is kept: the engine acts on it at commit.
    assertThat(rows.get(8).dueAt()).isEqualTo(millis("2020-01-31T23:00:00Z"));

    assertThat(p.count(RowStatus.INVALID)).isEqualTo(2);
    assertThat(p.count(RowStatus.MATCHED)).isEqualTo(5);
  }

  @Test
  void reactivateIsDueAtTheStartAndUntilIsRefusedOutsideDeactivate() {
    ImportPlanner p = planner(BulkAction.REACTIVATE);
    row(p, 2, "off1@x.org", "2027-03-28", null);
    row(p, 3, "off2@x.org", "2027-03-28", "2027-04-30");
    p.finish();
    assertThat(rows.get(0).status()).isEqualTo(RowStatus.MATCHED);
    assertThat(rows.get(0).dueAt()).isEqualTo(millis("2027-03-27T23:00:00Z"));
    assertThat(rows.get(1).status()).isEqualTo(RowStatus.INVALID);
    assertThat(rows.get(1).message()).isEqualTo(RowMessage.UNTIL_NOT_ALLOWED);

    rows.clear();
    ImportPlanner delete = planner(BulkAction.DELETE);
    row(delete, 2, "a@x.org", "2027-10-31", null);
    row(delete, 3, "b@x.org", "2027-10-31", "2027-11-30");
    delete.finish();
    assertThat(rows.get(0).dueAt()).isEqualTo(millis("2027-10-31T23:00:00Z"));
    assertThat(rows.get(1).message()).isEqualTo(RowMessage.UNTIL_NOT_ALLOWED);
  }
}
