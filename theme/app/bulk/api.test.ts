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
