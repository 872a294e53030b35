// Pure helpers of the wizard, kept free of React and fetch so that they are unit-tested.
import { OUTCOMES, PROBLEM_STATUSES } from "./types";
import type {
  BulkImport,
  DeleteNowResult,
  ImportRow,
  ImportStatus,
  RowOutcome,
  RestoreCounts,
  RowStatus,
} from "./types";

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

/**
 * Whether the job no longer works on the import: it has finished, or it has deactivated a delete's
 * users, who now wait for their due time (SCHEDULED). Polling can stop; the result and report show.
 */
export function hasJobEnded(status: ImportStatus | undefined): boolean {
  return isFinished(status) || status === "SCHEDULED";
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
    HIDDEN: s.hidden ?? 0,
    AMBIGUOUS: s.ambiguous ?? 0,
  };
}

/**
 * The statuses the check step's row filter offers: "to process", every other status that has rows,
 * and the one selected (so that the selection never disappears).
 */
export function filterStatuses(
  counts: Record<RowStatus, number>,
  selected: RowStatus,
): RowStatus[] {
  return [
    "MATCHED",
    ...PROBLEM_STATUSES.filter((s) => counts[s] > 0 || s === selected),
  ];
}

/**
 * The notices the check step shows above the counts: rows the file has but the import leaves out
 * without the admin having to look for them (hidden by a spreadsheet filter, ambiguous). Each is a
 * plural message key of the bundles, with its count and the row status that lists those rows.
 */
export function leftOutNotices(
  imp: Pick<BulkImport, "summary" | "includeHidden"> | undefined,
): { key: string; count: number; status: RowStatus }[] {
  const counts = countsByStatus(imp);
  const notices: { key: string; count: number; status: RowStatus }[] = [];
  if (counts.HIDDEN > 0) {
    notices.push({
      key: "bulk.check.hidden",
      count: counts.HIDDEN,
      status: "HIDDEN",
    });
  }
  if (counts.AMBIGUOUS > 0) {
    notices.push({
      key: "bulk.check.ambiguous",
      count: counts.AMBIGUOUS,
      status: "AMBIGUOUS",
    });
  }
  return notices;
}

/**
 * Where an upload's rows were read from, when the admin could not take it for granted: the sheet
 * (a workbook of several visible sheets) and the header's row (when it is not the first). The
 * message key and its values; undefined for a one-sheet file headed on row 1, or without a file.
 */
export function headerPlace(
  imp: Pick<BulkImport, "sheet" | "sheetCount" | "headerRow"> | undefined,
): { key: string; sheet?: string; row: number } | undefined {
  const row = imp?.headerRow;
  if (!row) return undefined;
  const manySheets = (imp?.sheetCount ?? 0) > 1;
  if (!manySheets && row === 1) return undefined;
  return imp?.sheet
    ? { key: "bulk.check.readFrom.sheet", sheet: imp.sheet, row }
    : { key: "bulk.check.readFrom.row", row };
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

type Translate = (
  key: string,
  options?: { defaultValue?: string; count?: number },
) => string;

/** The HTTP status of a failed admin-client call, if it got an answer. */
export function errorStatus(error: unknown): number | undefined {
  const status = (error as { response?: { status?: unknown } } | null)?.response
    ?.status;
  return typeof status === "number" ? status : undefined;
}

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

/**
 * Fills the {0}, {1}, ... of a row message (the style of the server's catalogue, RowMessage) with
 * the row's parameters; a placeholder without a parameter stays as it is.
 */
export function fillParams(
  template: string,
  params: readonly string[] | undefined,
): string {
  return template.replace(/\{(\d+)\}/g, (placeholder, index: string) => {
    const value = params?.[Number(index)];
    return value === undefined ? placeholder : value;
  });
}

/**
 * Why a row has its status or outcome, in the console's language: the bundle's text of the row's
 * message key with its parameters; else the server's English message (a key this theme does not
 * know yet); else the general help of the row's outcome (a job's skipped, gone or failed row) or
 * of its status.
 */
export function rowMessageText(
  t: Translate,
  row: Pick<
    ImportRow,
    | "status"
    | "outcome"
    | "messageKey"
    | "messageParams"
    | "message"
    | "matchCount"
  >,
): string {
  if (row.messageKey) {
    const template = t(row.messageKey, { defaultValue: "" });
    if (template && template !== row.messageKey) {
      return fillParams(template, row.messageParams);
    }
  }
  if (row.message) return row.message;
  if (row.outcome && UNDONE_OUTCOMES.includes(row.outcome)) {
    return t(`bulk.rowOutcome.${row.outcome}.help`);
  }
  return t(`bulk.rowStatus.${row.status}.help`, {
    count: row.matchCount ?? 0,
  });
}

/** Outcomes that need a reason beside them: the user was not processed as asked. */
export const UNDONE_OUTCOMES: RowOutcome[] = [
  "SKIPPED",
  "GONE",
  "FAILED",
  // Re-enabled by someone during the restore window: not deleted, with the reason.
  "KEPT",
];

/** The rows of a finished job the result explains one by one: skipped, gone or failed. */
export function undoneRows(
  rows: readonly ImportRow[] | undefined,
): ImportRow[] {
  return (rows ?? []).filter(
    (row) => row.outcome !== undefined && UNDONE_OUTCOMES.includes(row.outcome),
  );
}

/** How many rows the job did not process as asked, from the import's outcome counts. */
export function undoneCount(imp: Pick<BulkImport, "outcomes"> | undefined) {
  return UNDONE_OUTCOMES.reduce((n, o) => n + (imp?.outcomes?.[o] ?? 0), 0);
}

/**
 * Whether the import's report can be downloaded: "erased" once history retention has erased its
 * rows (the server answers 410), "none" before the job has ended, else "available".
 */
export function reportState(
  imp: Pick<BulkImport, "status" | "historyErasedAt"> | undefined,
): "available" | "erased" | "none" {
  if (imp?.historyErasedAt) return "erased";
  return hasJobEnded(imp?.status) ? "available" : "none";
}

/** A date and time in the console's language, or a dash. */
export function formatDateTime(iso: string | null | undefined, lang: string) {
  if (!iso) return "\u2014";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "\u2014";
  return new Intl.DateTimeFormat(lang, {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(date);
}

/** A date (no time) in the console's language, or a dash. */
export function formatDate(
  iso: string | Date | null | undefined,
  lang: string,
) {
  if (!iso) return "\u2014";
  const date = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(date.getTime())) return "\u2014";
  return new Intl.DateTimeFormat(lang, { dateStyle: "long" }).format(date);
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

// What the server's restore window can be written as: days, hours, minutes, seconds (Java's
// Duration writes 30 days as PT720H, a configuration says P30D); no sign, no years or months.
const DURATION =
  /^P(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d{1,9})?)S)?)?$/i;

