package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.RowMessage;
import io.github.academyoffboarding.bulk.pending.NeedsAttention;
import io.github.academyoffboarding.bulk.pending.NeedsAttention.Entry;
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
 * {@code GET needs-attention}: the realm's users the purge left disabled, joined in the database
 * with Keycloak's user table. As {@link PendingDeletionList}: an admin who may view all users gets
 * the database's page and count; one who may view only some gets a page and an {@code
 * X-Total-Count} made of those alone.
 */
final class NeedsAttentionList {

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;

  NeedsAttentionList(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
  }

  /** As the list of pending deletions: a negative first is 0, a max of 0 or less the default. */
  Response list(Integer first, Integer max) {
    Access.requireRead(realm, auth);
    int from = first == null || first < 0 ? 0 : first;
    int size =
        max == null || max <= 0
            ? PendingDeletionList.DEFAULT_MAX
            : Math.min(max, PendingDeletionList.MAX);
    NeedsAttention attention =
        new NeedsAttention(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    List<Entry> page;
    long total;
    if (auth.users().canView()) {
      page = attention.page(realm.getId(), from, size);
      total = attention.count(realm.getId());
    } else {
      page = new ArrayList<>();
      total = 0;
      for (Entry e : attention.page(realm.getId(), 0, -1)) {
        UserModel user = session.users().getUserById(realm, e.user().getId());
        if (user == null || !(auth.users().canView(user) || auth.users().canManage(user))) {
          continue;
        }
        if (total >= from && page.size() < size) {
          page.add(e);
        }
        total++;
      }
    }
    Map<String, String> usernames = new HashMap<>();
    List<NeedsAttentionRepresentation> body = page.stream().map(e -> of(e, usernames)).toList();
    return Response.ok(body).header("X-Total-Count", total).build();
  }

  private NeedsAttentionRepresentation of(Entry e, Map<String, String> usernames) {
    NeedsAttentionRepresentation r = new NeedsAttentionRepresentation();
    r.userId = e.user().getId();
    r.username = e.user().getUsername();
    r.email = e.user().getEmail();
    r.firstName = e.user().getFirstName();
    r.lastName = e.user().getLastName();
    r.importId = e.entry().getImportId();
    r.reason = e.entry().getReasonKey();
    String param = e.entry().getReasonParam();
    r.reasonParams = param == null ? List.of() : List.of(param.split("\\|", -1));
    r.message = RowMessage.englishOf(r.reason, param, r.reason);
    r.since = IsoTimes.format(e.entry().getSince());
    r.enabledBefore = e.entry().isEnabledBefore();
    r.requestedBy =
        usernames.computeIfAbsent(
            e.entry().getRequestedByRealm() + "/" + e.entry().getRequestedBy(),
            k -> requester(e.entry().getRequestedByRealm(), e.entry().getRequestedBy()));
    return r;
  }

  private String requester(String realmId, String userId) {
    RealmModel adminRealm = session.realms().getRealm(realmId);
    UserModel admin = adminRealm == null ? null : session.users().getUserById(adminRealm, userId);
    return admin == null ? null : admin.getUsername();
  }
}
