package io.github.academyoffboarding.bulk;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.StorageId;

/**
 * Who holds {@code realm-admin} of a realm (and, in the master realm, its {@code admin} role):
 * directly, through a composite role, or through a group or a parent group. The one definition the
 * preview (every holder, once per preview) and the job (the holders among a batch's users, once per
 * batch) share.
 *
 * <p>The roles and groups that grant it are found in Keycloak's tables with a few small queries
 * (the roles that contain an admin role, level by level of composites; the groups mapped to one of
 * them and their subgroups), not by walking every role, client and group of the realm: admins and
 * their roles are few, clients and groups may be many. A batch's local users are then checked with
 * two queries on their role and group mappings; a single user, and users of a federation provider
 * (whose roles may come from the provider's mappers), through their model ({@link
 * UserModel#hasRole}).
 */
public final class AdminHolders {

  private final KeycloakSession session;
  private final RealmModel realm;
  private final List<RoleModel> adminRoles;
  private Set<String> grantingRoles;
  private Set<String> grantingGroups;

  private AdminHolders(KeycloakSession session, RealmModel realm) {
    this.session = session;
    this.realm = realm;
    this.adminRoles = adminRoles(realm);
  }

  /** Finds the granting roles and groups, once. */
  private void resolve() {
    if (grantingRoles == null) {
      EntityManager em = em();
      grantingRoles = grantingRoles(em, adminRoles);
      grantingGroups = grantingGroups(em, realm, grantingRoles);
    }
  }

  /** The roles and groups that grant admin in {@code realm}, as they are in this transaction. */
  public static AdminHolders of(KeycloakSession session, RealmModel realm) {
    return new AdminHolders(session, realm);
  }

  /** The ids of every user holding admin in the realm, local or federated. */
  public Set<String> all() {
    resolve();
    Set<String> ids = new HashSet<>();
    for (String roleId : grantingRoles) {
      RoleModel role = session.roles().getRoleById(realm, roleId);
      if (role != null) {
        session.users().getRoleMembersStream(realm, role).forEach(u -> ids.add(u.getId()));
      }
    }
    for (String groupId : grantingGroups) {
      GroupModel group = session.groups().getGroupById(realm, groupId);
      if (group != null) {
        session.users().getGroupMembersStream(realm, group).forEach(u -> ids.add(u.getId()));
      }
    }
    return ids;
  }

  /** The ids of those of {@code users} (all of this realm) that hold admin. */
  public Set<String> among(Collection<UserModel> users) {
    Set<String> holders = new HashSet<>();
    if (adminRoles.isEmpty()) {
      return holders;
    }
    // One user (a row in a transaction of its own): its model answers from its cached mappings,
    // cheaper than finding the granting roles and groups.
    boolean byModel = users.size() == 1;
    List<String> local = new ArrayList<>();
    for (UserModel user : users) {
      if (!byModel && StorageId.isLocalStorage(user.getId()) && user.getFederationLink() == null) {
        local.add(user.getId());
      } else if (adminRoles.stream().anyMatch(user::hasRole)) {
        holders.add(user.getId());
      }
    }
    if (local.isEmpty()) {
      return holders;
    }
    resolve();
    EntityManager em = em();
    holders.addAll(
        em.createQuery(
                "select distinct m.user.id from UserRoleMappingEntity m"
                    + " where m.user.id in :ids and m.roleId in :roles",
                String.class)
            .setParameter("ids", local)
            .setParameter("roles", grantingRoles)
            .getResultList());
    if (!grantingGroups.isEmpty()) {
      holders.addAll(
          em.createQuery(
                  "select distinct m.user.id from UserGroupMembershipEntity m"
                      + " where m.user.id in :ids and m.groupId in :groups",
                  String.class)
              .setParameter("ids", local)
              .setParameter("groups", grantingGroups)
              .getResultList());
    }
    return holders;
  }

  private static List<RoleModel> adminRoles(RealmModel realm) {
    List<RoleModel> roles = new ArrayList<>();
    ClientModel management = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
    if (management != null && management.getRole(AdminRoles.REALM_ADMIN) != null) {
      roles.add(management.getRole(AdminRoles.REALM_ADMIN));
    }
    if (realm.getName().equals(Config.getAdminRealm()) && realm.getRole(AdminRoles.ADMIN) != null) {
      roles.add(realm.getRole(AdminRoles.ADMIN));
    }
    return roles;
  }

  /** The admin roles and every role that contains one of them, through any depth of composites. */
  private static Set<String> grantingRoles(EntityManager em, List<RoleModel> adminRoles) {
    Set<String> all = new HashSet<>();
    adminRoles.forEach(r -> all.add(r.getId()));
    Set<String> level = new HashSet<>(all);
    while (!level.isEmpty()) {
      List<String> parents =
          em.createQuery(
                  "select distinct c.parentRole.id from CompositeRoleEntity c"
                      + " where c.childRole.id in :ids",
                  String.class)
              .setParameter("ids", level)
              .getResultList();
      level = new HashSet<>(parents);
      level.removeAll(all); // composites may form cycles
      all.addAll(level);
    }
    return all;
  }

  /** The realm's groups mapped to a granting role, and all their subgroups (which inherit it). */
  private static Set<String> grantingGroups(
      EntityManager em, RealmModel realm, Set<String> grantingRoles) {
    Set<String> all = new HashSet<>();
    if (grantingRoles.isEmpty()) {
      return all;
    }
    Set<String> level =
        new HashSet<>(
            em.createQuery(
                    "select distinct m.group.id from GroupRoleMappingEntity m"
                        + " where m.roleId in :roles and m.group.realm = :realmId",
                    String.class)
                .setParameter("roles", grantingRoles)
                .setParameter("realmId", realm.getId())
                .getResultList());
    while (!level.isEmpty()) {
      all.addAll(level);
      level =
          new HashSet<>(
              em.createQuery(
                      "select g.id from GroupEntity g"
                          + " where g.parentId in :ids and g.realm = :realmId",
                      String.class)
                  .setParameter("ids", level)
                  .setParameter("realmId", realm.getId())
                  .getResultList());
      level.removeAll(all);
    }
    return all;
  }

  private EntityManager em() {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
