// A user's academy data and pending deletion, through the theme's one admin fetch helper.
import {
  adminFetch,
  readJson,
  type AdminClient,
  type Query,
} from "../api/adminFetch";
import type { ScheduledEntry } from "../bulk/types";
import type {
  AcademySummary,
  Certificate,
  LearningRecord,
  Page,
  PendingDeletion,
} from "./types";

export function userAcademyApi(adminClient: AdminClient, realm: string) {
  const admin = adminFetch(adminClient, realm);
  const call = (path: string, query?: Query, init: RequestInit = {}) =>
    admin.call(path, init, query);

  const page = async <T>(
    path: string,
    first: number,
    max: number,
  ): Promise<Page<T>> => {
    const response = await call(path, { first, max });
    const items = (await readJson<T[]>(response)) ?? [];
    return { items, total: totalCount(response, first + items.length) };
  };

  const user = (id: string) => `/academy/users/${encodeURIComponent(id)}`;

  return {
    learningRecords: (userId: string, first: number, max: number) =>
      page<LearningRecord>(`${user(userId)}/learning-records`, first, max),
    certificates: (userId: string, first: number, max: number) =>
      page<Certificate>(`${user(userId)}/certificates`, first, max),
    summary: async (userId: string) =>
      readJson<AcademySummary>(await call(`${user(userId)}/summary`)),
    /** The user's pending deletion, if any: the search also matches names, so the id decides. */
    pendingDeletion: async (userId: string) => {
      const found = await readJson<PendingDeletion[]>(
        await call("/bulk-users/pending-deletions", {
          search: userId,
          first: 0,
          max: 20,
        }),
      );
      return pendingOf(found ?? [], userId);
    },
    /** What is scheduled for the user (every kind), by due time; other users' entries are dropped. */
    scheduled: async (userId: string) => {
      const found = await readJson<ScheduledEntry[]>(
        await call("/bulk-users/scheduled", { userId, first: 0, max: 50 }),
      );
      return (found ?? []).filter((e) => e.userId === userId);
    },
    importFileName: async (importId: string) =>
      (
        await readJson<{ fileName?: string | null }>(
          await call(`/bulk-users/imports/${encodeURIComponent(importId)}`),
        )
      )?.fileName ?? undefined,
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
