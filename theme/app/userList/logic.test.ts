import { describe, expect, it } from "vitest";
import {
  commitDeleteAfter,
  dialogTitle,
  dueDateText,
  hasWindow,
  isSettled,
  pollDelay,
  previewSentences,
  progressOf,
  resultAlert,
} from "./logic";

const NOW = Date.UTC(2026, 11, 6, 10, 0, 0);

describe("dialogTitle", () => {
  it("names one user by username, else by id", () => {
    expect(dialogTitle("DELETE", [{ id: "u1", username: "ann" }])).toEqual({
      key: "userList.title.DELETE.one",
      values: { name: "ann" },
    });
    expect(dialogTitle("DEACTIVATE", [{ id: "u1" }])).toEqual({
      key: "userList.title.DEACTIVATE.one",
      values: { name: "u1" },
    });
  });

  it("counts several users", () => {
    expect(
      dialogTitle("REACTIVATE", [{ id: "a" }, { id: "b" }, { id: "c" }]),
    ).toEqual({ key: "userList.title.REACTIVATE", values: { count: 3 } });
  });
});

describe("the restore window", () => {
  it("is there for a positive duration only", () => {
    expect(hasWindow("P30D")).toBe(true);
    expect(hasWindow("PT720H")).toBe(true);
    expect(hasWindow("PT0S")).toBe(false);
    expect(hasWindow("P0D")).toBe(false);
    expect(hasWindow(undefined)).toBe(false);
    expect(hasWindow("P1M")).toBe(false);
  });

  it("gives the date of the deletion for good in the console's language", () => {
    expect(dueDateText("P30D", "en-GB", NOW)).toBe("5 January 2027");
    expect(dueDateText("P30D", "nl", NOW)).toBe("5 januari 2027");
    expect(dueDateText("PT0S", "en", NOW)).toBeUndefined();
  });

  it("is committed as shown: the window, or PT0S for delete now or no window", () => {
    expect(commitDeleteAfter("DELETE", "now", "P30D")).toBe("PT0S");
    expect(commitDeleteAfter("DELETE", "window", "P30D")).toBe("P30D");
    expect(commitDeleteAfter("DELETE", "window", "PT0S")).toBe("PT0S");
    expect(commitDeleteAfter("DELETE", "window", undefined)).toBe("PT0S");
    expect(commitDeleteAfter("DEACTIVATE", "now", "P30D")).toBeUndefined();
  });
});

describe("previewSentences", () => {
  const summary = {
    toProcess: 3,
    protected: 1,
    unchanged: 0,
    notFound: 0,
    learningRecords: 6,
    certificates: 3,
  };

  it("promises the date and keeps the data for a windowed delete", () => {
    expect(
      previewSentences("DELETE", { summary }, "window", "5 January 2027"),
    ).toEqual([
      {
        key: "userList.delete.window",
        values: { count: 3, date: "5 January 2027" },
      },
      {
        key: "userList.delete.dataKept",
        values: { count: 3 },
        counts: { learningRecords: 6, certificates: 3 },
      },
      { key: "userList.protected", values: { count: 1 } },
    ]);
  });

  it("says a delete now, or without a window, cannot be undone", () => {
    for (const [mode, due] of [
      ["now", "5 January 2027"],
      ["window", undefined],
    ] as const) {
      const s = previewSentences("DELETE", { summary }, mode, due);
      expect(s[0]).toEqual({
        key: "userList.delete.now",
        values: { count: 3 },
      });
      expect(s[1].key).toBe("userList.delete.dataGone");
    }
  });

  it("names users already in the state and users gone", () => {
    expect(
      previewSentences(
        "REACTIVATE",
        {
          summary: { toProcess: 2, unchanged: 1, notFound: 1, duplicate: 1 },
        },
        "window",
        undefined,
      ),
    ).toEqual([
      { key: "userList.impact.REACTIVATE", values: { count: 2 } },
      { key: "userList.unchanged.REACTIVATE", values: { count: 1 } },
      { key: "userList.notFound", values: { count: 2 } },
    ]);
  });

  it("says when nothing is left to do", () => {
    expect(
      previewSentences(
        "DEACTIVATE",
        { summary: { toProcess: 0, protected: 1 } },
        "window",
        undefined,
      ),
    ).toEqual([
      { key: "userList.nothingToDo" },
      { key: "userList.protected", values: { count: 1 } },
    ]);
  });
});

describe("after the commit", () => {
  it("waits while the job runs", () => {
    expect(isSettled({ status: "RUNNING" })).toBe(false);
    expect(isSettled({ status: "PREVIEW" })).toBe(false);
    expect(isSettled(undefined)).toBe(false);
    expect(isSettled({ status: "SCHEDULED" })).toBe(true);
    expect(isSettled({ status: "COMPLETED" })).toBe(true);
  });

  it("reports scheduled deletes with their date", () => {
    expect(
      resultAlert(
        {
          action: "DELETE",
          status: "SCHEDULED",
          outcomes: { SCHEDULED: 3 },
          deletionDueAt: "2027-01-05T10:00:00Z",
        },
        "en-GB",
      ),
    ).toEqual({
      key: "userList.result.scheduled",
      values: { count: 3, date: "5 January 2027", notDone: 0 },
      variant: "success",
    });
  });

  it("reports deletes, deactivations and reactivations, and what was not done", () => {
    expect(
      resultAlert(
        { action: "DELETE", status: "COMPLETED", outcomes: { DELETED: 1 } },
        "en",
      ).key,
    ).toBe("userList.result.deleted");
    const partly = resultAlert(
      {
        action: "DEACTIVATE",
        status: "COMPLETED",
        outcomes: { DEACTIVATED: 2, SKIPPED: 1 },
      },
      "en",
    );
    expect(partly).toEqual({
      key: "userList.result.deactivated.partly",
      values: { count: 2, notDone: 1 },
      variant: "warning",
    });
    expect(
      resultAlert(
        {
          action: "REACTIVATE",
          status: "COMPLETED",
          outcomes: { REACTIVATED: 2 },
        },
        "en",
      ).values,
    ).toEqual({ count: 2, notDone: 0 });
    expect(
      resultAlert({ action: "DELETE", status: "FAILED" }, "en").variant,
    ).toBe("danger");
  });

  it("shows progress once the total is known", () => {
    expect(progressOf({ progress: { total: 0 } })).toBeUndefined();
    expect(progressOf({ progress: { total: 10, processed: 4 } })).toEqual({
      processed: 4,
      total: 10,
    });
    expect(progressOf({ progress: { total: 10, processed: 12 } })).toEqual({
      processed: 10,
      total: 10,
    });
  });

  it("polls quickly first, then every two seconds", () => {
    expect(pollDelay(0)).toBe(250);
    expect(pollDelay(1)).toBe(500);
    expect(pollDelay(3)).toBe(2000);
    expect(pollDelay(50)).toBe(2000);
  });
});
