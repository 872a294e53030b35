// The REST contract of /admin/realms/{realm}/bulk-users (see the project's design notes).

export type BulkAction = "DELETE" | "DEACTIVATE" | "REACTIVATE";
export type MatchBy = "EMAIL" | "USERNAME" | "ID";
export type ImportStatus =
  | "PREVIEW"
  | "RUNNING"
  /** A DELETE whose users are deactivated and wait for their due time (restore window). */
  | "SCHEDULED"
  | "COMPLETED"
  | "FAILED"
  | "CANCELLED"
  | "EXPIRED";
export type RowStatus =
  | "MATCHED"
  | "NOT_FOUND"
  | "DUPLICATE"
  | "INVALID"
  | "PROTECTED"
  | "UNCHANGED"
  | "HIDDEN"
  | "AMBIGUOUS";
export type RowOutcome =
  | "DELETED"
  /** Deactivated now, deleted at the import's due time unless restored. */
  | "SCHEDULED"
  /** Taken off the deletion list by a restore. */
  | "RESTORED"
  /** Re-enabled by someone during the restore window, so not deleted. */
  | "KEPT"
  | "DEACTIVATED"
  | "REACTIVATED"
  | "SKIPPED"
  | "GONE"
  | "FAILED"
  /** Scheduled for its date: nothing done yet. */
  | "WAITING"
  /** Reactivated at the end of its leave (`until`). */
  | "RETURNED"
  /** Its schedule was cancelled. */
  | "CANCELLED"
  /** A later import moved its date. */
  | "MOVED";

export type ImportSummary = {
  totalRows: number;
  toProcess: number;
  notFound: number;
  duplicate: number;
  invalid: number;
  protected: number;
  unchanged: number;
  /** Rows hidden in the spreadsheet (a filter, or by hand), left out unless includeHidden. */
  hidden: number;
  /** Rows whose identifier matches more than one user, never acted on. */
  ambiguous: number;
  learningRecords: number;
  certificates: number;
  /** MATCHED rows with a date. */
  dated: number;
  /** Rows that move an earlier schedule of the same user for the same action. */
  moves: number;
};

export type ImportProgress = {
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
};

/** Where an import comes from: an upload, a JSON body, the console's user list, the leave-date sweep. */
export type ImportOrigin = "FILE" | "API" | "USER_LIST" | "ATTRIBUTE";

export type BulkImport = {
  id: string;
  action: BulkAction;
  origin?: ImportOrigin;
  matchBy: MatchBy;
  status: ImportStatus;
  fileName?: string;
  createdBy?: string;
  createdById?: string;
  createdAt?: string;
  expiresAt?: string;
  committedAt?: string;
  finishedAt?: string;
  /** Why a job ended FAILED, in English (server side). */
  errorMessage?: string;
  /** The upload asked for rows hidden in the spreadsheet to be acted on too. */
  includeHidden?: boolean;
  /** An xlsx upload: the sheet the rows were read from. */
  sheet?: string | null;
  /** An xlsx upload: how many visible sheets the workbook has. */
  sheetCount?: number | null;
  /** An upload: the row number of its header (1 is the first row). */
  headerRow?: number | null;
  /** When the rows and the report were erased (history retention); null while they are kept. */
  historyErasedAt?: string | null;
  summary?: Partial<ImportSummary>;
  progress?: Partial<ImportProgress>;
  /** Rows per outcome once the job has started, e.g. {"DELETED": 120, "GONE": 1}. */
  outcomes?: Partial<Record<RowOutcome, number>>;
  /** DELETE: the restore window (ISO-8601 duration, the server's default included); else null. */
  deleteAfter?: string | null;
  /** When the scheduled users are deleted for good; null until committed with a window. */
  deletionDueAt?: string | null;
  /** Users of this import still waiting for their deletion. */
  pendingDeletions?: number;
  /** Users with a dated action or a return from leave still waiting (list and single import). */
  waiting?: number;
  /** The import's restores summed up; absent when it was never restored. */
  restore?: RestoreCounts | null;
  /** MATCHED rows with a date, grouped by date and action (returns as REACTIVATE), by due time. */
  calendar?: CalendarDay[] | null;
};

/** One day of an import's calendar: how many users the action is carried out for, and when. */
export type CalendarDay = {
  /** The ISO date of the file (YYYY-MM-DD). */
  date: string;
  action: BulkAction;
  /** The due time (ISO instant) in the server's time zone's day. */
  dueAt: string;
  users: number;
};

/**
 * What a scheduled entry is: a dated action not yet carried out, the end of a leave (REACTIVATE), or
 * a user a DELETE deactivated who waits for the end of the restore window.
 */
export type ScheduledKind = "DATED" | "RETURN" | "PENDING_DELETION";

