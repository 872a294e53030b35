package io.github.academyoffboarding.bulk.export;

import io.github.academyoffboarding.academy.CertificateEntity;
import io.github.academyoffboarding.academy.CertificateRepresentation;
import io.github.academyoffboarding.academy.LearningRecordEntity;
import io.github.academyoffboarding.academy.LearningRecordRepresentation;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Reads the learning records and certificates of the users an import will delete, for {@link
 * AcademyDataWriter}: the users a page at a time (keyset on the row number), and each page's
 * records a page at a time, so memory holds one page of each whatever the import's size. Lines come
 * in the import's row order, each user's records oldest first. Read entities are detached as soon
 * as they are turned into lines.
 */
public final class AcademyDataSource {

  static final int USERS_PER_PAGE = 500;
  static final int LINES_PER_PAGE = 1000;

  /**
   * Which users of an import: an entity with {@code importId, rowNo, userId}, and which of them.
   */
  public enum Users {
    /** A preview: the rows it would act on, those its academy counts are made of. */
    PREVIEW_ROWS("BulkImportRowEntity", " and b.status = 'MATCHED'"),
    /**
     * A committed import: its users still pending deletion (deactivated, deleted at the due time).
     */
    PENDING_DELETIONS("PendingDeletionEntity", "");

    private final String entity;
    private final String condition;

    Users(String entity, String condition) {
      this.entity = entity;
      this.condition = condition;
    }

    /** The JPQL condition on {@code b}, an instance of {@link #entity}, for {@code :importId}. */
    String where() {
      return " b.importId = :importId" + condition;
    }
  }

  private final EntityManager em;
  private final RealmModel realm;
  private final String importId;
  private final Users users;
  private final ViewableUsers viewable;

  public AcademyDataSource(
      KeycloakSession session,
      RealmModel realm,
      AdminPermissionEvaluator auth,
      String importId,
      Users users) {
    this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    this.realm = realm;
    this.importId = importId;
    this.users = users;
    this.viewable = new ViewableUsers(session, realm, auth);
  }

  public Iterator<LearningRecordLine> learningRecords() {
    return new Lines<>(
        "AcademyLearningRecord",
        LearningRecordEntity.class,
        LearningRecordEntity::getUserId,
        LearningRecordEntity::getRealmId,
        (user, r) -> new LearningRecordLine(user, LearningRecordRepresentation.from(r)));
  }

  public Iterator<CertificateLine> certificates() {
    return new Lines<>(
        "AcademyCertificate",
        CertificateEntity.class,
        CertificateEntity::getUserId,
        CertificateEntity::getRealmId,
        (user, c) -> new CertificateLine(user, CertificateRepresentation.from(c)));
  }

  @FunctionalInterface
  private interface LineOf<E, L> {
    L of(ExportedUser user, E entity);
  }

  /** The lines of one academy table for the import's users, read page by page. */
  private final class Lines<E, L> implements Iterator<L> {

    private final String academyEntity;
    private final Class<E> type;
    private final Function<E, String> userIdOf;
    private final Function<E, String> realmIdOf;
    private final LineOf<E, L> lineOf;

    /** The row number of the last user read. */
    private int last = Integer.MIN_VALUE;

    private Map<String, ExportedUser> pageUsers = Map.of();
    private boolean noMoreUsers;
    private boolean pageDone = true;
    private int offset;
    private List<L> buffer = List.of();
    private int index;

    Lines(
        String academyEntity,
        Class<E> type,
        Function<E, String> userIdOf,
        Function<E, String> realmIdOf,
        LineOf<E, L> lineOf) {
      this.academyEntity = academyEntity;
      this.type = type;
      this.userIdOf = userIdOf;
      this.realmIdOf = realmIdOf;
      this.lineOf = lineOf;
    }

    @Override
    public boolean hasNext() {
      while (index >= buffer.size()) {
        if (!pageDone) {
          readLines();
        } else if (noMoreUsers) {
          return false;
        } else {
          readUsers();
        }
      }
      return true;
    }

    @Override
    public L next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return buffer.get(index++);
    }

    private void readUsers() {
      List<Object[]> keys =
          em.createQuery(
                  "select b.rowNo, b.userId from "
                      + users.entity
                      + " b where"
                      + users.where()
                      + " and b.rowNo > :after order by b.rowNo",
                  Object[].class)
              .setParameter("importId", importId)
              .setParameter("after", last)
              .setMaxResults(USERS_PER_PAGE)
              .getResultList();
      noMoreUsers = keys.size() < USERS_PER_PAGE;
      if (keys.isEmpty()) {
        pageDone = true;
        return;
      }
      last = ((Number) keys.get(keys.size() - 1)[0]).intValue();
      List<String> ids = new ArrayList<>(keys.size());
      for (Object[] key : keys) {
        ids.add((String) key[1]);
      }
      pageUsers = viewable.of(ids);
      pageDone = pageUsers.isEmpty();
      offset = 0;
    }

    private void readLines() {
      // By user id alone, as AcademyStore reads many users' rows, so that the USER_ID index
      // serves it; the realm is compared here, for the reason AcademyStore gives.
      List<E> page =
          em.createQuery(
                  "select r from "
                      + academyEntity
                      + " r where r.userId in :userIds order by r.userId, r.createdAt, r.id",
                  type)
              .setParameter("userIds", pageUsers.keySet())
              .setFirstResult(offset)
              .setMaxResults(LINES_PER_PAGE)
              .getResultList();
      offset += page.size();
      pageDone = page.size() < LINES_PER_PAGE;
      List<L> lines = new ArrayList<>(page.size());
      for (E entity : page) {
        em.detach(entity);
        ExportedUser user = pageUsers.get(userIdOf.apply(entity));
        if (user != null && realm.getId().equals(realmIdOf.apply(entity))) {
          lines.add(lineOf.of(user, entity));
        }
      }
      buffer = lines;
      index = 0;
    }
  }
}
