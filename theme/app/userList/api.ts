// The user list's actions go through the extension's REST API exactly as automation would: a preview
// of the chosen users by id, marked as coming from the user list, then the import's commit.
import { fetchWithError } from "@keycloak/keycloak-admin-client";
import type KeycloakAdminClient from "@keycloak/keycloak-admin-client";
import type { BulkAction, BulkImport } from "../bulk/types";

type Client = Pick<KeycloakAdminClient, "baseUrl" | "getAccessToken">;

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
  adminClient: Client,
  realm: string,
  action: BulkAction,
  userIds: string[],
): Promise<BulkImport> {
  const token = await adminClient.getAccessToken();
  const base = adminClient.baseUrl.replace(/\/+$/, "");
  const response = await fetchWithError(
    `${base}/admin/realms/${encodeURIComponent(realm)}/bulk-users/imports`,
    {
      method: "POST",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(userListImportBody(action, userIds)),
    },
  );
  return (await response.json()) as BulkImport;
}