/** An ISO-8601 duration of days/hours/minutes/seconds in milliseconds; undefined if it is none. */
export function parseDuration(
  iso: string | null | undefined,
): number | undefined {
  if (!iso) return undefined;
  const text = iso.trim();
  const m = DURATION.exec(text);
  // "P" and "PT" alone match the pattern with nothing in it.
  if (!m || text.toUpperCase() === "P" || /T$/i.test(text)) return undefined;
  const [, d, h, min, s] = m;
  const n = (v: string | undefined) => (v ? Number(v.replace(",", ".")) : 0);
  return Math.round(n(d) * DAY + n(h) * HOUR + n(min) * MINUTE + n(s) * SECOND);
}

/** When users scheduled now with this window are deleted for good; undefined for no valid window. */
export function dueDate(
  window: string | null | undefined,
  now: Date | number = Date.now(),
): Date | undefined {
  const ms = parseDuration(window);
  if (ms === undefined) return undefined;
  return new Date((typeof now === "number" ? now : now.getTime()) + ms);
}

/**
 * The number of days the check step's window field starts with, from a window: its whole days, a
 * part of a day counted as a day (the field takes days; the due date beside it says what is sent);
 * 0 for a window of zero (delete at once); undefined for no valid window.
 */
export function windowDays(
  window: string | null | undefined,
): number | undefined {
  const ms = parseDuration(window);
  if (ms === undefined) return undefined;
  return ms === 0 ? 0 : Math.max(1, Math.ceil(ms / DAY));
}

/** The longest window the field takes: a hundred years is a typo, not a restore window. */
export const MAX_WINDOW_DAYS = 3650;

/**
 * The days typed into the window field as a whole number in minDays…MAX_WINDOW_DAYS (minDays at
 * least 1, see minimumWindowDays), else undefined.
 */
export function parseWindowDays(
  text: string | number,
  minDays = 1,
): number | undefined {
  const value = String(text).trim();
  if (!/^\d{1,5}$/.test(value)) return undefined;
  const days = Number(value);
  return days >= Math.max(1, minDays) && days <= MAX_WINDOW_DAYS
    ? days
    : undefined;
}

/** The server's restore-window-min in milliseconds: 0 for none, or when it is unknown. */
export function minimumMs(minimum: string | null | undefined): number {
  return parseDuration(minimum) ?? 0;
}

/** The fewest days the window field takes under the server's minimum: at least 1. */
export function minimumWindowDays(minimum: string | null | undefined): number {
  return Math.max(1, Math.ceil(minimumMs(minimum) / DAY));
}

/** Whether the server lets a delete go at once (PT0S, or Delete now): only without a minimum. */
export function allowsDeleteNow(minimum: string | null | undefined): boolean {
  return minimumMs(minimum) === 0;
}

