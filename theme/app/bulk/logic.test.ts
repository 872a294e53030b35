import { NetworkError } from "@keycloak/keycloak-admin-client";
import { describe, expect, it } from "vitest";
import {
  waitingChoices,
  waitingCount,
  countsByStatus,
  errorStatus,
  errorText,
  fileNameFrom,
  filterStatuses,
  fillParams,
  formatDateTime,
  headerPlace,
  isAcceptedFileName,
  isCommitted,
  isFinished,
  leftOutNotices,
  progressPercent,
  outcomeCounts,
  reportState,
  rowMessageText,
  toApiError,
  undoneCount,
  undoneRows,
} from "./logic";
import type { ImportRow } from "./types";

const MESSAGES: Record<string, string> = {
  "bulk.corrupt-file": "The file cannot be read.",
  "bulk.row.not-found": "Niemand heeft deze gegevens.",
  "bulk.row.ambiguous": "Past bij {0} gebruikers.",
  "bulk.outcome.failed-repeatedly": "{0} keer mislukt ({1}).",
  "bulk.rowStatus.MATCHED.help": "Wordt verwerkt.",
  "bulk.rowOutcome.SKIPPED.help": "Overgeslagen.",
};

// As i18next answers: the bundle's text, else the default value, else the key itself.
const t = (key: string, options?: { defaultValue?: string }) =>
  MESSAGES[key] ?? options?.defaultValue ?? key;

const networkError = (responseData: unknown) =>
  new NetworkError("failed", {
    response: new Response(null, { status: 400 }),
    responseData,
  });

describe("errorText", () => {
  it("translates the server's message key", () => {
    const e = networkError({
      error: "bulk.corrupt-file",
      errorDescription: "Corrupt",
    });
    expect(errorText(t, e)).toBe("The file cannot be read.");
  });

  it("falls back to the server's description for an unknown key", () => {
    const e = networkError({
      error: "bulk.new-key",
      errorDescription: "Something new",
    });
    expect(errorText(t, e)).toBe("Something new");
  });

  it("uses a generic message when the server said nothing useful", () => {
    expect(errorText(t, networkError(""))).toBe("failed");
    expect(errorText(t, {})).toBe("bulk.error.unexpected");
  });

  it("reads Keycloak's own errorMessage field", () => {
    expect(toApiError(networkError({ errorMessage: "Forbidden" }))).toEqual({
      key: undefined,
      description: "Forbidden",
    });
  });
});

describe("import state", () => {
  it("knows which statuses end polling", () => {
    expect(isFinished("RUNNING")).toBe(false);
    expect(isFinished("PREVIEW")).toBe(false);
    expect(isFinished("COMPLETED")).toBe(true);
    expect(isFinished("FAILED")).toBe(true);
    expect(isFinished("CANCELLED")).toBe(true);
    expect(isFinished(undefined)).toBe(false);
  });

  it("treats everything after the preview as committed", () => {
    expect(isCommitted("PREVIEW")).toBe(false);
    expect(isCommitted("RUNNING")).toBe(true);
    expect(isCommitted(undefined)).toBe(false);
  });

  it("computes progress in whole percent and never divides by zero", () => {
    expect(progressPercent({ progress: { total: 3, processed: 1 } })).toBe(33);
    expect(progressPercent({ progress: { total: 0, processed: 0 } })).toBe(0);
    expect(progressPercent({ progress: { total: 2, processed: 5 } })).toBe(100);
    expect(progressPercent(undefined)).toBe(0);
  });

  it("maps the summary to row statuses", () => {
    expect(
      countsByStatus({
        summary: {
          toProcess: 5,
          notFound: 2,
          duplicate: 1,
          invalid: 0,
          protected: 3,
        },
      }),
    ).toEqual({
      MATCHED: 5,
      NOT_FOUND: 2,
      DUPLICATE: 1,
      INVALID: 0,
      PROTECTED: 3,
      UNCHANGED: 0,
      HIDDEN: 0,
      AMBIGUOUS: 0,
    });
    expect(
      countsByStatus({ summary: { toProcess: 2, hidden: 4, ambiguous: 1 } }),
    ).toMatchObject({ MATCHED: 2, HIDDEN: 4, AMBIGUOUS: 1 });
  });

  it("lists the outcomes that occurred, in a fixed order", () => {
    expect(
      outcomeCounts({ outcomes: { GONE: 1, DELETED: 120, FAILED: 0 } }),
    ).toEqual([
      ["DELETED", 120],
      ["GONE", 1],
    ]);
    expect(outcomeCounts({})).toEqual([]);
  });
});

