// The REST contract of /admin/realms/{realm}/bulk-users (see the project's design notes).

export type BulkAction = "DELETE" | "DEACTIVATE" | "REACTIVATE";
export type MatchBy = "EMAIL" | "USERNAME" | "ID";
export type ImportStatus =
  "PREVIEW" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED" | "EXPIRED";
export type RowStatus =
  "MATCHED" | "NOT_FOUND" | "DUPLICATE" | "INVALID" | "PROTECTED" | "UNCHANGED";
export type RowOutcome =
  "DELETED" | "DEACTIVATED" | "REACTIVATED" | "SKIPPED" | "GONE" | "FAILED";

export type ImportSummary = {
  totalRows: number;
  toProcess: number;
  notFound: number;
  duplicate: number;
  invalid: number;
  protected: number;
  unchanged: number;
  learningRecords: number;
  certificates: number;
};

export type ImportProgress = {
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
};

export type BulkImport = {
  id: string;
  action: BulkAction;
  matchBy: MatchBy;
  status: ImportStatus;
  fileName?: string;
  createdBy?: string;
  createdAt?: string;
  expiresAt?: string;
  summary?: Partial<ImportSummary>;
  progress?: Partial<ImportProgress>;
};

export type ImportRow = {
  rowNumber?: number;
  rowNo?: number;
  identifier?: string;
  status: RowStatus;
  userId?: string;
  username?: string;
  learningRecords?: number;
  certificates?: number;
  outcome?: RowOutcome;
  message?: string;
};

export const ACTIONS: BulkAction[] = ["DELETE", "DEACTIVATE", "REACTIVATE"];
export const MATCH_BY: MatchBy[] = ["EMAIL", "USERNAME", "ID"];
/** Row statuses an admin has to look at before starting: rows that will not be processed. */
export const PROBLEM_STATUSES: RowStatus[] = [
  "NOT_FOUND",
  "PROTECTED",
  "DUPLICATE",
  "INVALID",
  "UNCHANGED",
];
