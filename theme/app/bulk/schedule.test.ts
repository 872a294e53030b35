import { describe, expect, it } from "vitest";
import {
  bannerSentences,
  calendarDays,
  calendarWhat,
  entryKey,
  formatDueTime,
  formatIsoDate,
  importButtonsAt,
  importChoiceOf,
  moveOf,
  scheduledChoices,
  scheduledWhat,
} from "./schedule";
import type { ScheduledEntry } from "./types";

const AMS = "Europe/Amsterdam";
// The end of 31 January 2027 in Amsterdam (CET, UTC+1).
const END_OF_JAN_31 = "2027-01-31T23:00:00Z";

const entry = (e: Partial<ScheduledEntry>): ScheduledEntry => ({
  userId: "u1",
  username: "alice",
  action: "DEACTIVATE",
  kind: "DATED",
  dueAt: END_OF_JAN_31,
  importId: "i1",
  ...e,
});

describe("formatDueTime", () => {
  it("writes the due time with its date, in the language's way and the browser's zone", () => {
    expect(formatDueTime(END_OF_JAN_31, "en-GB", AMS)).toBe(
      "1 February 2027 at 00:00",
    );
    expect(formatDueTime(END_OF_JAN_31, "nl", AMS)).toBe(
      "1 februari 2027 om 00:00",
    );
    // Summer time: the same wall clock is an hour earlier in UTC.
    expect(formatDueTime("2027-07-31T22:00:00Z", "en-GB", AMS)).toBe(
      "1 August 2027 at 00:00",
    );
  });

  it("gives a dash for nothing or nonsense", () => {
    expect(formatDueTime(undefined, "en")).toBe("\u2014");
    expect(formatDueTime(null, "en")).toBe("\u2014");
    expect(formatDueTime("soon", "en")).toBe("\u2014");
  });
});

describe("formatIsoDate", () => {
  it("writes the file's day as that day, whatever the browser's zone", () => {
    expect(formatIsoDate("2027-01-31", "en-GB")).toBe("31 January 2027");
    expect(formatIsoDate("2027-01-01", "nl")).toBe("1 januari 2027");
  });

  it("leaves anything else as it is", () => {
    expect(formatIsoDate("31.01.2027", "en")).toBe("31.01.2027");
    expect(formatIsoDate(undefined, "en")).toBe("\u2014");
  });
});

describe("the calendar", () => {
  it("calls a REACTIVATE in a deactivation's calendar a return, else the action itself", () => {
    expect(calendarWhat("DEACTIVATE", { action: "REACTIVATE" })).toBe("RETURN");
    expect(calendarWhat("DEACTIVATE", { action: "DEACTIVATE" })).toBe(
      "DEACTIVATE",
    );
    expect(calendarWhat("REACTIVATE", { action: "REACTIVATE" })).toBe(
      "REACTIVATE",
    );
    expect(calendarWhat("DELETE", { action: "DELETE" })).toBe("DELETE");
  });

  it("lists the days by due time", () => {
    const days = calendarDays({
      calendar: [
        {
          date: "2027-03-31",
          action: "REACTIVATE",
          dueAt: "2027-03-31T22:00:00Z",
          users: 2,
        },
        {
          date: "2027-01-31",
          action: "DEACTIVATE",
          dueAt: END_OF_JAN_31,
          users: 12,
        },
      ],
    });
    expect(days.map((d) => d.date)).toEqual(["2027-01-31", "2027-03-31"]);
    expect(calendarDays(undefined)).toEqual([]);
    expect(calendarDays({ calendar: null })).toEqual([]);
  });
});

describe("moveOf", () => {
  it("names the import whose schedule the row moves, and the old and new due time", () => {
    expect(
      moveOf(
        {
          replacesImportId: "i0",
          replacesDueAt: END_OF_JAN_31,
          dueAt: "2027-02-28T23:00:00Z",
        },
        "en-GB",
        AMS,
      ),
    ).toEqual({
      key: "bulk.check.moves",
      importId: "i0",
      from: "1 February 2027 at 00:00",
      to: "1 March 2027 at 00:00",
    });
  });

  it("says the row acts at the start when it has no due time of its own", () => {
    expect(
      moveOf(
        { replacesImportId: "i0", replacesDueAt: END_OF_JAN_31 },
        "en-GB",
        AMS,
      )?.key,
    ).toBe("bulk.check.movesToStart");
  });

  it("says nothing for a row that moves nothing", () => {
    expect(moveOf({ dueAt: END_OF_JAN_31 }, "en")).toBeUndefined();
  });
});

