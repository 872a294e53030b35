package io.github.academyoffboarding.bulk.plan;

import io.github.academyoffboarding.academy.AcademyCounts;
import io.github.academyoffboarding.academy.AcademyStore;
import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.MatchBy;
import io.github.academyoffboarding.bulk.dates.LeaveDate;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.parse.IdentifierNormalizer;
import jakarta.persistence.EntityManager;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.query.NativeQuery;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Turns the rows of a file into a stored preview, in the request's transaction: rows are planned
 * and written a batch at a time, straight to the table (never entities in the persistence context),
 * so memory holds one batch, not the file.
 */
public final class PreviewBuilder {

  /** Rows per insert: fourteen parameters each, far below every database's limit. */
  private static final int INSERT_ROWS = 100;

  private static final String INSERT =
      "insert into {h-schema}ACADEMY_BULK_IMPORT_ROW (IMPORT_ID, ROW_NO, IDENTIFIER, STATUS,"
          + " USER_ID, LEARNING_RECORDS, CERTIFICATES, MESSAGE_KEY, MESSAGE_PARAM, MATCH_COUNT,"
          + " LEAVE_DATE, UNTIL_DATE, DUE_AT, UNTIL_AT, ATTEMPTS) values ";

  private final KeycloakSession session;
  private final RealmModel realm;
  private final BulkImportEntity preview;
  private final EntityManager em;
  private final AcademyStore academy;
  private final ImportPlanner planner;
  private long learningRecords;
  private long certificates;

  /**
   * {@code preview} is a new import (id, action, matchBy, includeHidden, creator set); it is
   * persisted here.
   */
  public PreviewBuilder(
      KeycloakSession session,
      RealmModel realm,
      BulkImportEntity preview,
      UserDirectory directory,
      int batchSize) {
    this(session, realm, preview, directory, batchSize, ZoneId.systemDefault());
  }

  /**
   * @param zone the zone in which the days of dated rows end and start ({@code
   *     BulkSettings.timeZone()})
   */
  public PreviewBuilder(
      KeycloakSession session,
      RealmModel realm,
      BulkImportEntity preview,
      UserDirectory directory,
      int batchSize,
      ZoneId zone) {
    this.session = session;
    this.realm = realm;
    this.preview = preview;
    this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    this.academy = AcademyStore.of(session);
    MatchBy matchBy = MatchBy.valueOf(preview.getMatchBy());
    this.planner =
        new ImportPlanner(
            BulkAction.valueOf(preview.getAction()),
            raw -> IdentifierNormalizer.normalize(matchBy, raw),
            directory,
            batchSize,
            zone,
            this::store);
    em.persist(preview);
  }

  public void accept(int rowNumber, String identifier) {
    planner.accept(rowNumber, identifier);
  }

  /**
   * A row of a spreadsheet; a hidden one becomes HIDDEN unless the import includes hidden rows
   * ({@link BulkImportEntity#isIncludeHidden()}).
   */
  public void accept(int rowNumber, String identifier, boolean hidden) {
    planner.accept(rowNumber, identifier, hidden && !preview.isIncludeHidden());
  }

  /** A row with its optional dates (a file's date and until columns, a JSON body's rows). */
  public void accept(
      int rowNumber, String identifier, boolean hidden, LeaveDate date, LeaveDate until) {
    planner.accept(rowNumber, identifier, hidden && !preview.isIncludeHidden(), date, until);
  }

  /** Plans what is left and writes the summary onto the import. */
  public BulkImportEntity finish() {
    planner.finish();
    preview.setTotalRows(planner.total());
    preview.setToProcess(planner.count(RowStatus.MATCHED));
    preview.setNotFound(planner.count(RowStatus.NOT_FOUND));
    preview.setDuplicates(planner.count(RowStatus.DUPLICATE));
    preview.setInvalid(planner.count(RowStatus.INVALID));
    preview.setProtectedRows(planner.count(RowStatus.PROTECTED));
    preview.setUnchanged(planner.count(RowStatus.UNCHANGED));
    preview.setHidden(planner.count(RowStatus.HIDDEN));
    preview.setAmbiguous(planner.count(RowStatus.AMBIGUOUS));
    preview.setLearningRecords(learningRecords);
    preview.setCertificates(certificates);
    em.flush();
    return preview;
  }

  /**
   * Writes one multi-row insert per {@value #INSERT_ROWS} rows. Not {@code em.persist} per row: a
   * 100,000-row preview spent two fifths of its time in Hibernate's per-entity work (persist,
   * flush, detach), and the entities are never read back in this transaction.
   */
  private void insert(List<PlannedRow> rows, Map<String, AcademyCounts> counts) {
    StringBuilder sql = new StringBuilder(INSERT);
    for (int i = 0; i < rows.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)");
    }
    // Typed parameters: a null must still bind as the column's type (PostgreSQL refuses an
    // untyped one for an INT column).
    NativeQuery<?> q = em.createNativeQuery(sql.toString()).unwrap(NativeQuery.class);
    int p = 1;
    for (PlannedRow row : rows) {
      AcademyCounts c = row.status() == RowStatus.MATCHED ? counts.get(row.userId()) : null;
      int rowLearningRecords = c == null ? 0 : (int) c.learningRecords();
      int rowCertificates = c == null ? 0 : (int) c.certificates();
      learningRecords += rowLearningRecords;
      certificates += rowCertificates;
      q.setParameter(p++, preview.getId(), String.class);
      q.setParameter(p++, row.rowNumber(), Integer.class);
      q.setParameter(p++, IdentifierNormalizer.clip(row.identifier()), String.class);
      q.setParameter(p++, row.status().name(), String.class);
      q.setParameter(p++, row.userId(), String.class);
      q.setParameter(p++, rowLearningRecords, Integer.class);
      q.setParameter(p++, rowCertificates, Integer.class);
      q.setParameter(p++, row.message() == null ? null : row.message().key(), String.class);
      q.setParameter(
          p++,
          row.message() == null ? null : IdentifierNormalizer.storable(row.messageParam()),
          String.class);
      q.setParameter(p++, row.matchCount(), Integer.class);
      q.setParameter(p++, row.date(), String.class);
      q.setParameter(p++, row.until(), String.class);
      q.setParameter(p++, row.dueAt(), Long.class);
      q.setParameter(p++, row.untilAt(), Long.class);
    }
    q.executeUpdate();
  }

  private void store(List<PlannedRow> rows) {
    Map<String, AcademyCounts> counts = Map.of();
    if (BulkAction.DELETE.name().equals(preview.getAction())) {
      List<String> matched = new ArrayList<>();
      for (PlannedRow row : rows) {
        if (row.status() == RowStatus.MATCHED) {
          matched.add(row.userId());
        }
      }
      counts = matched.isEmpty() ? Map.of() : academy.countByUser(realm.getId(), matched);
    }
    for (int from = 0; from < rows.size(); from += INSERT_ROWS) {
      insert(rows.subList(from, Math.min(rows.size(), from + INSERT_ROWS)), counts);
    }
  }
}
