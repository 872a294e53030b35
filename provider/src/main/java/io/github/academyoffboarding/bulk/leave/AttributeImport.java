package io.github.academyoffboarding.bulk.leave;

import io.github.academyoffboarding.academy.AcademyCounts;
import io.github.academyoffboarding.academy.AcademyStore;
import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.ImportOrigin;
import io.github.academyoffboarding.bulk.MatchBy;
import io.github.academyoffboarding.bulk.RestoreWindow;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.lifecycle.ImportLife;
import io.github.academyoffboarding.bulk.plan.RowStatus;
import io.github.academyoffboarding.common.IsoDurations;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.query.NativeQuery;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The import a sweep writes for the users it found due: origin {@link ImportOrigin#ATTRIBUTE}, one
 * MATCHED row per user (identifier: the username), committed at once in the caller's transaction,
 * so the engine runs it as a job like any other: history, report, restore and the pending list work
 * as for a file. No admin committed it: committer and creator are {@value #SWEEP}, the name the
 * admin events carry ({@code UserActor}'s stand-in).
 */
final class AttributeImport {

  /** Who the history and the admin events say acted. */
  static final String SWEEP = "leave-date-sweep";

  private static final int INSERT_ROWS = 100;

  private AttributeImport() {}

  /** Writes and commits the import of {@code users}; returns its id. */
  static String write(
      KeycloakSession session,
      RealmModel realm,
      BulkSettings settings,
      LeaveDateSettings leave,
      List<LeaveDates.Due> users,
      long now) {
    EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    BulkAction action = leave.action();
    BulkImportEntity e = new BulkImportEntity();
    e.setId(UUID.randomUUID().toString());
    e.setRealmId(realm.getId());
    e.setAction(action.name());
    e.setMatchBy(MatchBy.USERNAME.name());
    ImportLife.begin(e);
    e.setFileName(leave.attribute());
    e.setOrigin(ImportOrigin.ATTRIBUTE.name());
    e.setCreatedBy(SWEEP);
    e.setCreatedByUsername(SWEEP);
    e.setCreatedAt(now);
    e.setExpiresAt(now + settings.previewLifetime().toMillis());
    e.setTotalRows(users.size());
    e.setToProcess(users.size());
    Map<String, AcademyCounts> counts = Map.of();
    if (action == BulkAction.DELETE) {
      // The realm's window, counted from now: the end of the leave date was at most a poll
      // interval ago (or the sweep was off then, and the date is acted on as a file's past date).
      Duration window =
          RestoreWindow.of(realm, settings.restoreWindow(), settings.restoreWindowMin()).window();
      e.setDeleteAfter(IsoDurations.format(window));
      e.setDeletionDueAt(window.isZero() ? null : now + window.toMillis());
      counts =
          AcademyStore.of(session)
              .countByUser(realm.getId(), users.stream().map(LeaveDates.Due::userId).toList());
    }
    long learningRecords = 0;
    long certificates = 0;
    for (AcademyCounts c : counts.values()) {
      learningRecords += c.learningRecords();
      certificates += c.certificates();
    }
    e.setLearningRecords(learningRecords);
    e.setCertificates(certificates);
    em.persist(e);
    for (int from = 0; from < users.size(); from += INSERT_ROWS) {
      insertRows(
          em,
          e.getId(),
          from,
          users.subList(from, Math.min(users.size(), from + INSERT_ROWS)),
          counts);
    }
    em.flush();
    // The commit's own update writes the status; the entity is not written again.
    em.detach(e);
    if (!new ImportLife(em)
        .commit(e.getId(), new ImportLife.Committer(SWEEP, realm.getId(), null, null, null), now)) {
      throw new IllegalStateException("the leave-date import " + e.getId() + " was not committed");
    }
    return e.getId();
  }

  private static void insertRows(
      EntityManager em,
      String importId,
      int before,
      List<LeaveDates.Due> users,
      Map<String, AcademyCounts> counts) {
    StringBuilder sql =
        new StringBuilder(
            "insert into {h-schema}ACADEMY_BULK_IMPORT_ROW (IMPORT_ID, ROW_NO, IDENTIFIER, STATUS,"
                + " USER_ID, LEARNING_RECORDS, CERTIFICATES, ATTEMPTS) values ");
    for (int i = 0; i < users.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, 0)");
    }
    NativeQuery<?> q = em.createNativeQuery(sql.toString()).unwrap(NativeQuery.class);
    int p = 1;
    for (int i = 0; i < users.size(); i++) {
      LeaveDates.Due u = users.get(i);
      AcademyCounts c = counts.get(u.userId());
      q.setParameter(p++, importId, String.class);
      q.setParameter(p++, before + i + 1, Integer.class);
      q.setParameter(p++, u.username(), String.class);
      q.setParameter(p++, RowStatus.MATCHED.name(), String.class);
      q.setParameter(p++, u.userId(), String.class);
      q.setParameter(p++, c == null ? 0 : (int) c.learningRecords(), Integer.class);
      q.setParameter(p++, c == null ? 0 : (int) c.certificates(), Integer.class);
    }
    q.executeUpdate();
  }
}
