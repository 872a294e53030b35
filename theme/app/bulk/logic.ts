// Pure helpers of the wizard, kept free of React and fetch so that they are unit-tested.
import { OUTCOMES } from "./types";
import type { BulkImport, ImportStatus, RowOutcome, RowStatus } from "./types";

const FINISHED: ImportStatus[] = [
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "EXPIRED",
];

/** Whether the server will not change this import any more (polling can stop). */
export function isFinished(status: ImportStatus | undefined): boolean {
  return status !== undefined && FINISHED.includes(status);
}

/** Whether the import has been committed: the wizard shows its progress, not its preview. */
export function isCommitted(status: ImportStatus | undefined): boolean {
  return status !== undefined && status !== "PREVIEW";
}

/** Progress in whole percent, 0 when the total is not known yet, never above 100. */
export function progressPercent(
  imp: Pick<BulkImport, "progress"> | undefined,
): number {
  const total = imp?.progress?.total ?? 0;
  const processed = imp?.progress?.processed ?? 0;
  if (total <= 0) return 0;
  return Math.min(100, Math.floor((processed * 100) / total));
}

/** The count of rows in a preview per row status, from the import's summary. */
export function countsByStatus(
  imp: Pick<BulkImport, "summary"> | undefined,
): Record<RowStatus, number> {
  const s = imp?.summary ?? {};
  return {
    MATCHED: s.toProcess ?? 0,
    NOT_FOUND: s.notFound ?? 0,
    DUPLICATE: s.duplicate ?? 0,
    INVALID: s.invalid ?? 0,
    PROTECTED: s.protected ?? 0,
    UNCHANGED: s.unchanged ?? 0,
  };
}

/** The result of a job per outcome, in a fixed order, leaving out outcomes that did not occur. */
export function outcomeCounts(
  imp: Pick<BulkImport, "outcomes"> | undefined,
): [RowOutcome, number][] {
  return OUTCOMES.map(
    (o) => [o, imp?.outcomes?.[o] ?? 0] as [RowOutcome, number],
  ).filter(([, n]) => n > 0);
}

/** An API error as `{error, errorDescription}`, taken from an admin-client NetworkError or anything else. */
export type ApiError = { key?: string; description?: string };

export function toApiError(error: unknown): ApiError {
  const data = (error as { responseData?: unknown } | null)?.responseData;
  if (data && typeof data === "object") {
    const {
      error: key,
      errorDescription,
      errorMessage,
    } = data as Record<string, unknown>;
    return {
      key: typeof key === "string" ? key : undefined,
      description:
        typeof errorDescription === "string"
          ? errorDescription
          : typeof errorMessage === "string"
            ? errorMessage
            : undefined,
    };
  }
  if (typeof data === "string" && data.length > 0 && data.length < 500) {
    return { description: data };
  }
  return { description: error instanceof Error ? error.message : undefined };
}

type Translate = (key: string, options?: { defaultValue?: string }) => string;

/**
 * The message shown for an API error: the translated message key, else the server's English
 * description, else a generic message.
 */
export function errorText(t: Translate, error: unknown): string {
  const { key, description } = toApiError(error);
  const fallback = description ?? t("bulk.error.unexpected");
  return key ? t(key, { defaultValue: fallback }) : fallback;
}

/** The file name of a download, from a Content-Disposition header, else the given default. */
export function fileNameFrom(
  contentDisposition: string | null | undefined,
  fallback: string,
): string {
  if (!contentDisposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(contentDisposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ""));
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(contentDisposition);
  return plain ? plain[1].trim() : fallback;
}

/** Accepted upload types, as for the file picker's accept attribute. */
export const ACCEPTED_FILES = {
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [
    ".xlsx",
  ],
  "text/csv": [".csv"],
};

/** Whether a file name looks like something the server reads; the server decides in the end. */
export function isAcceptedFileName(name: string | undefined): boolean {
  return !!name && /\.(xlsx|csv)$/i.test(name.trim());
}
