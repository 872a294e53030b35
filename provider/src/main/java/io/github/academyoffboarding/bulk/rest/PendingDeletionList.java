package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.pending.PendingDeletions;
import io.github.academyoffboarding.bulk.pending.PendingDeletions.Pending;
import io.github.academyoffboarding.common.IsoTimes;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code GET pending-deletions}: the realm's users pending deletion, joined in the database with
 * Keycloak's own user table, so that search, order, paging and count happen there.
 *
 * <p>An admin who may view all users (view-users) gets the database's page and count. One who may
 * view only some (fine-grained admin permissions) must not learn of the others, not even by the
 * count: then every pending user matching the search is read and checked one by one, and both the
 * page and {@code X-Total-Count} are made of the viewable ones only. That costs a pass over the
 * realm's pending users per request, the price of an honest count for such admins.
 */
final class PendingDeletionList {

  static final int DEFAULT_MAX = 20;
  static final int MAX = 500;

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;

  PendingDeletionList(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
  }

  /** As the list of imports: a negative first is 0, a max of 0 or less the default. */
  Response list(Integer first, Integer max, String search) {
    Access.requireRead(realm, auth);
    int from = first == null || first < 0 ? 0 : first;
    int size = max == null || max <= 0 ? DEFAULT_MAX : Math.min(max, MAX);
    PendingDeletions pending =
        new PendingDeletions(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    List<Pending> page;
    long total;
    if (auth.users().canView()) {
      page = pending.page(realm.getId(), search, from, size);
      total = pending.count(realm.getId(), search);
    } else {
      page = new ArrayList<>();
      total = 0;
      for (Pending p : pending.page(realm.getId(), search, 0, -1)) {
        UserModel user = session.users().getUserById(realm, p.user().getId());
        // Manage implies view, as for the preview's rows (KeycloakUserDirectory).
        if (user == null || !(auth.users().canView(user) || auth.users().canManage(user))) {
          continue;
        }
        if (total >= from && page.size() < size) {
          page.add(p);
        }
        total++;
      }
    }
    Map<String, String> usernames = new HashMap<>();
    List<PendingDeletionRepresentation> body = page.stream().map(p -> of(p, usernames)).toList();
    return Response.ok(body).header("X-Total-Count", total).build();
  }

  private PendingDeletionRepresentation of(Pending p, Map<String, String> usernames) {
    PendingDeletionRepresentation r = new PendingDeletionRepresentation();
    r.userId = p.user().getId();
    r.username = p.user().getUsername();
    r.email = p.user().getEmail();
    r.firstName = p.user().getFirstName();
    r.lastName = p.user().getLastName();
    r.dueAt = IsoTimes.format(p.mark().getDueAt());
    r.importId = p.mark().getImportId();
    r.enabledBefore = p.mark().isEnabledBefore();
    r.requestedBy =
        usernames.computeIfAbsent(
            p.mark().getRequestedByRealm() + "/" + p.mark().getRequestedBy(),
            k -> requester(p.mark().getRequestedByRealm(), p.mark().getRequestedBy()));
    return r;
  }

  /** The admin's username, or null when the admin or its realm is gone (not cached as null). */
  private String requester(String realmId, String userId) {
    RealmModel adminRealm = session.realms().getRealm(realmId);
    UserModel admin = adminRealm == null ? null : session.users().getUserById(adminRealm, userId);
    return admin == null ? null : admin.getUsername();
  }
}
