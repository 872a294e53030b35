package io.github.academyoffboarding.bulk.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.MatchBy;
import io.github.academyoffboarding.bulk.RowMessage;
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
    assertThat(rows.get(1).message()).isEqualTo(RowMessage.NOT_FOUND);
    assertThat(rows.get(1).userId()).isNull();
    assertThat(rows.get(2).userId()).isEqualTo("u-alice");
    assertThat(rows.get(2).message()).isEqualTo(RowMessage.DUPLICATE);
    assertThat(rows.get(3).message()).isEqualTo(RowMessage.INVALID_NOT_AN_EMAIL);
    assertThat(rows.get(4).message()).isEqualTo(RowMessage.INVALID_BLANK);
    assertThat(rows.get(5).message()).isEqualTo(RowMessage.PROTECTED_CALLER);
    assertThat(rows.get(6).message()).isEqualTo(RowMessage.PROTECTED_SERVICE_ACCOUNT);
    assertThat(rows.get(7).message()).isEqualTo(RowMessage.PROTECTED_NOT_MANAGEABLE);
    assertThat(rows.get(8).message()).isEqualTo(RowMessage.UNCHANGED_DEACTIVATED);
    assertThat(rows).allSatisfy(r -> assertThat(r.matchCount()).isNull());
    assertThat(rows).allSatisfy(r -> assertThat(r.messageParam()).isNull());
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
    assertThat(rows().get(0).message()).isEqualTo(RowMessage.UNCHANGED_ACTIVE);
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
    assertThat(rows().get(0).message()).isEqualTo(RowMessage.PROTECTED_ADMIN);
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

  @Test
  void hiddenRowsAreDecidedFirstAndNeverLookedUp() {
    ImportPlanner planner = planner(BulkAction.DELETE, 100);
    planner.accept(2, "alice@example.org", true);
    planner.accept(3, "not-an-email", true);
    planner.accept(4, "", true);
    planner.accept(5, "me@example.org", true);
    planner.accept(6, "bob@example.org", false);
    // The visible alice row is not a duplicate of the hidden one: that row names nobody.
    planner.accept(7, "alice@example.org", false);
    planner.finish();

    assertThat(statuses())
        .containsExactly(
            RowStatus.HIDDEN,
            RowStatus.HIDDEN,
            RowStatus.HIDDEN,
            RowStatus.HIDDEN,
            RowStatus.MATCHED,
            RowStatus.MATCHED);
    assertThat(rows().subList(0, 4))
        .allSatisfy(
            r -> {
              assertThat(r.userId()).isNull();
              assertThat(r.message()).isEqualTo(RowMessage.HIDDEN);
            });
    assertThat(rows().get(5).userId()).isEqualTo("u-alice");
    assertThat(directory.lookups).containsExactly(List.of("bob@example.org", "alice@example.org"));
    assertThat(planner.count(RowStatus.HIDDEN)).isEqualTo(4);
    assertThat(planner.count(RowStatus.MATCHED)).isEqualTo(2);
    assertThat(planner.total()).isEqualTo(6);
  }

  @Test
  void aBatchOfOnlyHiddenRowsAsksTheDirectoryNothing() {
    ImportPlanner planner = planner(BulkAction.DELETE, 2);
    planner.accept(2, "alice@example.org", true);
    planner.accept(3, "bob@example.org", true);
    planner.finish();

    assertThat(statuses()).containsExactly(RowStatus.HIDDEN, RowStatus.HIDDEN);
    assertThat(directory.lookups).isEmpty();
  }

  @Test
  void anIdentifierOfSeveralUsersIsAmbiguousNamesNoneAndIsNoDuplicate() {
    directory
        .user("shared@example.org", "u-s1", true, null)
        .user("shared@example.org", "u-s2", true, CandidateUser.Protection.ADMIN);
    ImportPlanner planner = planner(BulkAction.DELETE, 100);
    feed(planner, "shared@example.org", "Shared@Example.org", "alice@example.org");
    planner.finish();

    // Ambiguous before duplicate and protected: the second row is ambiguous too, not a duplicate.
    assertThat(statuses())
        .containsExactly(RowStatus.AMBIGUOUS, RowStatus.AMBIGUOUS, RowStatus.MATCHED);
    PlannedRow row = rows().get(0);
    assertThat(row.userId()).isNull();
    assertThat(row.matchCount()).isEqualTo(2);
    assertThat(row.message()).isEqualTo(RowMessage.AMBIGUOUS);
    assertThat(row.message().english(row.messageParam()))
        .isEqualTo("The identifier matches 2 users; none of them is acted on.");
    assertThat(planner.count(RowStatus.AMBIGUOUS)).isEqualTo(2);
    assertThat(planner.count(RowStatus.DUPLICATE)).isZero();
  }

  @Test
  void twoUsersTheCallerMayNotViewReadAsNotFound() {
    directory.notViewable("hidden-pair@example.org").notViewable("hidden-pair@example.org");
    ImportPlanner planner = planner(BulkAction.DELETE, 100);
    feed(planner, "hidden-pair@example.org", "shared@", "nobody@example.org");
    planner.finish();

    assertThat(statuses())
        .containsExactly(RowStatus.NOT_FOUND, RowStatus.INVALID, RowStatus.NOT_FOUND);
  }

  @Test
  void usersTheCallerMayNotViewReadLikeUnknownIdentifiers() {
    directory.notViewable("secret@example.org");
    ImportPlanner planner = planner(BulkAction.DELETE, 100);
    feed(planner, "secret@example.org", "nobody@example.org");
    planner.finish();

    List<PlannedRow> rows = rows();
    assertThat(rows.get(0))
        .usingRecursiveComparison()
        .ignoringFields("rowNumber", "identifier")
        .isEqualTo(rows.get(1));
    assertThat(rows.get(0).status()).isEqualTo(RowStatus.NOT_FOUND);
    assertThat(rows.get(0).userId()).isNull();
    assertThat(rows.get(0).message()).isEqualTo(RowMessage.NOT_FOUND);
    assertThat(planner.count(RowStatus.NOT_FOUND)).isEqualTo(2);
    assertThat(planner.count(RowStatus.PROTECTED)).isZero();
  }

  @Test
  void ambiguityCountsOnlyViewableUsers() {
    directory
        .user("three@example.org", "u-t1", true, null)
        .user("three@example.org", "u-t2", true, null)
        .notViewable("three@example.org")
        .notViewable("twins@example.org")
        .notViewable("twins@example.org");
    ImportPlanner planner = planner(BulkAction.DELETE, 100);
    feed(planner, "three@example.org", "twins@example.org");
    planner.finish();

    assertThat(statuses()).containsExactly(RowStatus.AMBIGUOUS, RowStatus.NOT_FOUND);
    assertThat(rows().get(0).matchCount()).isEqualTo(2);
    assertThat(rows().get(0).messageParam()).isEqualTo("2");
    assertThat(rows().get(1).userId()).isNull();
    assertThat(rows().get(1).matchCount()).isNull();
  }

  @Test
  void oneViewableUserSharingAnIdentifierWithAnUnviewableOneIsStillAmbiguousWithoutACount() {
    directory.user("pair@example.org", "u-p1", true, null).notViewable("pair@example.org");
    ImportPlanner planner = planner(BulkAction.DELETE, 100);
    feed(planner, "pair@example.org");
    planner.finish();

    PlannedRow row = rows().get(0);
    assertThat(row.status()).isEqualTo(RowStatus.AMBIGUOUS);
    assertThat(row.userId()).isNull();
    assertThat(row.matchCount()).isNull();
    assertThat(row.messageParam()).isNull();
    assertThat(row.message()).isEqualTo(RowMessage.AMBIGUOUS_UNCOUNTED);
    assertThat(planner.count(RowStatus.MATCHED)).isZero();
  }

  @Test
  void invalidRowsCarryTheirProblemsMessageAndParameter() {
    ImportPlanner planner = planner(BulkAction.DELETE, 100);
    feed(planner, "x".repeat(IdentifierNormalizer.MAX_LENGTH + 1), "a\u0007b@example.org");
    planner.finish();

    assertThat(rows().get(0).message()).isEqualTo(RowMessage.INVALID_TOO_LONG);
    assertThat(rows().get(0).messageParam()).isEqualTo("1024");
    assertThat(rows().get(1).message()).isEqualTo(RowMessage.INVALID_CONTROL_CHARACTERS);
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

  /**
   * Users keyed by normalised identifier, several per identifier where added so, each viewable or
   * not; records each look-up.
   */
  private static final class FakeDirectory implements UserDirectory {
    private final Map<String, List<CandidateUser>> viewable = new HashMap<>();
    private final Map<String, Integer> notViewable = new HashMap<>();
    final List<List<String>> lookups = new ArrayList<>();

    FakeDirectory user(
        String identifier, String id, boolean enabled, CandidateUser.Protection protection) {
      viewable
          .computeIfAbsent(identifier, k -> new ArrayList<>())
          .add(new CandidateUser(id, enabled, protection));
      return this;
    }

    /** A user the caller may not view: the directory only counts it. */
    FakeDirectory notViewable(String identifier) {
      notViewable.merge(identifier, 1, Integer::sum);
      return this;
    }

    @Override
    public Map<String, Matches> find(Collection<String> identifiers) {
      lookups.add(List.copyOf(identifiers));
      Map<String, Matches> found = new HashMap<>();
      for (String identifier : identifiers) {
        if (viewable.containsKey(identifier) || notViewable.containsKey(identifier)) {
          found.put(
              identifier,
              new Matches(
                  viewable.getOrDefault(identifier, List.of()),
                  notViewable.getOrDefault(identifier, 0)));
        }
      }
      return found;
    }
  }
}
