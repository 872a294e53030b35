package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.jpa.UserSearch;
import io.github.academyoffboarding.bulk.pending.PendingDeletionEntity;
import io.github.academyoffboarding.bulk.schedule.ScheduledEntity;
import io.github.academyoffboarding.common.AcademyException;
import io.github.academyoffboarding.common.IsoTimes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code GET scheduled}: every user of the realm with a future action, one list over two tables —
 * the dated actions and returns waiting ({@link ScheduledEntity}) and the users pending deletion
 * ({@link PendingDeletionEntity}) — each joined in the database with Keycloak's user table for
 * search and order. A page is the merge of the first {@code first + max} of each, soonest first;
 * the count is the sum of both counts. Admins who may view only some users get the page and count
 * of those only, as for the pending deletions ({@link PendingDeletionList}).
 */
final class ScheduledList {

  static final int DEFAULT_MAX = 20;
  static final int MAX = 500;

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final EntityManager em;

  ScheduledList(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
    this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }

  /** One line of the list, before it is shown. */
  private record Line(
      UserEntity user,
      String action,
      String kind,
      long dueAt,
      Long untilAt,
      String importId,
      Boolean enabledBefore) {}

  private static final Comparator<Line> ORDER =
      Comparator.comparingLong(Line::dueAt)
          .thenComparing(l -> l.user().getUsername(), Comparator.nullsLast(String::compareTo))
          .thenComparing(l -> l.user().getId())
          .thenComparing(Line::action);

  Response list(Integer first, Integer max, String search, String action, String userId) {
    Access.requireRead(realm, auth);
    BulkAction only = action(action);
    int from = first == null || first < 0 ? 0 : first;
    int size = max == null || max <= 0 ? DEFAULT_MAX : Math.min(max, MAX);
    List<Line> page;
    long total;
    if (auth.users().canView()) {
      List<Line> merged = new ArrayList<>(waiting(search, only, userId, from + size));
      merged.addAll(pending(search, only, userId, from + size));
      merged.sort(ORDER);
      page = merged.subList(Math.min(from, merged.size()), Math.min(from + size, merged.size()));
      total = countWaiting(search, only, userId) + countPending(search, only, userId);
    } else {
      List<Line> all = new ArrayList<>(waiting(search, only, userId, -1));
      all.addAll(pending(search, only, userId, -1));
      all.sort(ORDER);
      page = new ArrayList<>();
      total = 0;
      for (Line line : all) {
        UserModel user = session.users().getUserById(realm, line.user().getId());
        // Manage implies view, as for the preview's rows (KeycloakUserDirectory).
        if (user == null || !(auth.users().canView(user) || auth.users().canManage(user))) {
          continue;
        }
        if (total >= from && page.size() < size) {
          page.add(line);
        }
        total++;
      }
    }
    Map<String, BulkImportEntity> imports = new HashMap<>();
    List<ScheduledRepresentation> body = page.stream().map(l -> of(l, imports)).toList();
    return Response.ok(body).header("X-Total-Count", total).build();
  }