/**
 * When an import's users may be deleted now under the server's minimum (counted from the commit,
 * when the job schedules them); undefined when there is no minimum or the import is not committed.
 */
export function deleteNowFrom(
  imp: Pick<BulkImport, "committedAt">,
  minimum: string | null | undefined,
): Date | undefined {
  const ms = minimumMs(minimum);
  if (ms === 0 || !imp.committedAt) return undefined;
  const committed = new Date(imp.committedAt).getTime();
  return Number.isNaN(committed) ? undefined : new Date(committed + ms);
}

/** Whether Delete now of an import is allowed at `now` under the server's minimum. */
export function canDeleteNow(
  imp: Pick<BulkImport, "committedAt">,
  minimum: string | null | undefined,
  now: Date | number = Date.now(),
): boolean {
  const from = deleteNowFrom(imp, minimum);
  return (
    !from || from.getTime() <= (typeof now === "number" ? now : now.getTime())
  );
}

/**
 * A duration in words, as a plural message key of the bundles and its count: the largest unit that
 * holds it exactly (7 days, 36 hours, 15 seconds); undefined for none.
 */
export function durationWords(
  iso: string | null | undefined,
): { key: string; count: number } | undefined {
  const ms = parseDuration(iso);
  if (!ms) return undefined;
  for (const [unit, size] of [
    ["days", DAY],
    ["hours", HOUR],
    ["minutes", MINUTE],
  ] as const) {
    if (ms % size === 0)
      return { key: `bulk.duration.${unit}`, count: ms / size };
  }
  return { key: "bulk.duration.seconds", count: Math.ceil(ms / SECOND) };
}

/** The commit's deleteAfter: PT0S deletes at once, else the window in days. */
export function deleteAfterOf(choice: {
  now: boolean;
  days: number | undefined;
}): string | undefined {
  if (choice.now) return "PT0S";
  return choice.days === undefined ? undefined : `P${choice.days}D`;
}

/** A notice of the console: a plural message key of the bundles, its count and its severity. */
export type Notice = {
  key: string;
  count: number;
  variant: "success" | "info" | "warning";
};

/** What a restore did, as notices: restored, no longer pending, not allowed, failed. */
export function restoreNotices(result: Partial<RestoreCounts>): Notice[] {
  const notices: Notice[] = [];
  const add = (
    key: string,
    count: number | undefined,
    variant: Notice["variant"],
  ) => {
    if ((count ?? 0) > 0) notices.push({ key, count: count!, variant });
  };
  add("bulk.restore.done", result.restored, "success");
  add("bulk.restore.notPending", result.notPending, "info");
  add("bulk.restore.notAllowed", result.notAllowed, "warning");
  add("bulk.restore.failed", result.failed, "warning");
  // Nothing at all to say still says so: "0 users restored".
  return notices.length > 0
    ? notices
    : [{ key: "bulk.restore.done", count: 0, variant: "success" }];
}

/** What a delete-now did, as notices: being deleted, not allowed. */
export function deleteNowNotices(result: Partial<DeleteNowResult>): Notice[] {
  const notices: Notice[] = [];
  if ((result.deleting ?? 0) > 0 || (result.notAllowed ?? 0) === 0) {
    notices.push({
      key: "bulk.deleteNow.done",
      count: result.deleting ?? 0,
      variant: "success",
    });
  }
  if ((result.notAllowed ?? 0) > 0) {
    notices.push({
      key: "bulk.deleteNow.notAllowed",
      count: result.notAllowed!,
      variant: "warning",
    });
  }
  return notices;
}

/** Whether the Bulk imports tab offers Restore and Delete now: users of the import still wait. */
export function hasPendingDeletions(
  imp: Pick<BulkImport, "status" | "pendingDeletions">,
): boolean {
  return imp.status === "SCHEDULED" && (imp.pendingDeletions ?? 0) > 0;
}

/** Users of the import waiting for their date (dated rows not yet carried out). */
export function waitingCount(
  imp: Pick<BulkImport, "status" | "outcomes" | "waiting">,
) {
  if (imp.status !== "SCHEDULED") return 0;
  // The server counts the waiting entries (the list of imports has no outcomes).
  return imp.waiting ?? imp.outcomes?.WAITING ?? 0;
}

/**
 * What the Bulk imports tab offers for an import's waiting users: Cancel schedule always, and
 * Deactivate now for a DEACTIVATE (deactivate-now carries out the waiting deactivations).
 */
export function waitingChoices(
  imp: Pick<BulkImport, "status" | "outcomes" | "waiting" | "action">,
): ("deactivateNow" | "cancelWaiting")[] {
  if (waitingCount(imp) === 0) return [];
  return imp.action === "DEACTIVATE"
    ? ["deactivateNow", "cancelWaiting"]
    : ["cancelWaiting"];
}
