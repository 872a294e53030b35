// The user list's actions go through the extension's REST API exactly as automation would: a preview
// of the chosen users by id, marked as coming from the user list, then the import's commit (the
// bulk API's own calls).
import { adminFetch, readJson, type AdminClient } from "../api/adminFetch";
import type { BulkAction, BulkImport } from "../bulk/types";

/** The JSON body of POST bulk-users/imports for users chosen in the console. */
export function userListImportBody(action: BulkAction, userIds: string[]) {
  return {
    action,
    matchBy: "ID",
    identifiers: userIds,
    origin: "USER_LIST",
  };
}

/** Creates the preview of an action on users chosen in the console. */
export async function createUserListImport(
  adminClient: AdminClient,
  realm: string,
  action: BulkAction,
  userIds: string[],
): Promise<BulkImport> {
  const response = await adminFetch(adminClient, realm).call(
    "/bulk-users/imports",
    {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(userListImportBody(action, userIds)),
    },
  );
  return readJson<BulkImport>(response);
}