  static BulkAction action(String action) {
    if (action == null || action.isBlank()) {
      return null;
    }
    try {
      return BulkAction.valueOf(action.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw AcademyException.badRequest(
          "bulk.invalid-action", "action must be DEACTIVATE, DELETE or REACTIVATE.");
    }
  }

  private List<Line> waiting(String search, BulkAction action, String userId, int max) {
    TypedQuery<Object[]> q =
        em.createQuery(
            "select s, u from ScheduledEntity s, UserEntity u where u.id = s.userId and"
                + " u.realmId = s.realmId and s.realmId = :realmId"
                + filters("s", search, action, userId)
                + " order by s.dueAt, u.username, u.id",
            Object[].class);
    bind(q, search, action, userId);
    if (max >= 0) {
      q.setMaxResults(max);
    }
    return q.getResultList().stream()
        .map(
            r -> {
              ScheduledEntity s = (ScheduledEntity) r[0];
              return new Line(
                  (UserEntity) r[1],
                  s.getAction(),
                  s.getKind().name(),
                  s.getDueAt(),
                  s.getUntilAt(),
                  s.getImportId(),
                  null);
            })
        .toList();
  }

  private List<Line> pending(String search, BulkAction action, String userId, int max) {
    if (action != null && action != BulkAction.DELETE) {
      return List.of();
    }
    TypedQuery<Object[]> q =
        em.createQuery(
            "select p, u from PendingDeletionEntity p, UserEntity u where u.id = p.userId and"
                + " u.realmId = p.realmId and p.realmId = :realmId"
                + filters("p", search, null, userId)
                + " order by p.dueAt, u.username, u.id",
            Object[].class);
    bind(q, search, null, userId);
    if (max >= 0) {
      q.setMaxResults(max);
    }
    return q.getResultList().stream()
        .map(
            r -> {
              PendingDeletionEntity p = (PendingDeletionEntity) r[0];
              return new Line(
                  (UserEntity) r[1],
                  BulkAction.DELETE.name(),
                  "PENDING_DELETION",
                  p.getDueAt(),
                  null,
                  p.getImportId(),
                  p.isEnabledBefore());
            })
        .toList();
  }

  private long countWaiting(String search, BulkAction action, String userId) {
    TypedQuery<Long> q =
        em.createQuery(
            "select count(s) from ScheduledEntity s, UserEntity u where u.id = s.userId and"
                + " u.realmId = s.realmId and s.realmId = :realmId"
                + filters("s", search, action, userId),
            Long.class);
    bind(q, search, action, userId);
    return q.getSingleResult();
  }

  private long countPending(String search, BulkAction action, String userId) {
    if (action != null && action != BulkAction.DELETE) {
      return 0;
    }
    TypedQuery<Long> q =
        em.createQuery(
            "select count(p) from PendingDeletionEntity p, UserEntity u where u.id = p.userId and"
                + " u.realmId = p.realmId and p.realmId = :realmId"
                + filters("p", search, null, userId),
            Long.class);
    bind(q, search, null, userId);
    return q.getSingleResult();
  }

  private static String filters(String alias, String search, BulkAction action, String userId) {
    return UserSearch.clause(search)
        + (action == null ? "" : " and " + alias + ".action = :action")
        + (userId == null || userId.isBlank() ? "" : " and " + alias + ".userId = :userId");
  }

  private void bind(TypedQuery<?> q, String search, BulkAction action, String userId) {
    q.setParameter("realmId", realm.getId());
    UserSearch.bind(q, search);
    if (action != null) {
      q.setParameter("action", action.name());
    }
    if (userId != null && !userId.isBlank()) {
      q.setParameter("userId", userId.strip());
    }
  }

  private ScheduledRepresentation of(Line l, Map<String, BulkImportEntity> imports) {
    BulkImportEntity job =
        imports.computeIfAbsent(l.importId(), id -> em.find(BulkImportEntity.class, id));
    ScheduledRepresentation r = new ScheduledRepresentation();
    r.userId = l.user().getId();
    r.username = l.user().getUsername();
    r.email = l.user().getEmail();
    r.firstName = l.user().getFirstName();
    r.lastName = l.user().getLastName();
    r.action = l.action();
    r.kind = l.kind();
    r.dueAt = IsoTimes.format(l.dueAt());
    r.untilAt = IsoTimes.format(l.untilAt());
    r.importId = l.importId();
    r.origin = job == null ? null : job.getOrigin();
    r.enabledBefore = l.enabledBefore();
    if ("DATED".equals(l.kind()) && BulkAction.DELETE.name().equals(l.action()) && job != null) {
      Duration window =
          job.getDeleteAfter() == null ? null : BulkSettings.parseDeleteAfter(job.getDeleteAfter());
      r.deleteAt = IsoTimes.format(l.dueAt() + (window == null ? 0 : window.toMillis()));
    }
    return r;
  }
}
