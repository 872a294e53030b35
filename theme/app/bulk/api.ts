// Calls to the extension's admin REST endpoints, through the admin client's token and fetch helper.
import { fetchWithError } from "@keycloak/keycloak-admin-client";
import type KeycloakAdminClient from "@keycloak/keycloak-admin-client";
import { fileNameFrom } from "./logic";
import type {
  BulkAction,
  BulkImport,
  ImportRow,
  MatchBy,
  RowStatus,
} from "./types";

type Client = Pick<KeycloakAdminClient, "baseUrl" | "getAccessToken">;

export function bulkApi(adminClient: Client, realm: string) {
  const url = (
    path: string,
    query?: Record<string, string | number | undefined>,
  ) => {
    const base = adminClient.baseUrl.replace(/\/+$/, "");
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v !== undefined && v !== "") params.set(k, String(v));
    }
    const qs = params.toString();
    return `${base}/admin/realms/${encodeURIComponent(realm)}/bulk-users${path}${qs ? `?${qs}` : ""}`;
  };

  const auth = async (): Promise<Record<string, string>> => {
    const token = await adminClient.getAccessToken();
    return token ? { Authorization: `Bearer ${token}` } : {};
  };

  const json = async <T>(
    path: string,
    init: RequestInit = {},
    query?: Record<string, string | number | undefined>,
  ) => {
    const response = await fetchWithError(url(path, query), {
      ...init,
      headers: {
        Accept: "application/json",
        ...(await auth()),
        ...init.headers,
      },
    });
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };

  const download = async (
    path: string,
    query: Record<string, string>,
    fallbackName: string,
  ) => {
    const response = await fetchWithError(url(path, query), {
      headers: await auth(),
    });
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
    commit: (id: string) =>
      json<BulkImport | undefined>(
        `/imports/${encodeURIComponent(id)}/commit`,
        {
          method: "POST",
        },
      ),
    cancel: (id: string) =>
      json<BulkImport | undefined>(
        `/imports/${encodeURIComponent(id)}/cancel`,
        {
          method: "POST",
        },
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
