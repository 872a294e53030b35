// What the wizard sends: the upload's form fields and the error of an erased report.
import { afterEach, describe, expect, it, vi } from "vitest";
import { bulkApi } from "./api";
import { errorStatus, errorText } from "./logic";

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

const file = () =>
  new File(["email\na@example.org\n"], "leavers.csv", { type: "text/csv" });

describe("createImport", () => {
  it("leaves hidden rows out unless asked", async () => {
    const calls = stubFetch(() => Response.json({ id: "i1" }, { status: 201 }));
    const api = bulkApi(client, "academy");
    await api.createImport(file(), "DELETE", "EMAIL");
    const form = calls[0].init.body as FormData;
    expect(calls[0].url).toBe(
      "https://kc.example.org/admin/realms/academy/bulk-users/imports",
    );
    expect(calls[0].init.method).toBe("POST");
    expect(form.get("action")).toBe("DELETE");
    expect(form.get("matchBy")).toBe("EMAIL");
    expect(form.get("includeHidden")).toBe("false");
    expect((form.get("file") as File).name).toBe("leavers.csv");
    expect(
      (calls[0].init.headers as Record<string, string>).Authorization,
    ).toBe("Bearer token-1");
  });

  it("sends includeHidden=true when the admin ticked it", async () => {
    const calls = stubFetch(() => Response.json({ id: "i2" }, { status: 201 }));
    const created = await bulkApi(client, "academy").createImport(
      file(),
      "DEACTIVATE",
      "USERNAME",
      true,
    );
    expect(created.id).toBe("i2");
    expect((calls[0].init.body as FormData).get("includeHidden")).toBe("true");
  });
});

describe("downloadReport", () => {
  it("rejects with the server's 410 bulk.report-expired, which the console translates", async () => {
    const calls = stubFetch(() =>
      Response.json(
        {
          error: "bulk.report-expired",
          errorDescription: "The report was erased.",
        },
        { status: 410 },
      ),
    );
    const error = await bulkApi(client, "academy")
      .downloadReport("abc", "xlsx")
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(calls[0].url).toBe(
      "https://kc.example.org/admin/realms/academy/bulk-users/imports/abc/report?format=xlsx",
    );
    expect(errorStatus(error)).toBe(410);
    const t = (key: string, options?: { defaultValue?: string }) =>
      key === "bulk.report-expired"
        ? "Rapport gewist."
        : (options?.defaultValue ?? key);
    expect(errorText(t, error)).toBe("Rapport gewist.");
  });
});

const BASE = "https://kc.example.org/admin/realms/academy/bulk-users";
const headersOf = (init: RequestInit) => init.headers as Record<string, string>;

