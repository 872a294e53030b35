package io.github.academyoffboarding.bulk.plan;

import io.github.academyoffboarding.academy.AcademyCounts;
import io.github.academyoffboarding.academy.AcademyStore;
import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.MatchBy;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.jpa.BulkImportRowEntity;
import io.github.academyoffboarding.bulk.parse.IdentifierNormalizer;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Turns the rows of a file into a stored preview, in the request's transaction: rows are planned
 * and written a batch at a time and then detached, so memory holds one batch, not the file.
 */
public final class PreviewBuilder {

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
    List<BulkImportRowEntity> written = new ArrayList<>(rows.size());
    for (PlannedRow row : rows) {
      BulkImportRowEntity e = new BulkImportRowEntity();
      e.setImportId(preview.getId());
      e.setRowNo(row.rowNumber());
      e.setIdentifier(IdentifierNormalizer.clip(row.identifier()));
      e.setStatus(row.status().name());
      e.setUserId(row.userId());
      if (row.message() != null) {
        e.setMessageKey(row.message().key());
        e.setMessageParam(row.messageParam());
      }
      e.setMatchCount(row.matchCount());
      AcademyCounts c = row.status() == RowStatus.MATCHED ? counts.get(row.userId()) : null;
      if (c != null) {
        e.setLearningRecords((int) c.learningRecords());
        e.setCertificates((int) c.certificates());
        learningRecords += c.learningRecords();
        certificates += c.certificates();
      }
      em.persist(e);
      written.add(e);
    }
    em.flush();
    written.forEach(em::detach);
  }
}
