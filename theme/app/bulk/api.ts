// Calls to the extension's bulk-users endpoints, through the theme's one admin fetch helper.
import {
  adminFetch,
  readJson,
  type AdminClient,
  type Query,
} from "../api/adminFetch";
import { fileNameFrom } from "./logic";
import type {
  BulkAction,
  BulkImport,
  BulkSettings,
  DeleteNowResult,
  ImportRow,
  MatchBy,
  NeedsAttention,
  NeedsAttentionResult,
  Restore,
  RowStatus,
  ScheduledEntry,
} from "./types";

/** The Scheduled list's filters: text search, one action, or one user (the user page's banner). */
export type ScheduledQuery = {
  search?: string;
  action?: BulkAction;
  userId?: string;
};

/** A list's X-Total-Count; without the header (it should be there), what was read is all that is known. */
function totalOf(headers: Headers, first: number, body?: unknown[]) {
  const total = Number(headers.get("X-Total-Count"));
  return Number.isFinite(total) && headers.has("X-Total-Count")
    ? total
    : first + (body?.length ?? 0);
}

export function bulkApi(adminClient: AdminClient, realm: string) {
  const admin = adminFetch(adminClient, realm);
  const BASE = "/bulk-users";

  const call = async <T>(
    path: string,
    init: RequestInit = {},
    query?: Query,
  ) => {
    const response = await admin.call(BASE + path, init, query);
    return { body: await readJson<T>(response), headers: response.headers };
  };

  const json = async <T>(path: string, init: RequestInit = {}, query?: Query) =>
    (await call<T>(path, init, query)).body;

  const postJson = <T>(path: string, body?: unknown) =>
    json<T>(
      path,
      body === undefined
        ? { method: "POST" }
        : {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(body),
          },
    );

  const importPath = (id: string, tail = "") =>
    `/imports/${encodeURIComponent(id)}${tail}`;

  const download = async (
    path: string,
    query: Record<string, string>,
    fallbackName: string,
  ) => {
    const response = await admin.request(BASE + path, {}, query);
    const blob = await response.blob();
    saveBlob(
      blob,
      fileNameFrom(response.headers.get("Content-Disposition"), fallbackName),
    );
  };

  return {
    listImports: (first: number, max: number) =>
      json<BulkImport[]>("/imports", {}, { first, max }),
    getImport: (id: string) =>
      json<BulkImport>(`/imports/${encodeURIComponent(id)}`),
    createImport: (
      file: File,
      action: BulkAction,
      matchBy: MatchBy,
      includeHidden = false,
    ) => {
      const body = new FormData();
      body.append("file", file, file.name);
      body.append("action", action);
      body.append("matchBy", matchBy);
      // Rows hidden in the sheet (a filter) are left out unless the admin asked for them.
      body.append("includeHidden", String(includeHidden));
      // Also as a plain field: the server uses it when the part's own file name is not available.
      body.append("fileName", file.name);
      return json<BulkImport>("/imports", { method: "POST", body });
    },
    listRows: (
      id: string,
      status: RowStatus | undefined,
      first: number,
      max: number,
    ) =>
      json<ImportRow[]>(
        `/imports/${encodeURIComponent(id)}/rows`,
        {},
        { status, first, max },
      ),
    /** A DELETE's deleteAfter (e.g. P30D, PT0S) overrides the upload's window; others send no body. */
    commit: (id: string, deleteAfter?: string) =>
      postJson<BulkImport | undefined>(
        importPath(id, "/commit"),
        deleteAfter === undefined ? undefined : { deleteAfter },
      ),
    cancel: (id: string) =>
      json<BulkImport | undefined>(
        `/imports/${encodeURIComponent(id)}/cancel`,
        {
          method: "POST",
        },
      ),
    getSettings: () => json<BulkSettings>("/settings"),
    /**
     * Asks the engine to restore all pending users of the import, or only the given ones; answers at
     * once (202) with the restore, which getRestore follows until it is done.
     */
    restore: (id: string, userIds?: string[]) =>
      postJson<Restore>(
        importPath(id, "/restore"),
        userIds === undefined ? undefined : { userIds },
      ),
    /** How far one restore has come. */
    getRestore: (importId: string, restoreId: string) =>
      json<Restore>(
        importPath(importId, `/restores/${encodeURIComponent(restoreId)}`),
      ),
    deleteNow: (id: string) =>
      postJson<DeleteNowResult>(importPath(id, "/delete-now")),
    /** Every user with a future action (dated, a return, a pending deletion), by due time. */
    listScheduled: async (
      first: number,
      max: number,
      { search, action, userId }: ScheduledQuery = {},
    ) => {
      const { body, headers } = await call<ScheduledEntry[]>(
        "/scheduled",
        {},
        { first, max, search: search?.trim(), action, userId },
      );
      return { users: body ?? [], total: totalOf(headers, first, body) };
    },
    /** Cancels a DATED or RETURN entry of the user (the row's outcome becomes CANCELLED). */
    cancelScheduled: (userId: string, action: BulkAction) =>
      postJson<unknown>(`/scheduled/${encodeURIComponent(userId)}/cancel`, {
        action,
      }),
    /** Carries a DATED or RETURN entry of the user out now (202). */
    scheduledNow: (userId: string, action: BulkAction) =>
      postJson<unknown>(`/scheduled/${encodeURIComponent(userId)}/now`, {
        action,
      }),
    /** Carries the import's waiting DEACTIVATE entries out now, or only the given users' (202). */
    deactivateNow: (id: string, userIds?: string[]) =>
      postJson<unknown>(
        importPath(id, "/deactivate-now"),
        userIds === undefined ? undefined : { userIds },
      ),
    listNeedsAttention: async (first: number, max: number) => {
      const { body, headers } = await call<NeedsAttention[]>(
        "/needs-attention",
        {},
        { first, max },
      );
      return { users: body ?? [], total: totalOf(headers, first, body) };
    },
    /** Restores a user the purge left disabled: enabled again if it was before. */
    restoreNeedingAttention: (userId: string) =>
      postJson<NeedsAttentionResult>(
        `/needs-attention/${encodeURIComponent(userId)}/restore`,
      ),
    /** Deletes a user the purge left disabled, at once. */
    deleteNeedingAttention: (userId: string) =>
      postJson<NeedsAttentionResult>(
        `/needs-attention/${encodeURIComponent(userId)}/delete-now`,
      ),
    downloadAcademyData: (id: string, format: "xlsx" | "csv") =>
      download(
        importPath(id, "/academy-data"),
        { format },
        `academy-data-${id}.${format}`,
      ),
    downloadTemplate: (format: "xlsx" | "csv") =>
      download("/template", { format }, `bulk-users-template.${format}`),
    downloadReport: (id: string, format: "xlsx" | "csv") =>
      download(
        `/imports/${encodeURIComponent(id)}/report`,
        { format },
        `bulk-users-report-${id}.${format}`,
      ),
  };
}

export type BulkApi = ReturnType<typeof bulkApi>;

function saveBlob(blob: Blob, fileName: string) {
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Let the browser start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
