package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.common.AcademyException;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Who may use the bulk endpoints of a realm. Reads need view-users, writes manage-users. Where the
 * realm uses fine-grained admin permissions, an admin who may query users but not manage all of
 * them may still import: each user is then checked one by one (rows of users they may not manage
 * are PROTECTED), and they see only their own imports.
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

  /**
   * Commit and cancel of one import. In a realm with fine-grained permissions, requireWrite lets in
   * anyone who may query users (view-users included), so those who may not manage every user act
   * only on imports they created: otherwise a view-users admin could start or cancel another
   * admin's import.
   */
  static void requireWrite(
      RealmModel realm, AdminPermissionEvaluator auth, BulkImportEntity entity) {
    requireWrite(realm, auth);
    if (!auth.users().canManage()
        && !auth.adminAuth().getUser().getId().equals(entity.getCreatedBy())) {
      throw new AcademyException(
          Response.Status.FORBIDDEN,
          "bulk.forbidden",
          "Only the admin who created this import, or one with the manage-users role, can commit or cancel it.");
    }
  }

  /**
   * The creator whose imports alone this caller may see, or null when they may see all of the
   * realm's.
   */
  static String restrictedTo(RealmModel realm, AdminPermissionEvaluator auth) {
    return auth.users().canView() ? null : auth.adminAuth().getUser().getId();
  }

  private static AcademyException forbidden(String role) {
    return new AcademyException(
        Response.Status.FORBIDDEN,
        "bulk.forbidden",
        "This needs the " + role + " role of the realm.");
  }

  private static boolean restricted(RealmModel realm, AdminPermissionEvaluator auth) {
    return realm.isAdminPermissionsEnabled() && auth.users().canQuery();
  }
}
