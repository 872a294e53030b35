// The restore window: durations as the server writes them, due dates, the window field, and what
// Restore and Delete now report.
import { describe, expect, it } from "vitest";
import {
  allowsDeleteNow,
  canDeleteNow,
  DAY,
  deleteAfterOf,
  deleteNowFrom,
  durationWords,
  minimumWindowDays,
  deleteNowNotices,
  dueDate,
  hasJobEnded,
  hasPendingDeletions,
  isFinished,
  parseDuration,
  parseWindowDays,
  reportState,
  restoreNotices,
  undoneCount,
  windowDays,
} from "./logic";

describe("parseDuration", () => {
  it.each([
    ["P30D", 30 * DAY],
    ["P1D", DAY],
    ["PT720H", 30 * DAY],
    ["PT12H", 12 * 3600_000],
    ["PT90M", 90 * 60_000],
    ["PT10S", 10_000],
    ["PT0.5S", 500],
    ["PT0S", 0],
    ["P0D", 0],
    ["P1DT2H3M4S", DAY + 2 * 3600_000 + 3 * 60_000 + 4000],
    ["p7d", 7 * DAY],
    [" P2D ", 2 * DAY],
  ])("reads %s", (iso, ms) => {
    expect(parseDuration(iso)).toBe(ms);
  });

  it.each([
    "",
    "P",
    "PT",
    "P1DT",
    "30",
    "30D",
    "-P1D",
    "PT-1S",
    "P1M",
    "P1Y",
    "P1W",
    "P1.5D",
    "PT1H30",
    "P30DX",
  ])("refuses %j", (iso) => {
    expect(parseDuration(iso)).toBeUndefined();
  });

  it("refuses nothing", () => {
    expect(parseDuration(undefined)).toBeUndefined();
    expect(parseDuration(null)).toBeUndefined();
  });
});

describe("dueDate", () => {
  const now = Date.UTC(2026, 11, 2, 1, 0, 0);

  it("adds the window to now", () => {
    expect(dueDate("P30D", now)?.toISOString()).toBe(
      "2027-01-01T01:00:00.000Z",
    );
    expect(dueDate("PT10S", new Date(now))?.toISOString()).toBe(
      "2026-12-02T01:00:10.000Z",
    );
  });

  it("is now for a window of zero, nothing for no window", () => {
    expect(dueDate("PT0S", now)?.getTime()).toBe(now);
    expect(dueDate("soon", now)).toBeUndefined();
    expect(dueDate(undefined, now)).toBeUndefined();
  });
});

describe("the window field", () => {
  it("starts from the whole days of the server's window", () => {
    expect(windowDays("P30D")).toBe(30);
    expect(windowDays("PT720H")).toBe(30);
    expect(windowDays("P7D")).toBe(7);
  });

  it("counts a part of a day as a day, zero as zero", () => {
    expect(windowDays("PT10S")).toBe(1);
    expect(windowDays("P1DT1H")).toBe(2);
    expect(windowDays("PT0S")).toBe(0);
    expect(windowDays("nonsense")).toBeUndefined();
  });

  it("takes whole days from 1 to 3650", () => {
    expect(parseWindowDays("14")).toBe(14);
    expect(parseWindowDays(" 1 ")).toBe(1);
    expect(parseWindowDays(3650)).toBe(3650);
    for (const bad of ["", "0", "-1", "1.5", "1e3", "3651", "abc", "7 days"]) {
      expect(parseWindowDays(bad), bad).toBeUndefined();
    }
  });

  it("sends the days as P<n>D, delete now as PT0S", () => {
    expect(deleteAfterOf({ now: false, days: 14 })).toBe("P14D");
    expect(deleteAfterOf({ now: true, days: 14 })).toBe("PT0S");
    expect(deleteAfterOf({ now: true, days: undefined })).toBe("PT0S");
    expect(deleteAfterOf({ now: false, days: undefined })).toBeUndefined();
  });
});

describe("a SCHEDULED import", () => {
  it("has ended its job but is not finished", () => {
    expect(hasJobEnded("SCHEDULED")).toBe(true);
    expect(isFinished("SCHEDULED")).toBe(false);
    expect(hasJobEnded("RUNNING")).toBe(false);
    expect(hasJobEnded("PREVIEW")).toBe(false);
    expect(hasJobEnded("COMPLETED")).toBe(true);
  });

  it("has its report", () => {
    expect(reportState({ status: "SCHEDULED" })).toBe("available");
  });

  it("offers Restore and Delete now while users are pending", () => {
    expect(
      hasPendingDeletions({ status: "SCHEDULED", pendingDeletions: 12 }),
    ).toBe(true);
    expect(
      hasPendingDeletions({ status: "SCHEDULED", pendingDeletions: 0 }),
    ).toBe(false);
    expect(hasPendingDeletions({ status: "SCHEDULED" })).toBe(false);
    expect(
      hasPendingDeletions({ status: "COMPLETED", pendingDeletions: 3 }),
    ).toBe(false);
  });

  it("counts kept users among those not processed as asked", () => {
    expect(
      undoneCount({ outcomes: { DELETED: 3, KEPT: 1, RESTORED: 2, GONE: 1 } }),
    ).toBe(2);
  });
});