describe("scheduled entries", () => {
  it("say what they are", () => {
    expect(scheduledWhat(entry({}))).toBe("deactivation");
    expect(scheduledWhat(entry({ action: "DELETE" }))).toBe("deletion");
    expect(scheduledWhat(entry({ action: "REACTIVATE" }))).toBe("reactivation");
    expect(scheduledWhat(entry({ action: "REACTIVATE", kind: "RETURN" }))).toBe(
      "return",
    );
    expect(
      scheduledWhat(entry({ action: "DELETE", kind: "PENDING_DELETION" })),
    ).toBe("pendingDeletion");
  });

  it("offer cancel and now, or restore for a pending deletion", () => {
    expect(scheduledChoices({ kind: "DATED" })).toEqual(["cancel", "now"]);
    expect(scheduledChoices({ kind: "RETURN" })).toEqual(["cancel", "now"]);
    expect(scheduledChoices({ kind: "PENDING_DELETION" })).toEqual(["restore"]);
  });

  it("keep a user's deactivation and return apart", () => {
    expect(entryKey(entry({}))).not.toBe(
      entryKey(entry({ action: "REACTIVATE", kind: "RETURN" })),
    );
  });

  it("put each import's own button on its first entry of the page", () => {
    expect(importChoiceOf({ kind: "DATED", action: "DEACTIVATE" })).toBe(
      "deactivateNow",
    );
    expect(importChoiceOf({ kind: "PENDING_DELETION", action: "DELETE" })).toBe(
      "deleteNow",
    );
    expect(importChoiceOf({ kind: "DATED", action: "DELETE" })).toBeUndefined();
    expect(
      importChoiceOf({ kind: "RETURN", action: "REACTIVATE" }),
    ).toBeUndefined();
    const page = [
      entry({ userId: "a", kind: "RETURN", action: "REACTIVATE" }),
      entry({ userId: "b" }),
      entry({ userId: "c" }),
      entry({ userId: "d", importId: "i2" }),
      entry({
        userId: "e",
        importId: "i2",
        kind: "PENDING_DELETION",
        action: "DELETE",
      }),
    ];
    expect([...importButtonsAt(page)]).toEqual([
      ["DATED-DEACTIVATE-b", "deactivateNow"],
      ["DATED-DEACTIVATE-d", "deactivateNow"],
      ["PENDING_DELETION-DELETE-e", "deleteNow"],
    ]);
  });
});

describe("bannerSentences", () => {
  it("says a deactivation with its return in one sentence, and not the return again", () => {
    const until = "2027-03-31T22:00:00Z";
    expect(
      bannerSentences(
        [
          entry({ kind: "RETURN", action: "REACTIVATE", dueAt: until }),
          entry({ untilAt: until }),
        ],
        "en-GB",
        AMS,
      ),
    ).toEqual([
      {
        key: "academy.scheduled.deactivationUntil",
        importId: "i1",
        values: {
          date: "1 February 2027 at 00:00",
          until: "1 April 2027 at 00:00",
        },
      },
    ]);
  });

  it("says each kind, by due time, leaving pending deletions to their own banner", () => {
    const sentences = bannerSentences(
      [
        entry({
          kind: "RETURN",
          action: "REACTIVATE",
          dueAt: "2027-05-01T22:00:00Z",
        }),
        entry({
          action: "DELETE",
          dueAt: "2027-04-30T22:00:00Z",
          deleteAt: "2027-05-30T22:00:00Z",
          importId: "i2",
        }),
        entry({ action: "DELETE", kind: "PENDING_DELETION" }),
        entry({ action: "REACTIVATE", dueAt: "2027-02-28T23:00:00Z" }),
        entry({ action: "DELETE", dueAt: "2027-06-30T22:00:00Z" }),
      ],
      "en-GB",
      AMS,
    );
    expect(sentences.map((s) => s.key)).toEqual([
      "academy.scheduled.reactivation",
      "academy.scheduled.deletionOn",
      "academy.scheduled.return",
      "academy.scheduled.deletion",
    ]);
    expect(sentences[1]).toEqual({
      key: "academy.scheduled.deletionOn",
      importId: "i2",
      values: {
        date: "1 May 2027 at 00:00",
        deleteAt: "31 May 2027 at 00:00",
      },
    });
  });
});
