package io.github.academyoffboarding.bulk.rest;

import org.keycloak.models.RealmModel;
import io.github.academyoffboarding.common.AcademyException;
import jakarta.ws.rs.core.Response;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Who may use the bulk endpoints of a realm. Reads need view-users, writes manage-users. Where the realm
 * uses fine-grained admin permissions, an admin who may query users but not manage all of them may
 * still import: each user is then checked one by one (rows of users they may not manage are
 * PROTECTED), and they see only their own imports.
 */
final class Access {

  private Access() {}

  static void requireRead(RealmModel realm, AdminPermissionEvaluator auth) {
    if (!auth.users().canView() && !restricted(realm, auth)) {
      throw forbidden("view-users");
    }
  }

  static void requireWrite(RealmModel realm, AdminPermissionEvaluator auth) {
    if (!auth.users().canManage() && !restricted(realm, auth)) {
      throw forbidden("manage-users");
    }
  }

  /** The creator whose imports alone this caller may see, or null when they may see all of the realm's. */
  static String restrictedTo(RealmModel realm, AdminPermissionEvaluator auth) {
    return auth.users().canView() ? null : auth.adminAuth().getUser().getId();
  }

  private static AcademyException forbidden(String role) {
    return new AcademyException(Response.Status.FORBIDDEN, "bulk.forbidden", "This needs the " + role + " role of the realm.");
  }

  private static boolean restricted(RealmModel realm, AdminPermissionEvaluator auth) {
    return realm.isAdminPermissionsEnabled() && auth.users().canQuery();
  }
}