describe("files", () => {
  it("reads the download name from Content-Disposition", () => {
    expect(fileNameFrom('attachment; filename="report.xlsx"', "x")).toBe(
      "report.xlsx",
    );
    expect(
      fileNameFrom("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.csv", "x"),
    ).toBe("résumé.csv");
    expect(fileNameFrom(null, "fallback.xlsx")).toBe("fallback.xlsx");
  });

  it("accepts xlsx and csv names only", () => {
    expect(isAcceptedFileName("users.XLSX")).toBe(true);
    expect(isAcceptedFileName("users.csv")).toBe(true);
    expect(isAcceptedFileName("users.xls")).toBe(false);
    expect(isAcceptedFileName(undefined)).toBe(false);
  });
});

describe("rows the import leaves out", () => {
  it("filters by the statuses that have rows, hidden ones first, keeping the selection", () => {
    const counts = countsByStatus({
      summary: { toProcess: 2, hidden: 4, notFound: 1 },
    });
    expect(filterStatuses(counts, "HIDDEN")).toEqual([
      "MATCHED",
      "HIDDEN",
      "NOT_FOUND",
    ]);
    expect(filterStatuses(counts, "INVALID")).toEqual([
      "MATCHED",
      "HIDDEN",
      "NOT_FOUND",
      "INVALID",
    ]);
    expect(filterStatuses(countsByStatus(undefined), "MATCHED")).toEqual([
      "MATCHED",
    ]);
  });

  it("names hidden rows first, then ambiguous ones, with their counts", () => {
    expect(
      leftOutNotices({ summary: { toProcess: 2, hidden: 18, ambiguous: 3 } }),
    ).toEqual([
      { key: "bulk.check.hidden", count: 18, status: "HIDDEN" },
      { key: "bulk.check.ambiguous", count: 3, status: "AMBIGUOUS" },
    ]);
  });

  it("says nothing when no row is hidden or ambiguous", () => {
    expect(leftOutNotices({ summary: { toProcess: 2 } })).toEqual([]);
    expect(leftOutNotices(undefined)).toEqual([]);
  });
});

describe("row messages", () => {
  const row = (fields: Partial<ImportRow>): ImportRow => ({
    rowNumber: 2,
    status: "NOT_FOUND",
    ...fields,
  });

  it("fills numbered placeholders and leaves unknown ones", () => {
    expect(fillParams("{0} keer mislukt ({1}).", ["5", "Timeout"])).toBe(
      "5 keer mislukt (Timeout).",
    );
    expect(fillParams("{0} and {1}", ["a"])).toBe("a and {1}");
    expect(fillParams("{0}{0}", ["x"])).toBe("xx");
    expect(fillParams("no placeholder", undefined)).toBe("no placeholder");
  });

  it("does not read placeholders in a parameter", () => {
    expect(fillParams("{0} ({1})", ["{1}", "b"])).toBe("{1} (b)");
  });

  it("translates the message key, with its parameters", () => {
    expect(
      rowMessageText(
        t,
        row({
          messageKey: "bulk.row.not-found",
          message: "No user of this realm has this identifier.",
        }),
      ),
    ).toBe("Niemand heeft deze gegevens.");
    expect(
      rowMessageText(
        t,
        row({
          status: "AMBIGUOUS",
          matchCount: 2,
          messageKey: "bulk.row.ambiguous",
          messageParams: ["2"],
          message: "The identifier matches 2 users; none of them is acted on.",
        }),
      ),
    ).toBe("Past bij 2 gebruikers.");
    expect(
      rowMessageText(
        t,
        row({
          status: "MATCHED",
          outcome: "FAILED",
          messageKey: "bulk.outcome.failed-repeatedly",
          messageParams: ["5", "QueryTimeoutException"],
        }),
      ),
    ).toBe("5 keer mislukt (QueryTimeoutException).");
  });

  it("falls back to the server's English for a key the bundles do not know", () => {
    expect(
      rowMessageText(
        t,
        row({
          messageKey: "bulk.row.some-new-reason",
          message: "A reason of a newer server.",
        }),
      ),
    ).toBe("A reason of a newer server.");
  });

  it("falls back to the help of the outcome, then of the status", () => {
    expect(
      rowMessageText(
        t,
        row({ status: "MATCHED", outcome: "SKIPPED", messageKey: "x.y" }),
      ),
    ).toBe("Overgeslagen.");
    expect(rowMessageText(t, row({ status: "MATCHED" }))).toBe(
      "Wordt verwerkt.",
    );
    // A succeeded row needs no reason: the status's help, not an outcome's.
    expect(
      rowMessageText(t, row({ status: "MATCHED", outcome: "DELETED" })),
    ).toBe("Wordt verwerkt.");
  });
});

