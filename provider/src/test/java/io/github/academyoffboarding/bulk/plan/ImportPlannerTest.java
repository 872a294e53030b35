package io.github.academyoffboarding.bulk.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.MatchBy;
import io.github.academyoffboarding.bulk.parse.IdentifierNormalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The planner's decisions, with a directory that is a plain map: statuses, precedence, duplicates,
 * batches.
 */
class ImportPlannerTest {

  private final FakeDirectory directory =
      new FakeDirectory()
          .user("alice@example.org", "u-alice", true, null)
          .user("bob@example.org", "u-bob", true, null)
          .user("carol@example.org", "u-carol", false, null)
          .user("me@example.org", "u-me", true, CandidateUser.Protection.CALLER)
          .user("robot@example.org", "u-robot", true, CandidateUser.Protection.SERVICE_ACCOUNT)
          .user("boss@example.org", "u-boss", false, CandidateUser.Protection.ADMIN)
          .user("other@example.org", "u-other", true, CandidateUser.Protection.NOT_MANAGEABLE);
  private final List<List<PlannedRow>> batches = new ArrayList<>();

  @Test
  void deactivateGivesEveryStatus() {
    ImportPlanner planner = planner(BulkAction.DEACTIVATE, 100);
    feed(
        planner,
        "alice@example.org",
        "nobody@example.org",
        "ALICE@example.org",
        "not-an-email",
        "   ",
        "me@example.org",
        "robot@example.org",
        "other@example.org",
        "carol@example.org");
    planner.finish();

    assertThat(statuses())
        .containsExactly(
            RowStatus.MATCHED,
            RowStatus.NOT_FOUND,
            RowStatus.DUPLICATE,
            RowStatus.INVALID,
            RowStatus.INVALID,
            RowStatus.PROTECTED,
            RowStatus.PROTECTED,
            RowStatus.PROTECTED,
            RowStatus.UNCHANGED);
    List<PlannedRow> rows = rows();
    assertThat(rows.get(0).userId()).isEqualTo("u-alice");
    assertThat(rows.get(0).message()).isNull();
    assertThat(rows.get(1).userId()).isNull();
    assertThat(rows.get(2).userId()).isEqualTo("u-alice");
    assertThat(rows.get(3).message()).isEqualTo("The value is not an e-mail address.");
    assertThat(rows.get(4).message()).isEqualTo("The row has no identifier.");
    assertThat(rows.get(5).message()).isEqualTo(CandidateUser.Protection.CALLER.text());
    assertThat(rows.get(6).message()).isEqualTo(CandidateUser.Protection.SERVICE_ACCOUNT.text());
    assertThat(rows.get(7).message()).isEqualTo(CandidateUser.Protection.NOT_MANAGEABLE.text());
    assertThat(rows.get(8).message()).isEqualTo("The user is already deactivated.");
    // The row keeps what the admin wrote, not the normalised form.
    assertThat(rows.get(2).identifier()).isEqualTo("ALICE@example.org");
    assertThat(rows).extracting(PlannedRow::rowNumber).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10);

