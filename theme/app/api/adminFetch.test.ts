// The one fetch helper: the realm's admin URL, the bearer token, Accept, and errors as rejections.
import { afterEach, describe, expect, it, vi } from "vitest";
import { errorStatus } from "../bulk/logic";
import { adminFetch, readJson } from "./adminFetch";

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

const client = (token?: string) => ({
  baseUrl: "https://kc.example.org//",
  getAccessToken: async () => token,
});

const headersOf = (init: RequestInit) => init.headers as Record<string, string>;

describe("adminFetch", () => {
  it("builds the realm's admin URL, encoding the realm and leaving empty parameters out", () => {
    const admin = adminFetch(client("t"), "my realm");
    expect(
      admin.url("/bulk-users/imports", {
        first: 0,
        max: 20,
        search: "",
        status: undefined,
      }),
    ).toBe(
      "https://kc.example.org/admin/realms/my%20realm/bulk-users/imports?first=0&max=20",
    );
    expect(admin.url("/academy/users/u1/summary")).toBe(
      "https://kc.example.org/admin/realms/my%20realm/academy/users/u1/summary",
    );
  });

  it("calls with the bearer token and Accept JSON; the caller's headers and method go along", async () => {
    const calls = stubFetch(() => Response.json({ ok: true }));
    const response = await adminFetch(client("token-1"), "academy").call(
      "/x",
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{}",
      },
      { q: "a b" },
    );
    expect(await readJson(response)).toEqual({ ok: true });
    expect(calls[0].url).toBe(
      "https://kc.example.org/admin/realms/academy/x?q=a+b",
    );
    expect(calls[0].init.method).toBe("POST");
    expect(calls[0].init.body).toBe("{}");
    expect(headersOf(calls[0].init)).toEqual({
      Accept: "application/json",
      Authorization: "Bearer token-1",
      "Content-Type": "application/json",
    });
  });

  it("lets a caller's Accept win, and a request (a download) leaves Accept to the browser", async () => {
    const calls = stubFetch(() => new Response("data"));
    const admin = adminFetch(client("token-1"), "academy");
    await admin.call("/a", { headers: { Accept: "text/csv" } });
    await admin.request("/b");
    expect(headersOf(calls[0].init).Accept).toBe("text/csv");
    expect(headersOf(calls[1].init)).toEqual({
      Authorization: "Bearer token-1",
    });
  });

  it("sends no Authorization header without a token", async () => {
    const calls = stubFetch(() => new Response(null, { status: 204 }));
    const response = await adminFetch(client(undefined), "academy").call("/x");
    expect(headersOf(calls[0].init)).toEqual({ Accept: "application/json" });
    expect(await readJson(response)).toBeUndefined();
  });

  it("rejects on an error status, with the status the console reads", async () => {
    stubFetch(() =>
      Response.json({ errorMessage: "bulk.not-found" }, { status: 404 }),
    );
    const error = await adminFetch(client("t"), "academy")
      .call("/missing")
      .catch((e: unknown) => e);
    expect(errorStatus(error)).toBe(404);
  });
});
