import { NetworkError } from "@keycloak/keycloak-admin-client";
import { describe, expect, it } from "vitest";
import {
  countsByStatus,
  errorText,
  fileNameFrom,
  isAcceptedFileName,
  isCommitted,
  isFinished,
  progressPercent,
  outcomeCounts,
  toApiError,
} from "./logic";

const t = (key: string, options?: { defaultValue?: string }) =>
  ({ "bulk.corrupt-file": "The file cannot be read." })[key] ??
  options?.defaultValue ??
  key;

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
    });
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
