package io.github.academyoffboarding.bulk.plan;

import io.github.academyoffboarding.bulk.AdminHolders;
import io.github.academyoffboarding.bulk.MatchBy;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Finds users for a batch of identifiers with one indexed query on Keycloak's user table, then asks
 * Keycloak's user API only for what that query cannot answer: users of a federation provider not
 * imported yet, and per-user permissions when the caller does not hold view-users or manage-users
 * for the whole realm.
 *
 * <p>Every user an identifier matches is returned, not one of them: in a realm that allows
 * duplicate e-mails, one address can belong to several users, and the planner must see that.
 */
public final class KeycloakUserDirectory implements UserDirectory {

  // UserStorageProvider's class name: its jar (keycloak-model-storage) is not published for 26.7.3.
  private static final String USER_STORAGE_PROVIDER_TYPE =
      "org.keycloak.storage.UserStorageProvider";

  /**
   * Enough matches to know an identifier is ambiguous; the federated search stops there rather than
   * importing every user of a popular shared address.
   */
  private static final int FEDERATED_SEARCH_LIMIT = 3;

  private final KeycloakSession session;
  private final RealmModel realm;
  private final MatchBy matchBy;
  private final String callerId;
  private final AdminPermissionEvaluator auth;
  private final boolean protectAdmins;
  private final boolean manageAll;
  private final boolean viewAll;
  private final boolean federated;
  private Set<String> admins;

  public KeycloakUserDirectory(
      KeycloakSession session,
      RealmModel realm,
      MatchBy matchBy,
      String callerId,
      AdminPermissionEvaluator auth,
      boolean protectAdmins) {
    this.session = session;
    this.realm = realm;
    this.matchBy = matchBy;
    this.callerId = callerId;
    this.auth = auth;
    this.protectAdmins = protectAdmins;
    this.manageAll = auth.users().canManage();
    this.viewAll = manageAll || auth.users().canView();
    this.federated =
        realm.getComponentsStream(realm.getId(), USER_STORAGE_PROVIDER_TYPE).findAny().isPresent();
  }

  @Override
  public Map<String, Matches> find(Collection<String> identifiers) {
    // Users by identifier, in the order found, each user once.
    Map<String, Map<String, Found>> byIdentifier = new HashMap<>();
    String column =
        switch (matchBy) {
          case EMAIL -> "u.email";
          case USERNAME -> "u.username";
          case ID -> "u.id";
        };
    EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    // Keycloak stores e-mails and usernames lower-cased and compares them with "=" on the
    // lower-cased value (JpaUserProvider.getUserByEmail, searchForUserStream with EXACT), which
    // uses the column's index on every database; the identifiers are lower-cased the same way.
    // Where the database compares case- or accent-insensitively (MariaDB's default collation), the
    // IN may also return a stored value that differs from the identifier asked for: the exact
    // comparison below keeps only what Keycloak itself calls a match, so that H2, PostgreSQL and
    // MariaDB find the same users.
    List<Object[]> rows =
        em.createQuery(
                "select "
                    + column
                    + ", u.id, u.enabled, u.serviceAccountClientLink from UserEntity u"
                    + " where u.realmId = :realmId and "
                    + column
                    + " in :ids",
                Object[].class)
            .setParameter("realmId", realm.getId())
            .setParameter("ids", identifiers)
            .getResultList();
    Set<String> asked = identifiers instanceof Set<String> set ? set : new HashSet<>(identifiers);
    for (Object[] row : rows) {
      String key = (String) row[0];
      if (!asked.contains(key)) {
        continue;
      }
      String id = (String) row[1];
      byIdentifier
          .computeIfAbsent(key, k -> new LinkedHashMap<>())
          .putIfAbsent(id, new Found(id, (Boolean) row[2], row[3] != null, null));
    }
    if (federated) {
      // Users of a federation provider (LDAP, …) that are not imported yet are found only through
      // the user API. An e-mail found locally can still belong to such a user too when the realm
      // allows duplicate e-mails; usernames and ids are unique, so those are asked only when not
      // found locally.
      boolean searchAll = matchBy == MatchBy.EMAIL && realm.isDuplicateEmailsAllowed();
      for (String identifier : identifiers) {
        if (searchAll || !byIdentifier.containsKey(identifier)) {
          lookUp(identifier)
              .forEach(
                  user ->
                      byIdentifier
                          .computeIfAbsent(identifier, k -> new LinkedHashMap<>())
                          .putIfAbsent(
                              user.getId(),
                              new Found(
                                  user.getId(),
                                  user.isEnabled(),
                                  user.getServiceAccountClientLink() != null,
                                  user)));
        }
      }
    }
    Map<String, Matches> result = new HashMap<>();
    for (Map.Entry<String, Map<String, Found>> e : byIdentifier.entrySet()) {
      result.put(e.getKey(), matches(e.getValue().values()));
    }
    return result;
  }

