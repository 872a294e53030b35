// Pure helpers of dated offboarding (the check step's calendar, the Scheduled tab, the user page's
// banner): free of React and fetch, unit-tested.
import type {
  BulkAction,
  BulkImport,
  CalendarDay,
  ImportRow,
  ScheduledEntry,
} from "./types";

/**
 * A due time in the browser's time zone, written the console language's way with its date:
 * "31 January 2027 at 00:00"; a dash for none. `timeZone` is for tests.
 */
export function formatDueTime(
  iso: string | null | undefined,
  lang: string,
  timeZone?: string,
): string {
  if (!iso) return "\u2014";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "\u2014";
  return new Intl.DateTimeFormat(lang, {
    dateStyle: "long",
    timeStyle: "short",
    timeZone,
  }).format(date);
}

/** A file's ISO date (YYYY-MM-DD) as the console's language writes it: the day itself, in no zone. */
export function formatIsoDate(iso: string | null | undefined, lang: string) {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  if (!m) return iso || "\u2014";
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(lang, {
    dateStyle: "long",
    timeZone: "UTC",
  }).format(date);
}

/** What happens on a day of the calendar, as a key of the bundles' bulk.calendar.action.* */
export type CalendarWhat = "DEACTIVATE" | "DELETE" | "REACTIVATE" | "RETURN";

/** A REACTIVATE in a DEACTIVATE's calendar is the end of a leave (`until`): a return. */
export function calendarWhat(
  importAction: BulkAction | undefined,
  day: Pick<CalendarDay, "action">,
): CalendarWhat {
  return importAction === "DEACTIVATE" && day.action === "REACTIVATE"
    ? "RETURN"
    : day.action;
}

/** The import's calendar by due time (the server sorts it; a copy is sorted again to be sure). */
export function calendarDays(
  imp: Pick<BulkImport, "calendar"> | undefined,
): CalendarDay[] {
  return [...(imp?.calendar ?? [])].sort(
    (a, b) =>
      timeOf(a.dueAt) - timeOf(b.dueAt) ||
      a.date.localeCompare(b.date) ||
      a.action.localeCompare(b.action),
  );
}

const timeOf = (iso: string | null | undefined) => {
  const time = iso ? new Date(iso).getTime() : NaN;
  return Number.isNaN(time) ? Number.MAX_SAFE_INTEGER : time;
};

/**
 * The sentence about an earlier schedule a row moves: a key of the bundles and its values (the old
 * and the new due time), or undefined when the row moves none.
 */
export function moveOf(
  row: Pick<ImportRow, "replacesImportId" | "replacesDueAt" | "dueAt">,
  lang: string,
  timeZone?: string,
):
  | {
      key: "bulk.check.moves" | "bulk.check.movesToStart";
      importId: string;
      from: string;
      to: string;
    }
  | undefined {
  if (!row.replacesImportId) return undefined;
  return {
    key: row.dueAt ? "bulk.check.moves" : "bulk.check.movesToStart",
    importId: row.replacesImportId,
    from: formatDueTime(row.replacesDueAt, lang, timeZone),
    to: formatDueTime(row.dueAt, lang, timeZone),
  };
}

/** What a scheduled entry is, as the part of a key of the bundles (bulk.scheduled.what.*). */
export type ScheduledWhat =
  "deactivation" | "deletion" | "reactivation" | "return" | "pendingDeletion";

export function scheduledWhat(
  entry: Pick<ScheduledEntry, "kind" | "action">,
): ScheduledWhat {
  if (entry.kind === "PENDING_DELETION") return "pendingDeletion";
  if (entry.kind === "RETURN") return "return";
  switch (entry.action) {
    case "DELETE":
      return "deletion";
    case "REACTIVATE":
      return "reactivation";
    default:
      return "deactivation";
  }
}

/** What the admin can do with one entry: cancel it or carry it out now, or restore the user. */
export type ScheduledChoice = "cancel" | "now" | "restore";

export function scheduledChoices(
  entry: Pick<ScheduledEntry, "kind">,
): ScheduledChoice[] {
  return entry.kind === "PENDING_DELETION" ? ["restore"] : ["cancel", "now"];
}

/** An entry's key in a list: one user can wait for a deactivation and for its return. */
export const entryKey = (
  entry: Pick<ScheduledEntry, "kind" | "action" | "userId">,
) => `${entry.kind}-${entry.action}-${entry.userId}`;

/** What an import's own button does for its users: deactivate the waiting ones, or delete now. */
export type ImportChoice = "deactivateNow" | "deleteNow";

export function importChoiceOf(
  entry: Pick<ScheduledEntry, "kind" | "action">,
): ImportChoice | undefined {
  if (entry.kind === "DATED" && entry.action === "DEACTIVATE") {
    return "deactivateNow";
  }
  if (entry.kind === "PENDING_DELETION") return "deleteNow";
  return undefined;
}

/**
 * The entries of a page that carry their import's button: the first of each import (and choice),
 * so that a page of one import's users shows it once.
 */
export function importButtonsAt(
  entries: readonly ScheduledEntry[],
): Map<string, ImportChoice> {
  const seen = new Set<string>();
  const at = new Map<string, ImportChoice>();
  for (const entry of entries) {
    const choice = importChoiceOf(entry);
    if (!choice) continue;
    const key = `${entry.importId}-${choice}`;
    if (seen.has(key)) continue;
    seen.add(key);
    at.set(entryKey(entry), choice);
  }
  return at;
}

/** One sentence of the user page's banner: a key of the bundles, its values and its import. */
export type BannerSentence = {
  key: string;
  importId: string;
  values: { date: string; until?: string; deleteAt?: string };
};

/**
 * What is scheduled for one user, as sentences by due time; pending deletions are left to their
 * own banner (with Restore). A return the deactivation's sentence names already is not repeated.
 */
export function bannerSentences(
  entries: readonly ScheduledEntry[],
  lang: string,
  timeZone?: string,
): BannerSentence[] {
  const when = (iso?: string | null) => formatDueTime(iso, lang, timeZone);
  const said = new Set(
    entries
      .filter((e) => e.kind === "DATED" && e.untilAt)
      .map((e) => `${e.importId}-${timeOf(e.untilAt)}`),
  );
  return [...entries]
    .filter((e) => e.kind !== "PENDING_DELETION")
    .filter(
      (e) =>
        e.kind !== "RETURN" || !said.has(`${e.importId}-${timeOf(e.dueAt)}`),
    )
    .sort((a, b) => timeOf(a.dueAt) - timeOf(b.dueAt))
    .map((e) => {
      const what = scheduledWhat(e);
      const values: BannerSentence["values"] = { date: when(e.dueAt) };
      let key = `academy.scheduled.${what}`;
      if (what === "deactivation" && e.untilAt) {
        key = "academy.scheduled.deactivationUntil";
        values.until = when(e.untilAt);
      }
      if (what === "deletion" && e.deleteAt) {
        key = "academy.scheduled.deletionOn";
        values.deleteAt = when(e.deleteAt);
      }
      return { key, importId: e.importId, values };
    });
}