describe("the result", () => {
  it("explains the rows not processed as asked", () => {
    const rows: ImportRow[] = [
      { rowNumber: 2, status: "MATCHED", outcome: "DELETED" },
      { rowNumber: 3, status: "MATCHED", outcome: "SKIPPED" },
      { rowNumber: 4, status: "MATCHED" },
      { rowNumber: 5, status: "MATCHED", outcome: "FAILED" },
      { rowNumber: 6, status: "MATCHED", outcome: "GONE" },
    ];
    expect(undoneRows(rows).map((r) => r.rowNumber)).toEqual([3, 5, 6]);
    expect(undoneRows(undefined)).toEqual([]);
    expect(
      undoneCount({ outcomes: { DELETED: 7, SKIPPED: 2, GONE: 1, FAILED: 1 } }),
    ).toBe(4);
    expect(undoneCount({ outcomes: { DELETED: 7 } })).toBe(0);
  });

  it("offers the report once the job has ended, and not after the history is erased", () => {
    expect(reportState({ status: "COMPLETED" })).toBe("available");
    expect(reportState({ status: "CANCELLED", historyErasedAt: null })).toBe(
      "available",
    );
    expect(reportState({ status: "RUNNING" })).toBe("none");
    expect(reportState({ status: "PREVIEW" })).toBe("none");
    expect(
      reportState({
        status: "COMPLETED",
        historyErasedAt: "2026-03-01T10:00:00Z",
      }),
    ).toBe("erased");
    expect(reportState(undefined)).toBe("none");
  });

  it("translates a 410 of an erased report and knows its status", () => {
    const e = new NetworkError("bulk.report-expired", {
      response: new Response(null, { status: 410 }),
      responseData: {
        error: "bulk.report-expired",
        errorDescription: "The report is gone.",
      },
    });
    const translate = (key: string, options?: { defaultValue?: string }) =>
      key === "bulk.report-expired"
        ? "Het rapport is niet meer beschikbaar."
        : (options?.defaultValue ?? key);
    expect(errorStatus(e)).toBe(410);
    expect(errorText(translate, e)).toBe(
      "Het rapport is niet meer beschikbaar.",
    );
    expect(errorStatus(new Error("offline"))).toBeUndefined();
    expect(errorStatus(undefined)).toBeUndefined();
  });

  it("formats dates in the console's language, a dash without one", () => {
    expect(formatDateTime("2026-03-01T10:00:00Z", "en")).toMatch(/2026/);
    expect(formatDateTime(null, "en")).toBe("\u2014");
    expect(formatDateTime("not a date", "en")).toBe("\u2014");
  });
});

describe("waiting users of an import", () => {
  it("are counted while the import is scheduled", () => {
    expect(
      waitingCount({ status: "SCHEDULED", outcomes: { WAITING: 3 } }),
    ).toBe(3);
    expect(
      waitingCount({ status: "COMPLETED", outcomes: { WAITING: 3 } }),
    ).toBe(0);
    expect(waitingCount({ status: "SCHEDULED" })).toBe(0);
  });

  it("come from the server's count where the import has one (the list of imports)", () => {
    expect(waitingCount({ status: "SCHEDULED", waiting: 2 })).toBe(2);
    expect(
      waitingCount({
        status: "SCHEDULED",
        waiting: 1,
        outcomes: { WAITING: 3 },
      }),
    ).toBe(1);
    expect(waitingCount({ status: "COMPLETED", waiting: 2 })).toBe(0);
  });

  it("can be deactivated now (a deactivation) or their schedule cancelled", () => {
    const imp = { status: "SCHEDULED" as const, outcomes: { WAITING: 2 } };
    expect(waitingChoices({ ...imp, action: "DEACTIVATE" })).toEqual([
      "deactivateNow",
      "cancelWaiting",
    ]);
    expect(waitingChoices({ ...imp, action: "REACTIVATE" })).toEqual([
      "cancelWaiting",
    ]);
    expect(waitingChoices({ ...imp, action: "DELETE", outcomes: {} })).toEqual(
      [],
    );
  });
});

describe("headerPlace", () => {
  it("says nothing for a one-sheet file headed on row 1, or without a file", () => {
    expect(headerPlace(undefined)).toBeUndefined();
    expect(headerPlace({})).toBeUndefined();
    expect(
      headerPlace({ sheet: "users", sheetCount: 1, headerRow: 1 }),
    ).toBeUndefined();
    expect(headerPlace({ sheet: null, sheetCount: null, headerRow: 1 })).toBe(
      undefined,
    );
  });

  it("names the sheet of a workbook of several sheets, and a header below row 1", () => {
    expect(headerPlace({ sheet: "Data", sheetCount: 3, headerRow: 1 })).toEqual(
      {
        key: "bulk.check.readFrom.sheet",
        sheet: "Data",
        row: 1,
      },
    );
    expect(
      headerPlace({ sheet: "Leavers", sheetCount: 1, headerRow: 3 }),
    ).toEqual({ key: "bulk.check.readFrom.sheet", sheet: "Leavers", row: 3 });
    expect(headerPlace({ headerRow: 4 })).toEqual({
      key: "bulk.check.readFrom.row",
      row: 4,
    });
  });
});
