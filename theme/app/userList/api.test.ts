// The request every console door sends: the chosen users by id, marked as the user list's.
import { afterEach, describe, expect, it, vi } from "vitest";
import { errorStatus } from "../bulk/logic";
import { createUserListImport } from "./api";

afterEach(() => {
  vi.unstubAllGlobals();
});

const client = {
  baseUrl: "https://kc.example.org/",
  getAccessToken: async () => "token",
};

describe("createUserListImport", () => {
  it("posts the ids as JSON with origin USER_LIST and answers the preview", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ id: "imp-1", status: "PREVIEW" }), {
        status: 201,
      });
    });
    const imp = await createUserListImport(client, "academy", "DEACTIVATE", [
      "u1",
      "u2",
    ]);
    expect(imp).toEqual({ id: "imp-1", status: "PREVIEW" });
    expect(calls).toHaveLength(1);
    const [{ url, init }] = calls;
    expect(url).toBe(
      "https://kc.example.org/admin/realms/academy/bulk-users/imports",
    );
    expect(init.method).toBe("POST");
    const headers = init.headers as Record<string, string>;
    expect(headers["Content-Type"]).toBe("application/json");
    expect(headers.Authorization).toBe("Bearer token");
    expect(JSON.parse(init.body as string)).toEqual({
      action: "DEACTIVATE",
      matchBy: "ID",
      identifiers: ["u1", "u2"],
      origin: "USER_LIST",
    });
  });

  it("rejects with the server's status", async () => {
    vi.stubGlobal(
      "fetch",
      async () =>
        new Response(JSON.stringify({ error: "bulk.forbidden" }), {
          status: 403,
        }),
    );
    const failed = await createUserListImport(client, "academy", "DELETE", [
      "u1",
    ]).catch((e: unknown) => e);
    expect(errorStatus(failed)).toBe(403);
  });
});
