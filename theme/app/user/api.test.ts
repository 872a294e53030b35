// What the user details additions send, and how they read the answers.
import { afterEach, describe, expect, it, vi } from "vitest";
import { errorStatus } from "../bulk/logic";
import { pendingOf, totalCount, userAcademyApi } from "./api";
import type { PendingDeletion } from "./types";

const client = {
  baseUrl: "https://kc.example.org/",
  getAccessToken: async () => "token-1",
};

function stubFetch(response: () => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return response();
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const BASE = "https://kc.example.org/admin/realms/my%20realm";

const pending = (userId: string): PendingDeletion => ({
  userId,
  username: `user-${userId}`,
  dueAt: "2027-01-01T10:00:00Z",
  importId: "imp-1",
  enabledBefore: true,
});

describe("learningRecords and certificates", () => {
  it("ask for one page and read the total from X-Total-Count", async () => {
    const calls = stubFetch(() =>
      Response.json([{ id: "r11" }, { id: "r12" }], {
        headers: { "X-Total-Count": "12" },
      }),
    );
    const api = userAcademyApi(client, "my realm");
    const page = await api.learningRecords("u/1", 10, 10);
    expect(calls[0].url).toBe(
      `${BASE}/academy/users/u%2F1/learning-records?first=10&max=10`,
    );
    expect(
      (calls[0].init.headers as Record<string, string>).Authorization,
    ).toBe("Bearer token-1");
    expect(page).toEqual({ items: [{ id: "r11" }, { id: "r12" }], total: 12 });

    await api.certificates("u1", 0, 5);
    expect(calls[1].url).toBe(
      `${BASE}/academy/users/u1/certificates?first=0&max=5`,
    );
  });

  it("reject with the server's status, e.g. a 400 academy.invalid-paging", async () => {
    stubFetch(() =>
      Response.json(
        { error: "academy.invalid-paging", errorDescription: "first must be…" },
        { status: 400 },
      ),
    );
    const error = await userAcademyApi(client, "r")
      .learningRecords("u1", -1, 10)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(errorStatus(error)).toBe(400);
  });
});

describe("totalCount", () => {
  it("falls back when the header is missing or no count", () => {
    expect(totalCount(new Response("[]"), 7)).toBe(7);
    expect(
      totalCount(new Response("[]", { headers: { "X-Total-Count": "x" } }), 3),
    ).toBe(3);
    expect(
      totalCount(new Response("[]", { headers: { "X-Total-Count": "0" } }), 3),
    ).toBe(0);
  });
});

describe("pendingDeletion", () => {
  it("searches by the user id and takes only the exact id", async () => {
    const calls = stubFetch(() =>
      Response.json([pending("u10"), pending("u1")], {
        headers: { "X-Total-Count": "2" },
      }),
    );
    const found = await userAcademyApi(client, "my realm").pendingDeletion(
      "u1",
    );
    expect(calls[0].url).toBe(
      `${BASE}/bulk-users/pending-deletions?search=u1&first=0&max=20`,
    );
    expect(found?.userId).toBe("u1");
  });

  it("is undefined when only other users match the search", () => {
    expect(pendingOf([pending("u10")], "u1")).toBeUndefined();
    expect(pendingOf([], "u1")).toBeUndefined();
  });
});

describe("scheduled", () => {
  it("asks for the user's own entries, every kind, and keeps only theirs", async () => {
    const entry = (userId: string) => ({
      userId,
      action: "DEACTIVATE",
      kind: "DATED",
      dueAt: "2027-01-31T23:00:00Z",
      importId: "i1",
    });
    const calls = stubFetch(() => Response.json([entry("u1"), entry("u2")]));
    const found = await userAcademyApi(client, "my realm").scheduled("u1");
    expect(calls[0].url).toBe(
      `${BASE}/bulk-users/scheduled?userId=u1&first=0&max=50`,
    );
    expect(found.map((e) => e.userId)).toEqual(["u1"]);
  });
});
