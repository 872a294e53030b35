// The one way this theme calls the extension's admin REST endpoints: the realm's admin URL, the
// admin client's bearer token, and the admin client's fetch helper (which rejects on an error status).
import { fetchWithError } from "@keycloak/keycloak-admin-client";
import type KeycloakAdminClient from "@keycloak/keycloak-admin-client";

export type AdminClient = Pick<
  KeycloakAdminClient,
  "baseUrl" | "getAccessToken"
>;

/** Query parameters; undefined and empty values are left out. */
export type Query = Record<string, string | number | undefined>;

export function adminFetch(adminClient: AdminClient, realm: string) {
  /** `path` is below /admin/realms/{realm}. */
  const url = (path: string, query: Query = {}) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== "") params.set(k, String(v));
    }
    const qs = params.toString();
    return `${adminClient.baseUrl.replace(/\/+$/, "")}/admin/realms/${encodeURIComponent(realm)}${path}${qs ? `?${qs}` : ""}`;
  };

  /** With the token only: downloads leave Accept to the browser. */
  const request = async (
    path: string,
    init: RequestInit = {},
    query?: Query,
  ) => {
    const token = await adminClient.getAccessToken();
    return fetchWithError(url(path, query), {
      ...init,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...init.headers,
      },
    });
  };

  /** A JSON call; the caller's headers win over the defaults. */
  const call = (path: string, init: RequestInit = {}, query?: Query) =>
    request(
      path,
      { ...init, headers: { Accept: "application/json", ...init.headers } },
      query,
    );

  return { url, request, call };
}

export type AdminFetch = ReturnType<typeof adminFetch>;

/** The response's JSON body, or undefined when it has none (204, or an empty 200). */
export async function readJson<T>(response: Response): Promise<T> {
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