/** One user of GET bulk-users/scheduled. */
export type ScheduledEntry = {
  userId: string;
  username?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  action: BulkAction;
  kind: ScheduledKind;
  /** When the action is carried out (PENDING_DELETION: when the user is deleted). */
  dueAt?: string;
  /** DATED DELETE: when the user is deleted for good (dueAt + the window). */
  deleteAt?: string | null;
  /** DATED DEACTIVATE with `until`: when the user comes back. */
  untilAt?: string | null;
  importId: string;
  origin?: ImportOrigin;
  /** Not in the contract; used when the server sends it (PENDING_DELETION: the restore's text). */
  enabledBefore?: boolean;
  requestedBy?: string;
};

/** GET bulk-users/settings: what the wizard needs to know before an upload. */
export type BulkSettings = {
  /** The default restore window of a DELETE, an ISO-8601 duration; PT0S deletes at once. */
  restoreWindow?: string;
  /**
   * The server's restore-window-min (ISO-8601; PT0S: none): the shortest window it accepts and the
   * least time between scheduling users and a Delete now of them.
   */
  restoreWindowMin?: string;
};

/** A user the purge left disabled (skipped or failed): GET needs-attention. */
export type NeedsAttention = {
  userId: string;
  username?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  importId: string;
  /** Why the purge left the user: a message key of the bundles, with its parameters. */
  reason: string;
  reasonParams?: string[];
  /** The reason in English, for a key this theme does not know. */
  message?: string;
  since?: string;
  enabledBefore?: boolean;
  requestedBy?: string;
};

/** POST needs-attention/{userId}/restore or delete-now. */
export type NeedsAttentionResult = {
  userId: string;
  outcome: "RESTORED" | "DELETED";
  enabled: boolean;
};

/**
 * How far a restore has come: one call of POST imports/{id}/restore, or (an import's `restore`) all
 * its calls summed up. The engine restores in batches; `done` once nothing remains.
 */
export type RestoreCounts = {
  /** Users the call asked for: the ids given, or every user pending at the call. */
  asked: number;
  /** Of those, users the engine has still to restore. */
  remaining: number;
  restored: number;
  /** Not, or no longer, pending: restored already or asked for before, deleted, never in it. */
  notPending: number;
  /** Users the caller may not manage: left pending. */
  notAllowed: number;
  /** Users whose restore failed every attempt: left pending. */
  failed?: number;
  done: boolean;
};

/** POST imports/{id}/restore (202 Accepted) and GET imports/{id}/restores/{restoreId}. */
export type Restore = RestoreCounts & {
  id: string;
  importId: string;
  requestedAt?: string;
  requestedBy?: string;
};

/** POST imports/{id}/delete-now. */
export type DeleteNowResult = {
  deleting: number;
  notAllowed: number;
};

export type ImportRow = {
  rowNumber: number;
  identifier?: string;
  status: RowStatus;
  userId?: string;
  learningRecords?: number;
  certificates?: number;
  outcome?: RowOutcome;
  /** AMBIGUOUS: how many users the identifier matches. */
  matchCount?: number;
  /** Why the row has its status or outcome, in English (the report's text). */
  message?: string;
  /** The same as a key of the theme's bundles, e.g. bulk.row.not-found, with {0}, {1} filled from messageParams. */
  messageKey?: string;
  messageParams?: string[];
  /** The row's `date` and `until` as read (ISO dates), if any. */
  date?: string | null;
  until?: string | null;
  /** When the row's action is carried out, and (DEACTIVATE with until) when the user comes back. */
  dueAt?: string | null;
  untilAt?: string | null;
  /** An earlier schedule of the same user for the same action that this row moves. */
  replacesImportId?: string | null;
  replacesDueAt?: string | null;
};

/** Outcomes in the order the result lists them. */
export const OUTCOMES: RowOutcome[] = [
  "DELETED",
  "SCHEDULED",
  "RESTORED",
  "KEPT",
  "DEACTIVATED",
  "REACTIVATED",
  "SKIPPED",
  "GONE",
  "FAILED",
  "WAITING",
  "RETURNED",
  "CANCELLED",
  "MOVED",
];
export const ACTIONS: BulkAction[] = ["DELETE", "DEACTIVATE", "REACTIVATE"];
export const MATCH_BY: MatchBy[] = ["EMAIL", "USERNAME", "ID"];
/** Row statuses an admin has to look at before starting: rows that will not be processed. */
export const PROBLEM_STATUSES: RowStatus[] = [
  // Hidden rows first: an admin who filtered a sheet must see at once what the filter left out.
  "HIDDEN",
  "AMBIGUOUS",
  "NOT_FOUND",
  "PROTECTED",
  "DUPLICATE",
  "INVALID",
  "UNCHANGED",
];
