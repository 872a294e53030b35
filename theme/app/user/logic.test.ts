import { describe, expect, it } from "vitest";
import { deleteImpact, firstOf, pageOf, restoreNotice } from "./logic";

const enabledBefore = { username: "learner", enabledBefore: true };
const disabledBefore = { username: "learner", enabledBefore: false };

describe("restoreNotice", () => {
  it("says restored, and whether the user stays disabled as before the import", () => {
    expect(
      restoreNotice(
        { restored: 1, notPending: 0, notAllowed: 0 },
        enabledBefore,
      ),
    ).toEqual({
      variant: "success",
      key: "academy.pending.restored",
      values: { username: "learner" },
    });
    expect(
      restoreNotice(
        { restored: 1, notPending: 0, notAllowed: 0 },
        disabledBefore,
      ).key,
    ).toBe("academy.pending.restoredStaysDisabled");
  });

  it("refuses when the server did not allow it", () => {
    expect(
      restoreNotice(
        { restored: 0, notPending: 0, notAllowed: 1 },
        enabledBefore,
      ),
    ).toMatchObject({
      variant: "danger",
      key: "academy.pending.restoreNotAllowed",
    });
  });

  it("tells when someone else was quicker (restored, deleted, due)", () => {
    expect(
      restoreNotice(
        { restored: 0, notPending: 1, notAllowed: 0 },
        enabledBefore,
      ),
    ).toMatchObject({
      variant: "info",
      key: "academy.pending.noLongerPending",
    });
    expect(restoreNotice(undefined, enabledBefore).variant).toBe("info");
  });

  it("says when the engine could not restore the user (still pending)", () => {
    expect(
      restoreNotice(
        {
          restored: 0,
          notPending: 0,
          notAllowed: 0,
          failed: 1,
        },
        enabledBefore,
      ),
    ).toMatchObject({
      variant: "danger",
      key: "academy.pending.restoreFailed",
    });
  });
});

describe("deleteImpact", () => {
  it("names the counts, or says there is nothing", () => {
    expect(deleteImpact({ learningRecords: 12, certificates: 3 })).toEqual({
      key: "academy.learning.deleteRemoves",
      records: 12,
      certificates: 3,
    });
    expect(deleteImpact({ learningRecords: 0, certificates: 1 }).key).toBe(
      "academy.learning.deleteRemoves",
    );
    expect(deleteImpact({ learningRecords: 0, certificates: 0 }).key).toBe(
      "academy.learning.deleteRemovesNothing",
    );
  });
});

describe("paging", () => {
  it("maps offsets to pages and back, never past the last page", () => {
    expect(pageOf(0, 10)).toBe(1);
    expect(pageOf(10, 10)).toBe(2);
    expect(pageOf(15, 10)).toBe(2);
    expect(firstOf(2, 10, 12)).toBe(10);
    expect(firstOf(5, 10, 12)).toBe(10);
    expect(firstOf(0, 10, 12)).toBe(0);
    expect(firstOf(3, 10, 0)).toBe(0);
  });
});
