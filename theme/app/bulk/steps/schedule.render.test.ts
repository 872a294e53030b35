// The check step's calendar and a row's moved schedule as the console renders them, in English and
// Dutch, with the bundles as the server serves them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInstance, type i18n as I18n } from "i18next";
import { createElement as h, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, Trans, initReactI18next } from "react-i18next";
import { MemoryRouter } from "react-router-dom";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bannerSentences } from "../schedule";
import type { ImportRow } from "../types";
import { CalendarTable } from "./CalendarTable";
import { RowDue, RowMove } from "./RowSchedule";

const BUNDLES = join(
  import.meta.dirname,
  "../../..",
  "src/main/resources/theme/academy-admin/admin/messages",
);
const AMS = "Europe/Amsterdam";

/** key=value lines with \uXXXX escapes (messages.test.ts checks the files themselves). */
const bundle = (lang: string) =>
  Object.fromEntries(
    readFileSync(join(BUNDLES, `messages_${lang}.properties`), "utf8")
      .split(/\r?\n/)
      .filter((line) => /^[a-zA-Z]/.test(line))
      .map((line) => {
        const at = line.indexOf("=");
        return [
          line.slice(0, at),
          line
            .slice(at + 1)
            .replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) =>
              String.fromCharCode(parseInt(hex, 16)),
            ),
        ];
      }),
  );

const instances: Record<string, I18n> = {};
// React's server renderer warns of the router's layout effects, which a string never needs.
const consoleError = console.error;
afterAll(() => vi.restoreAllMocks());
beforeAll(async () => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    if (
      !String(args[0]).includes("useLayoutEffect does nothing on the server")
    ) {
      consoleError(...args);
    }
  });
  for (const lng of ["en-GB", "nl"]) {
    const i18n = createInstance({
      lng,
      fallbackLng: "en",
      keySeparator: ".",
      nsSeparator: false,
      interpolation: { escapeValue: false },
      defaultNS: "academy",
      ns: ["academy"],
      resources: {
        en: { academy: bundle("en") },
        nl: { academy: bundle("nl") },
      },
    });
    i18n.use(initReactI18next);
    await i18n.init();
    instances[lng] = i18n;
  }
});

const render = (lng: string, node: ReactElement) =>
  renderToStaticMarkup(
    h(I18nextProvider, { i18n: instances[lng] }, h(MemoryRouter, null, node)),
  );
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

const calendar = {
  action: "DEACTIVATE" as const,
  calendar: [
    {
      date: "2027-03-31",
      action: "REACTIVATE" as const,
      dueAt: "2027-03-31T22:00:00Z",
      users: 2,
    },
    {
      date: "2027-01-31",
      action: "DEACTIVATE" as const,
      dueAt: "2027-01-31T23:00:00Z",
      users: 12,
    },
  ],
};

describe("CalendarTable", () => {
  it("lists each date with what happens, when, and for how many users", () => {
    const html = render(
      "en-GB",
      h(CalendarTable, { imp: calendar, timeZone: AMS }),
    );
    expect(text(html)).toBe(
      "Date What Due Users " +
        "31 January 2027 Deactivation 1 February 2027 at 00:00 12 " +
        "31 March 2027 Return from leave 1 April 2027 at 00:00 2",
    );
    expect(html).toContain('data-testid="bulk-calendar-2027-03-31-RETURN"');
  });

  it("speaks Dutch", () => {
    const html = render(
      "nl",
      h(CalendarTable, { imp: calendar, timeZone: AMS }),
    );
    expect(text(html)).toContain(
      "31 januari 2027 Deactivering 1 februari 2027 om 00:00 12",
    );
    expect(text(html)).toContain("Terugkeer van verlof");
  });

  it("shows nothing for an import without dates", () => {
    expect(
      render(
        "en-GB",
        h(CalendarTable, { imp: { action: "DELETE", calendar: [] } }),
      ),
    ).toBe("");
  });
});

describe("a row's schedule", () => {
  const row: ImportRow = {
    rowNumber: 3,
    identifier: "a@example.org",
    status: "MATCHED",
    dueAt: "2027-02-28T23:00:00Z",
    untilAt: "2027-03-31T22:00:00Z",
    replacesImportId: "imp-1",
    replacesDueAt: "2027-01-31T23:00:00Z",
  };

  it("gives the due time and the return", () => {
    expect(text(render("en-GB", h(RowDue, { row, timeZone: AMS })))).toBe(
      "1 March 2027 at 00:00 Return: 1 April 2027 at 00:00",
    );
    expect(
      text(
        render(
          "nl",
          h(RowDue, {
            row: { rowNumber: 1, status: "MATCHED" },
            timeZone: AMS,
          }),
        ),
      ),
    ).toBe("Bij de start");
  });

  it("names the import whose schedule it moves, with a link, and the old and the new date", () => {
    const html = render(
      "en-GB",
      h(RowMove, {
        row,
        realm: "academy",
        importName: "march.xlsx",
        timeZone: AMS,
      }),
    );
    expect(text(html)).toBe(
      "Moves the schedule of import march.xlsx from 1 February 2027 at 00:00 to 1 March 2027 at 00:00.",
    );
    expect(html).toContain('href="/academy/users/import?id=imp-1"');
    expect(
      text(render("nl", h(RowMove, { row, realm: "academy", timeZone: AMS }))),
    ).toBe(
      "Verplaatst de planning van import imp-1 van 1 februari 2027 om 00:00 naar 1 maart 2027 om 00:00.",
    );
  });

  it("says nothing for a row that moves nothing", () => {
    expect(
      render(
        "en-GB",
        h(RowMove, { row: { rowNumber: 1, status: "MATCHED" }, realm: "r" }),
      ),
    ).toBe("");
  });
});

describe("the user page's banner sentences", () => {
  const sentence = (lng: string) => {
    const [s] = bannerSentences(
      [
        {
          userId: "u1",
          action: "DEACTIVATE",
          kind: "DATED",
          dueAt: "2027-01-31T23:00:00Z",
          untilAt: "2027-03-31T22:00:00Z",
          importId: "imp-1",
        },
      ],
      lng,
      AMS,
    );
    return text(
      render(
        lng,
        h(Trans, {
          i18nKey: s.key,
          values: { ...s.values, name: "leave.xlsx" },
          components: { importLink: h("a", { href: "#" }) },
        }),
      ),
    );
  };

  it("say the deactivation and the return, with the import", () => {
    expect(sentence("en-GB")).toBe(
      "Deactivation scheduled for 1 February 2027 at 00:00 (return on 1 April 2027 at 00:00); import leave.xlsx .",
    );
    expect(sentence("nl")).toBe(
      "Deactivering ingepland op 1 februari 2027 om 00:00 (terug op 1 april 2027 om 00:00); import leave.xlsx .",
    );
  });
});
