// Pure helpers of the user list's actions (delete, deactivate, reactivate of chosen users): what the
// dialog says and what the admin is told afterwards. Free of React and fetch, unit-tested.
import { type AcademyCounts, academyCounts } from "../academyCounts";
import { dueDate, formatDate, hasJobEnded, parseDuration } from "../bulk/logic";
import type { BulkAction, BulkImport } from "../bulk/types";

/** A user the admin chose in the list or on the user's page. */
export type ChosenUser = { id: string; username?: string };

/** How a delete goes: through a restore window, or at once (the admin's choice, or no window). */
export type DeleteMode = "window" | "now";

/**
 * A sentence of the dialog or of an alert: a message key of the bundles and its values; `counts`,
 * academy data it names as {{records}} and {{certificates}}, each counted with its own plural.
 */
export type Sentence = {
  key: string;
  values?: Record<string, string | number>;
  counts?: AcademyCounts;
};

type SentenceT = (key: string, options?: Record<string, unknown>) => string;

/** A sentence as the console shows it, in the language of `t`. */
export const sentenceText = (t: SentenceT, s: Sentence): string =>
  t(
    s.key,
    s.counts ? { ...s.values, ...academyCounts(t, s.counts) } : s.values,
  );

/** The title of the dialog: one user by name, several by count. */
export function dialogTitle(action: BulkAction, users: ChosenUser[]): Sentence {
  const one = users.length === 1 ? users[0] : undefined;
  return one
    ? {
        key: `userList.title.${action}.one`,
        values: { name: one.username || one.id },
      }
    : { key: `userList.title.${action}`, values: { count: users.length } };
}

/**
 * Whether the realm's window lets a delete wait: a window of zero (PT0S) is no window, the users are
 * deleted at once. A window the console cannot read is treated as none, so that the dialog never
 * promises a restore the server will not offer.
 */
export function hasWindow(window: string | null | undefined): boolean {
  const ms = parseDuration(window);
  return ms !== undefined && ms > 0;
}

/** The date the users are deleted for good when deactivated now, in the console's language. */
export function dueDateText(
  window: string | null | undefined,
  lang: string,
  now: Date | number = Date.now(),
): string | undefined {
  if (!hasWindow(window)) return undefined;
  return formatDate(dueDate(window, now), lang);
}

/**
 * The commit's deleteAfter: "delete now" sends PT0S; a windowed delete sends the window the dialog
 * showed, so that what the admin read is what happens; other actions send none.
 */
export function commitDeleteAfter(
  action: BulkAction,
  mode: DeleteMode,
  window: string | null | undefined,
): string | undefined {
  if (action !== "DELETE") return undefined;
  return mode === "now" || !hasWindow(window) ? "PT0S" : window!.trim();
}

/**
 * What the dialog says about the chosen users from the server's preview: how many the action
 * reaches, and which are left alone (protected, already in that state, gone meanwhile).
 */
export function previewSentences(
  action: BulkAction,
  imp: Pick<BulkImport, "summary">,
  mode: DeleteMode,
  due: string | undefined,
): Sentence[] {
  const s = imp.summary ?? {};
  const toProcess = s.toProcess ?? 0;
  const sentences: Sentence[] = [];
  if (toProcess === 0) {
    sentences.push({ key: "userList.nothingToDo" });
  } else if (action === "DELETE") {
    sentences.push(
      mode === "window" && due
        ? {
            key: "userList.delete.window",
            values: { count: toProcess, date: due },
          }
        : { key: "userList.delete.now", values: { count: toProcess } },
    );
    sentences.push({
      key:
        mode === "window" && due
          ? "userList.delete.dataKept"
          : "userList.delete.dataGone",
      // The count of users: "they are deleted with the user" or "… with the users".
      values: { count: toProcess },
      counts: {
        learningRecords: s.learningRecords ?? 0,
        certificates: s.certificates ?? 0,
      },
    });
  } else {
    sentences.push({
      key: `userList.impact.${action}`,
      values: { count: toProcess },
    });
  }
  const left = (key: string, count: number | undefined) => {
    if ((count ?? 0) > 0) sentences.push({ key, values: { count: count! } });
  };
  left("userList.protected", s.protected);
  left(`userList.unchanged.${action}`, s.unchanged);
  left("userList.notFound", (s.notFound ?? 0) + (s.duplicate ?? 0));
  return sentences;
}

/** Whether the job is done with the import (finished, or a delete's users wait for their time). */
export const isSettled = (imp: Pick<BulkImport, "status"> | undefined) =>
  hasJobEnded(imp?.status);

/** The alert after the job: what happened to how many users, and its severity. */
export function resultAlert(
  imp: Pick<BulkImport, "action" | "status" | "outcomes" | "deletionDueAt">,
  lang: string,
): Sentence & { variant: "success" | "warning" | "danger" } {
  const o = imp.outcomes ?? {};
  if (imp.status === "FAILED") {
    return { key: "userList.result.failed", variant: "danger" };
  }
  const notDone = (o.SKIPPED ?? 0) + (o.FAILED ?? 0) + (o.GONE ?? 0);
  const variant = notDone > 0 ? "warning" : "success";
  const values: Record<string, string | number> = { notDone };
  let key: string;
  switch (imp.action) {
    case "DELETE":
      if ((o.SCHEDULED ?? 0) > 0) {
        key = "userList.result.scheduled";
        values.count = o.SCHEDULED!;
        values.date = formatDate(imp.deletionDueAt, lang);
      } else {
        key = "userList.result.deleted";
        values.count = o.DELETED ?? 0;
      }
      break;
    case "DEACTIVATE":
      key = "userList.result.deactivated";
      values.count = o.DEACTIVATED ?? 0;
      break;
    default:
      key = "userList.result.reactivated";
      values.count = o.REACTIVATED ?? 0;
  }
  return { key: notDone > 0 ? `${key}.partly` : key, values, variant };
}

/** Progress of a running job as "processed of total", when the job has said its total. */
export function progressOf(
  imp: Pick<BulkImport, "progress"> | undefined,
): { processed: number; total: number } | undefined {
  const total = imp?.progress?.total ?? 0;
  if (total <= 0) return undefined;
  return { processed: Math.min(imp?.progress?.processed ?? 0, total), total };
}

/** How long to wait before asking for the import again: quick at first, then calmer. */
export function pollDelay(attempt: number): number {
  return Math.min(2000, 250 * 2 ** Math.min(attempt, 3));
}