describe("notices of Restore and Delete now", () => {
  it("say how many were restored and why others were not", () => {
    expect(
      restoreNotices({ restored: 10, notPending: 1, notAllowed: 2 }),
    ).toEqual([
      { key: "bulk.restore.done", count: 10, variant: "success" },
      { key: "bulk.restore.notPending", count: 1, variant: "info" },
      { key: "bulk.restore.notAllowed", count: 2, variant: "warning" },
    ]);
  });

  it("say how many the engine could not restore, from a finished restore's counts", () => {
    expect(
      restoreNotices({
        asked: 20000,
        remaining: 0,
        restored: 19998,
        notPending: 0,
        notAllowed: 0,
        failed: 2,
        done: true,
      }),
    ).toEqual([
      { key: "bulk.restore.done", count: 19998, variant: "success" },
      { key: "bulk.restore.failed", count: 2, variant: "warning" },
    ]);
  });

  it("leave out the success when only the others happened", () => {
    expect(
      restoreNotices({ restored: 0, notPending: 1, notAllowed: 0 }),
    ).toEqual([{ key: "bulk.restore.notPending", count: 1, variant: "info" }]);
    expect(
      restoreNotices({ restored: 0, notPending: 0, notAllowed: 0 }),
    ).toEqual([{ key: "bulk.restore.done", count: 0, variant: "success" }]);
  });

  it("say how many are being deleted", () => {
    expect(deleteNowNotices({ deleting: 12, notAllowed: 0 })).toEqual([
      { key: "bulk.deleteNow.done", count: 12, variant: "success" },
    ]);
    expect(deleteNowNotices({ deleting: 0, notAllowed: 3 })).toEqual([
      { key: "bulk.deleteNow.notAllowed", count: 3, variant: "warning" },
    ]);
  });
});

describe("the server's restore-window-min", () => {
  it("sets the fewest days of the window field, at least one", () => {
    expect(minimumWindowDays(undefined)).toBe(1);
    expect(minimumWindowDays("PT0S")).toBe(1);
    expect(minimumWindowDays("PT15S")).toBe(1);
    expect(minimumWindowDays("P7D")).toBe(7);
    expect(minimumWindowDays("PT168H")).toBe(7);
    expect(minimumWindowDays("P7DT1H")).toBe(8);
  });

  it("refuses fewer days than the minimum in the field", () => {
    expect(parseWindowDays("6", minimumWindowDays("P7D"))).toBeUndefined();
    expect(parseWindowDays("7", minimumWindowDays("P7D"))).toBe(7);
    expect(parseWindowDays("30", minimumWindowDays("P7D"))).toBe(30);
    expect(parseWindowDays("1")).toBe(1);
  });

  it("allows Delete now only without a minimum (or when it cannot be read)", () => {
    expect(allowsDeleteNow(undefined)).toBe(true);
    expect(allowsDeleteNow("PT0S")).toBe(true);
    expect(allowsDeleteNow("P0D")).toBe(true);
    expect(allowsDeleteNow("PT1S")).toBe(false);
    expect(allowsDeleteNow("P7D")).toBe(false);
  });

  it("lets an import's users go now from the minimum after its commit", () => {
    const imp = { committedAt: "2026-12-01T10:00:00Z" };
    expect(deleteNowFrom(imp, "P7D")?.toISOString()).toBe(
      "2026-12-08T10:00:00.000Z",
    );
    expect(deleteNowFrom(imp, "PT0S")).toBeUndefined();
    expect(deleteNowFrom({}, "P7D")).toBeUndefined();
    expect(canDeleteNow(imp, "P7D", Date.parse("2026-12-08T09:59:59Z"))).toBe(
      false,
    );
    expect(canDeleteNow(imp, "P7D", Date.parse("2026-12-08T10:00:00Z"))).toBe(
      true,
    );
    expect(
      canDeleteNow(imp, undefined, Date.parse("2026-12-01T10:00:00Z")),
    ).toBe(true);
  });

  it("is said in the largest unit that holds it exactly", () => {
    expect(durationWords("P7D")).toEqual({
      key: "bulk.duration.days",
      count: 7,
    });
    expect(durationWords("PT168H")).toEqual({
      key: "bulk.duration.days",
      count: 7,
    });
    expect(durationWords("PT36H")).toEqual({
      key: "bulk.duration.hours",
      count: 36,
    });
    expect(durationWords("PT90M")).toEqual({
      key: "bulk.duration.minutes",
      count: 90,
    });
    expect(durationWords("PT15S")).toEqual({
      key: "bulk.duration.seconds",
      count: 15,
    });
    expect(durationWords("PT0.5S")).toEqual({
      key: "bulk.duration.seconds",
      count: 1,
    });
    expect(durationWords("PT0S")).toBeUndefined();
    expect(durationWords(undefined)).toBeUndefined();
  });
});
