import { describe, expect, it } from "vitest";
import { renamedTab, toUsersTab } from "./paths";

describe("the Users page's tabs", () => {
  it("open the Scheduled tab from the old Pending deletion address", () => {
    expect(renamedTab("pending")).toBe("scheduled");
    expect(toUsersTab("my realm", renamedTab("pending")!)).toBe(
      "/my%20realm/users/scheduled",
    );
  });

  it("leave every other tab, and a user's id, alone", () => {
    for (const tab of [
      undefined,
      "list",
      "imports",
      "scheduled",
      "attention",
      "permissions",
      "constructor",
    ]) {
      expect(renamedTab(tab)).toBeUndefined();
    }
  });
});