describe("the restore window's calls", () => {
  it("commit sends a DELETE's window as JSON", async () => {
    const calls = stubFetch(() => new Response(null, { status: 202 }));
    const api = bulkApi(client, "academy");
    await api.commit("imp/1", "P14D");
    await api.commit("imp-2", "PT0S");
    expect(calls[0].url).toBe(`${BASE}/imports/imp%2F1/commit`);
    expect(calls[0].init.method).toBe("POST");
    expect(JSON.parse(calls[0].init.body as string)).toEqual({
      deleteAfter: "P14D",
    });
    expect(headersOf(calls[0].init)["Content-Type"]).toBe("application/json");
    expect(headersOf(calls[0].init).Authorization).toBe("Bearer token-1");
    expect(JSON.parse(calls[1].init.body as string)).toEqual({
      deleteAfter: "PT0S",
    });
  });

  it("commit of another action sends no body", async () => {
    const calls = stubFetch(() => new Response(null, { status: 202 }));
    await bulkApi(client, "academy").commit("i3");
    expect(calls[0].url).toBe(`${BASE}/imports/i3/commit`);
    expect(calls[0].init.body).toBeUndefined();
    expect(headersOf(calls[0].init)["Content-Type"]).toBeUndefined();
  });

  it("reads the server's default window", async () => {
    const calls = stubFetch(() => Response.json({ restoreWindow: "P30D" }));
    const settings = await bulkApi(client, "academy").getSettings();
    expect(calls[0].url).toBe(`${BASE}/settings`);
    expect(settings).toEqual({ restoreWindow: "P30D" });
  });

  it("asks for a restore of all pending users without a body, of some with their ids: 202 is the restore", async () => {
    const accepted = {
      id: "r1",
      importId: "i4",
      requestedAt: "2026-12-06T14:00:00Z",
      requestedBy: "admin",
      asked: 20000,
      remaining: 19000,
      restored: 1000,
      notPending: 0,
      notAllowed: 0,
      done: false,
    };
    const calls = stubFetch(() =>
      Response.json(accepted, {
        status: 202,
        headers: {
          Location: `${BASE}/imports/i4/restores/r1`,
        },
      }),
    );
    const api = bulkApi(client, "academy");
    const all = await api.restore("i4");
    await api.restore("imp 1", ["u1"]);
    expect(calls[0].url).toBe(`${BASE}/imports/i4/restore`);
    expect(calls[0].init.method).toBe("POST");
    expect(calls[0].init.body).toBeUndefined();
    expect(all).toEqual(accepted);
    expect(calls[1].url).toBe(`${BASE}/imports/imp%201/restore`);
    expect(headersOf(calls[1].init)["Content-Type"]).toBe("application/json");
    expect(JSON.parse(calls[1].init.body as string)).toEqual({
      userIds: ["u1"],
    });
  });

  it("reads one restore where the 202's Location points", async () => {
    const current = {
      id: "r/2",
      importId: "i4",
      asked: 3,
      remaining: 0,
      restored: 2,
      notPending: 1,
      notAllowed: 0,
      done: true,
    };
    const calls = stubFetch(() => Response.json(current));
    const read = await bulkApi(client, "academy").getRestore("i4", "r/2");
    expect(calls[0].url).toBe(`${BASE}/imports/i4/restores/r%2F2`);
    expect(calls[0].init.method).toBeUndefined();
    expect(headersOf(calls[0].init).Authorization).toBe("Bearer token-1");
    expect(read).toEqual(current);
  });

  it("rejects a restore of an import that is not scheduled with the server's 409", async () => {
    stubFetch(() =>
      Response.json(
        { error: "bulk.import-not-scheduled", errorDescription: "No." },
        { status: 409 },
      ),
    );
    const error = await bulkApi(client, "academy")
      .restore("i9")
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(errorStatus(error)).toBe(409);
    const t = (key: string, options?: { defaultValue?: string }) =>
      key === "bulk.import-not-scheduled"
        ? "Niet ingepland."
        : (options?.defaultValue ?? key);
    expect(errorText(t, error)).toBe("Niet ingepland.");
  });

  it("reads an import with the sum of its restores", async () => {
    const restore = {
      asked: 20000,
      remaining: 500,
      restored: 19500,
      notPending: 0,
      notAllowed: 0,
      done: false,
    };
    stubFetch(() => Response.json({ id: "i4", status: "SCHEDULED", restore }));
    const imp = await bulkApi(client, "academy").getImport("i4");
    expect(imp.restore).toEqual(restore);
  });

  it("deletes now", async () => {
    const calls = stubFetch(() =>
      Response.json({ deleting: 12, notAllowed: 0 }, { status: 202 }),
    );
    const result = await bulkApi(client, "academy").deleteNow("i5");
    expect(calls[0].url).toBe(`${BASE}/imports/i5/delete-now`);
    expect(calls[0].init.method).toBe("POST");
    expect(calls[0].init.body).toBeUndefined();
    expect(result).toEqual({ deleting: 12, notAllowed: 0 });
  });

  it("pages, searches and filters the scheduled users, with the total of X-Total-Count", async () => {
    const user = {
      userId: "u1",
      username: "alice",
      action: "DEACTIVATE",
      kind: "DATED",
      dueAt: "2027-01-31T23:00:00Z",
      importId: "i6",
    };
    const calls = stubFetch(() =>
      Response.json([user], { headers: { "X-Total-Count": "41" } }),
    );
    const api = bulkApi(client, "academy");
    const page = await api.listScheduled(20, 20, {
      search: " Alice ",
      action: "DEACTIVATE",
    });
    await api.listScheduled(0, 10);
    await api.listScheduled(0, 50, { userId: "u 1" });
    expect(calls[0].url).toBe(
      `${BASE}/scheduled?first=20&max=20&search=Alice&action=DEACTIVATE`,
    );
    expect(calls[1].url).toBe(`${BASE}/scheduled?first=0&max=10`);
    expect(calls[2].url).toBe(`${BASE}/scheduled?first=0&max=50&userId=u+1`);
    expect(page).toEqual({ users: [user], total: 41 });
  });

  it("counts what it read when X-Total-Count is missing", async () => {
    stubFetch(() => Response.json([{ userId: "u1", importId: "i" }]));
    const page = await bulkApi(client, "academy").listScheduled(40, 20);
    expect(page.total).toBe(41);
  });

  it("cancels a user's scheduled action, or carries it out now, naming the action", async () => {
    const calls = stubFetch(() => new Response(null, { status: 200 }));
    const api = bulkApi(client, "academy");
    await api.cancelScheduled("u/1", "DEACTIVATE");
    await api.scheduledNow("u2", "REACTIVATE");
    expect(calls[0].url).toBe(`${BASE}/scheduled/u%2F1/cancel`);
    expect(calls[0].init.method).toBe("POST");
    expect(JSON.parse(calls[0].init.body as string)).toEqual({
      action: "DEACTIVATE",
    });
    expect(headersOf(calls[0].init)["Content-Type"]).toBe("application/json");
    expect(calls[1].url).toBe(`${BASE}/scheduled/u2/now`);
    expect(JSON.parse(calls[1].init.body as string)).toEqual({
      action: "REACTIVATE",
    });
  });

  it("deactivates an import's waiting users now, all or the given ones", async () => {
    const calls = stubFetch(() => new Response(null, { status: 202 }));
    const api = bulkApi(client, "academy");
    await api.deactivateNow("i9");
    await api.deactivateNow("i9", ["u1"]);
    expect(calls[0].url).toBe(`${BASE}/imports/i9/deactivate-now`);
    expect(calls[0].init.method).toBe("POST");
    expect(calls[0].init.body).toBeUndefined();
    expect(JSON.parse(calls[1].init.body as string)).toEqual({
      userIds: ["u1"],
    });
  });

  it("downloads the academy data of an import as xlsx, with the server's file name", async () => {
    const calls = stubFetch(
      () =>
        new Response("xlsx-bytes", {
          headers: {
            "Content-Disposition":
              'attachment; filename="academy-data-i7.xlsx"',
          },
        }),
    );
    const saved: string[] = [];
    vi.stubGlobal("URL", {
      createObjectURL: () => "blob:x",
      revokeObjectURL: () => undefined,
    });
    vi.stubGlobal("document", {
      createElement: () => {
        const a = {
          href: "",
          download: "",
          click: () => saved.push(a.download),
          remove: () => undefined,
        };
        return a;
      },
      body: { appendChild: () => undefined },
    });
    await bulkApi(client, "academy").downloadAcademyData("i7", "xlsx");
    expect(calls[0].url).toBe(`${BASE}/imports/i7/academy-data?format=xlsx`);
    expect(headersOf(calls[0].init).Authorization).toBe("Bearer token-1");
    expect(saved).toEqual(["academy-data-i7.xlsx"]);
  });

  it("rejects with the server's 409 for a download that is not a delete", async () => {
    stubFetch(() =>
      Response.json(
        { error: "bulk.academy-data-not-delete", errorDescription: "No." },
        { status: 409 },
      ),
    );
    const error = await bulkApi(client, "academy")
      .downloadAcademyData("i8", "xlsx")
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(errorStatus(error)).toBe(409);
    const t = (key: string, options?: { defaultValue?: string }) =>
      key === "bulk.academy-data-not-delete"
        ? "Alleen een verwijderimport."
        : (options?.defaultValue ?? key);
    expect(errorText(t, error)).toBe("Alleen een verwijderimport.");
  });
});
