// Pure helpers of the user details additions: kept free of React and fetch, unit-tested.
import type { AcademySummary, PendingDeletion, RestoreResult } from "./types";

/** The user details page's own tab, next to Keycloak's: /:realm/users/:id/learning. */
export const LEARNING_TAB = "learning";

export type RestoreNotice = {
  variant: "success" | "info" | "warning" | "danger";
  key: string;
  values?: Record<string, string | number>;
};

/** What the admin is told after Restore, from the server's counts for this one user. */
export function restoreNotice(
  result: RestoreResult | undefined,
  pending: Pick<PendingDeletion, "username" | "enabledBefore">,
): RestoreNotice {
  const values = { username: pending.username };
  if (result && result.restored > 0) {
    return pending.enabledBefore
      ? { variant: "success", key: "academy.pending.restored", values }
      : {
          variant: "success",
          key: "academy.pending.restoredStaysDisabled",
          values,
        };
  }
  if (result && (result.failed ?? 0) > 0) {
    return { variant: "danger", key: "academy.pending.restoreFailed", values };
  }
  if (result && result.notAllowed > 0) {
    return {
      variant: "danger",
      key: "academy.pending.restoreNotAllowed",
      values,
    };
  }
  // Restored or deleted meanwhile by someone else (or the due time came).
  return { variant: "info", key: "academy.pending.noLongerPending", values };
}

/** The sentence about what a delete would destroy: its key and counts. */
export function deleteImpact(summary: AcademySummary): {
  key: string;
  records: number;
  certificates: number;
} {
  const records = summary.learningRecords;
  const certificates = summary.certificates;
  return {
    key:
      records + certificates === 0
        ? "academy.learning.deleteRemovesNothing"
        : "academy.learning.deleteRemoves",
    records,
    certificates,
  };
}

/** The page number PatternFly's Pagination shows for an offset. */
export const pageOf = (first: number, perPage: number) =>
  Math.floor(first / perPage) + 1;

/** The offset of a page, never past the last page of `total` rows. */
export function firstOf(page: number, perPage: number, total: number) {
  const last = Math.max(1, Math.ceil(total / perPage));
  return (Math.min(Math.max(1, page), last) - 1) * perPage;
}
