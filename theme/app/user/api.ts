// A user's academy data and pending deletion, through the admin client's token and fetch helper.
import { fetchWithError } from "@keycloak/keycloak-admin-client";
import type KeycloakAdminClient from "@keycloak/keycloak-admin-client";
import type {
  AcademySummary,
  Certificate,
  LearningRecord,
  Page,
  PendingDeletion,
  RestoreResult,
} from "./types";

type Client = Pick<KeycloakAdminClient, "baseUrl" | "getAccessToken">;
type Query = Record<string, string | number | undefined>;

export function userAcademyApi(adminClient: Client, realm: string) {
  const url = (path: string, query: Query = {}) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== "") params.set(k, String(v));
    }
    const qs = params.toString();
    return `${adminClient.baseUrl.replace(/\/+$/, "")}/admin/realms/${encodeURIComponent(realm)}${path}${qs ? `?${qs}` : ""}`;
  };

  const call = async (path: string, query?: Query, init: RequestInit = {}) => {
    const token = await adminClient.getAccessToken();
    return fetchWithError(url(path, query), {
      ...init,
      headers: {
        Accept: "application/json",
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...init.headers,
      },
    });
  };

  const json = async <T>(response: Response) => {
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };

  const page = async <T>(
    path: string,
    first: number,
    max: number,
  ): Promise<Page<T>> => {
    const response = await call(path, { first, max });
    const items = (await json<T[]>(response)) ?? [];
    return { items, total: totalCount(response, first + items.length) };
  };

  const user = (id: string) => `/academy/users/${encodeURIComponent(id)}`;

  return {
    learningRecords: (userId: string, first: number, max: number) =>
      page<LearningRecord>(`${user(userId)}/learning-records`, first, max),
    certificates: (userId: string, first: number, max: number) =>
      page<Certificate>(`${user(userId)}/certificates`, first, max),
    summary: async (userId: string) =>
      json<AcademySummary>(await call(`${user(userId)}/summary`)),
    /** The user's pending deletion, if any: the search also matches names, so the id decides. */
    pendingDeletion: async (userId: string) => {
      const found = await json<PendingDeletion[]>(
        await call("/bulk-users/pending-deletions", {
          search: userId,
          first: 0,
          max: 20,
        }),
      );
      return pendingOf(found ?? [], userId);
    },
    importFileName: async (importId: string) =>
      (
        await json<{ fileName?: string | null }>(
          await call(`/bulk-users/imports/${encodeURIComponent(importId)}`),
        )
      )?.fileName ?? undefined,
    restore: async (importId: string, userId: string) =>
      json<RestoreResult>(
        await call(
          `/bulk-users/imports/${encodeURIComponent(importId)}/restore`,
          undefined,
          {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ userIds: [userId] }),
          },
        ),
      ),
  };
}

export type UserAcademyApi = ReturnType<typeof userAcademyApi>;

/** X-Total-Count, or the given fallback when the header is missing or not a number. */
export function totalCount(response: Response, fallback: number): number {
  const header = response.headers.get("X-Total-Count");
  const total = header === null ? NaN : Number(header);
  return Number.isInteger(total) && total >= 0 ? total : fallback;
}

export function pendingOf(
  found: PendingDeletion[],
  userId: string,
): PendingDeletion | undefined {
  return found.find((p) => p.userId === userId);
}