    assertThat(planner.count(RowStatus.MATCHED)).isEqualTo(1);
    assertThat(planner.count(RowStatus.NOT_FOUND)).isEqualTo(1);
    assertThat(planner.count(RowStatus.DUPLICATE)).isEqualTo(1);
    assertThat(planner.count(RowStatus.INVALID)).isEqualTo(2);
    assertThat(planner.count(RowStatus.PROTECTED)).isEqualTo(3);
    assertThat(planner.count(RowStatus.UNCHANGED)).isEqualTo(1);
    assertThat(planner.total()).isEqualTo(9);
  }

  @Test
  void reactivateLeavesEnabledUsersUnchangedAndMatchesDisabledOnes() {
    ImportPlanner planner = planner(BulkAction.REACTIVATE, 100);
    feed(planner, "alice@example.org", "carol@example.org");
    planner.finish();

    assertThat(statuses()).containsExactly(RowStatus.UNCHANGED, RowStatus.MATCHED);
    assertThat(rows().get(0).message()).isEqualTo("The user is already active.");
  }

  @Test
  void deleteActsOnEnabledAndDisabledUsersAlike() {
    ImportPlanner planner = planner(BulkAction.DELETE, 100);
    feed(planner, "alice@example.org", "carol@example.org");
    planner.finish();

    assertThat(statuses()).containsExactly(RowStatus.MATCHED, RowStatus.MATCHED);
    assertThat(planner.count(RowStatus.UNCHANGED)).isZero();
  }

  @Test
  void precedenceInvalidNotFoundDuplicateProtectedUnchanged() {
    ImportPlanner planner = planner(BulkAction.DEACTIVATE, 100);
    // boss is protected AND already disabled: protected wins; the second boss row is a duplicate,
    // not protected again.
    feed(
        planner,
        "boss@example.org",
        "Boss@Example.org",
        "carol@example.org",
        "carol@example.org",
        "ghost@example.org",
        "ghost@example.org",
        "@example.org");
    planner.finish();

    assertThat(statuses())
        .containsExactly(
            RowStatus.PROTECTED,
            RowStatus.DUPLICATE,
            RowStatus.UNCHANGED,
            RowStatus.DUPLICATE,
            RowStatus.NOT_FOUND,
            RowStatus.NOT_FOUND,
            RowStatus.INVALID);
    assertThat(rows().get(0).message()).isEqualTo(CandidateUser.Protection.ADMIN.text());
    // Invalid identifiers are never looked up.
    assertThat(directory.lookups)
        .allSatisfy(batch -> assertThat(batch).doesNotContain("@example.org"));
  }

  @Test
  void duplicatesAreFoundAcrossBatches() {
    ImportPlanner planner = planner(BulkAction.DELETE, 2);
    feed(
        planner,
        "alice@example.org",
        "bob@example.org",
        "carol@example.org",
        " BOB@EXAMPLE.ORG ",
        "x@example.org",
        "alice@example.org");
    planner.finish();

    assertThat(statuses())
        .containsExactly(
            RowStatus.MATCHED,
            RowStatus.MATCHED,
            RowStatus.MATCHED,
            RowStatus.DUPLICATE,
            RowStatus.NOT_FOUND,
            RowStatus.DUPLICATE);
    assertThat(rows().get(3).userId()).isEqualTo("u-bob");
    assertThat(rows().get(5).userId()).isEqualTo("u-alice");
    assertThat(batches).hasSize(3);
  }

  @Test
  void idsAreTrimmedButCompareExactly() {
    FakeDirectory byId = new FakeDirectory().user("id-1", "id-1", true, null);
    ImportPlanner planner =
        new ImportPlanner(
            BulkAction.DELETE,
            raw -> IdentifierNormalizer.normalize(MatchBy.ID, raw),
            byId,
            10,
            batches::add);
    feed(planner, "id-1", " id-1 ", "ID-1");
    planner.finish();

    // Ids are compared exactly: "ID-1" is another identifier, and no user has it.
    assertThat(statuses())
        .containsExactly(RowStatus.MATCHED, RowStatus.DUPLICATE, RowStatus.NOT_FOUND);
  }

  @Test
  void batchesFollowTheBatchSizeAndTheFileOrder() {
    ImportPlanner planner = planner(BulkAction.DELETE, 3);
    for (int i = 0; i < 7; i++) {
      planner.accept(i + 2, "user" + i + "@example.org");
    }
    // Two full batches were decided as soon as they were full, before finish().
    assertThat(batches).extracting(List::size).containsExactly(3, 3);
    planner.finish();

    assertThat(batches).extracting(List::size).containsExactly(3, 3, 1);
    assertThat(rows()).extracting(PlannedRow::rowNumber).containsExactly(2, 3, 4, 5, 6, 7, 8);
    assertThat(directory.lookups)
        .hasSize(3)
        .allSatisfy(batch -> assertThat(batch.size()).isLessThanOrEqualTo(3));
    assertThat(planner.count(RowStatus.NOT_FOUND)).isEqualTo(7);
  }

  @Test
  void anExactMultipleOfTheBatchSizeLeavesNoEmptyBatch() {
    ImportPlanner planner = planner(BulkAction.DELETE, 2);
    feed(planner, "alice@example.org", "bob@example.org", "carol@example.org", "x@example.org");
    planner.finish();
    planner.finish();

    assertThat(batches).extracting(List::size).containsExactly(2, 2);
    assertThat(directory.lookups).hasSize(2);
  }

  @Test
  void aBatchOfOnlyInvalidRowsAsksTheDirectoryNothing() {
    ImportPlanner planner = planner(BulkAction.DELETE, 2);
    feed(planner, "", "no address", "alice@example.org");
    planner.finish();

    assertThat(statuses()).containsExactly(RowStatus.INVALID, RowStatus.INVALID, RowStatus.MATCHED);
    assertThat(directory.lookups).containsExactly(List.of("alice@example.org"));
  }

  @Test
  void oneLookUpPerBatchWithEachIdentifierOnce() {
    ImportPlanner planner = planner(BulkAction.DELETE, 10);
    feed(planner, "alice@example.org", "ALICE@example.org", "bob@example.org", "alice@example.org");
    planner.finish();

    assertThat(directory.lookups).containsExactly(List.of("alice@example.org", "bob@example.org"));
  }

  @Test
  void nothingFedGivesNoBatch() {
    ImportPlanner planner = planner(BulkAction.DELETE, 10);
    planner.finish();

    assertThat(batches).isEmpty();
    assertThat(planner.total()).isZero();
    assertThat(directory.lookups).isEmpty();
  }

  private ImportPlanner planner(BulkAction action, int batchSize) {
    return new ImportPlanner(
        action,
        raw -> IdentifierNormalizer.normalize(MatchBy.EMAIL, raw),
        directory,
        batchSize,
        batches::add);
  }

  /** Feeds values as rows 2, 3, … (row 1 is the header). */
  private static void feed(ImportPlanner planner, String... values) {
    for (int i = 0; i < values.length; i++) {
      planner.accept(i + 2, values[i]);
    }
  }

  private List<PlannedRow> rows() {
    return batches.stream().flatMap(List::stream).toList();
  }

  private List<RowStatus> statuses() {
    return rows().stream().map(PlannedRow::status).toList();
  }

  /** Users keyed by normalised identifier; records each look-up. */
  private static final class FakeDirectory implements UserDirectory {
    private final Map<String, CandidateUser> users = new HashMap<>();
    final List<List<String>> lookups = new ArrayList<>();

    FakeDirectory user(
        String identifier, String id, boolean enabled, CandidateUser.Protection protection) {
      users.put(identifier, new CandidateUser(id, enabled, protection));
      return this;
    }

    @Override
    public Map<String, CandidateUser> find(Collection<String> identifiers) {
      lookups.add(List.copyOf(identifiers));
      Map<String, CandidateUser> found = new HashMap<>();
      for (String identifier : identifiers) {
        if (users.containsKey(identifier)) {
          found.put(identifier, users.get(identifier));
        }
      }
      return found;
    }
  }
}