  /** A user as first found, before permissions are looked at. */
  private record Found(String id, boolean enabled, boolean serviceAccount, UserModel loaded) {}

  /**
   * Splits the users of one identifier into those the caller may view (with their protection) and a
   * mere count of the others. Nothing about a user the caller may not view is kept: not its id, not
   * why it would be protected.
   */
  private Matches matches(Collection<Found> users) {
    List<CandidateUser> viewable = new ArrayList<>(users.size());
    int notViewable = 0;
    for (Found f : users) {
      UserModel loaded = f.loaded();
      if (!viewAll && !f.id().equals(callerId)) {
        if (loaded == null) {
          loaded = session.users().getUserById(realm, f.id());
        }
        // An admin who may manage a user knows it exists; otherwise view decides, as for
        // Keycloak's own user search.
        if (loaded == null || !(auth.users().canView(loaded) || auth.users().canManage(loaded))) {
          notViewable++;
          continue;
        }
      }
      viewable.add(
          new CandidateUser(f.id(), f.enabled(), protection(f.id(), f.serviceAccount(), loaded)));
    }
    return new Matches(viewable, notViewable);
  }

  /**
   * Every user the identifier names, through Keycloak's user API (local storage, then each
   * federation provider, importing what it finds). Not {@code getUserByEmail}: it returns one user,
   * or throws ModelDuplicateException when several share the address.
   */
  private Stream<UserModel> lookUp(String identifier) {
    return switch (matchBy) {
      case EMAIL ->
          session
              .users()
              .searchForUserStream(
                  realm,
                  Map.of(UserModel.EMAIL, identifier, UserModel.EXACT, Boolean.TRUE.toString()),
                  0,
                  FEDERATED_SEARCH_LIMIT)
              // The search compares case-insensitively on some stores; keep exact matches only.
              .filter(u -> identifier.equals(lower(u.getEmail())));
      case USERNAME -> Stream.ofNullable(session.users().getUserByUsername(realm, identifier));
      case ID -> Stream.ofNullable(session.users().getUserById(realm, identifier));
    };
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  private CandidateUser.Protection protection(
      String userId, boolean serviceAccount, UserModel loaded) {
    if (userId.equals(callerId)) {
      return CandidateUser.Protection.CALLER;
    }
    if (serviceAccount) {
      return CandidateUser.Protection.SERVICE_ACCOUNT;
    }
    if (protectAdmins && admins().contains(userId)) {
      return CandidateUser.Protection.ADMIN;
    }
    if (!manageAll) {
      UserModel user = loaded != null ? loaded : session.users().getUserById(realm, userId);
      if (user == null || !auth.users().canManage(user)) {
        return CandidateUser.Protection.NOT_MANAGEABLE;
      }
    }
    return null;
  }

  /** Everyone holding realm-admin in this realm ({@link AdminHolders}); once per preview. */
  private Set<String> admins() {
    if (admins == null) {
      admins = AdminHolders.of(session, realm).all();
    }
    return admins;
  }
}
