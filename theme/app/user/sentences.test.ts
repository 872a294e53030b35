// The Learning tab's and the banner's sentences as the console's i18next renders them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInstance } from "i18next";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { Trans } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { academyCounts } from "../academyCounts";
import { deleteImpact } from "./logic";

const BUNDLES = join(
  import.meta.dirname,
  "../..",
  "src/main/resources/theme/academy-admin/admin/messages",
);

/** The academy.* entries of a bundle (plain key=value lines; messages.test.ts checks the rest). */
const academyEntries = (lang: string) =>
  Object.fromEntries(
    readFileSync(join(BUNDLES, `messages_${lang}.properties`), "utf8")
      .split(/\r?\n/)
      .filter((line) => line.startsWith("academy."))
      .map((line) => {
        const at = line.indexOf("=");
        return [line.slice(0, at), line.slice(at + 1)];
      }),
  );

const i18n = createInstance({
  fallbackLng: "en",
  keySeparator: ".",
  nsSeparator: false,
  interpolation: { escapeValue: false },
  defaultNS: "academy",
  ns: ["academy"],
  resources: {
    en: { academy: academyEntries("en") },
    nl: { academy: academyEntries("nl") },
  },
});
beforeAll(() => i18n.init());

/** The sentence of LearningTab for these counts. */
function impact(lang: string, learningRecords: number, certificates: number) {
  const t = i18n.getFixedT(lang);
  const d = deleteImpact({ learningRecords, certificates });
  return t(d.key, academyCounts(t, { learningRecords, certificates }));
}

describe("what deleting a user removes", () => {
  it("counts with the right plurals, in English and Dutch", () => {
    expect(impact("en", 12, 3)).toBe(
      "Deleting this user removes 12 learning records and 3 certificates.",
    );
    expect(impact("en", 1, 1)).toBe(
      "Deleting this user removes 1 learning record and 1 certificate.",
    );
    expect(impact("nl", 12, 3)).toBe(
      "Als u deze gebruiker verwijdert, worden 12 leerresultaten en 3 certificaten verwijderd.",
    );
    expect(impact("nl", 1, 0)).toBe(
      "Als u deze gebruiker verwijdert, worden 1 leerresultaat en 0 certificaten verwijderd.",
    );
    expect(impact("en", 0, 0)).toMatch(/no learning records or certificates/);
  });

  it("names the due date and the import in the banner", () => {
    expect(
      i18n.getFixedT("en")("academy.pending.banner", {
        date: "Jan 1, 2027",
        name: "leavers.xlsx",
      }),
    ).toBe(
      "This user is deactivated and will be deleted for good on Jan 1, 2027 (import <importLink>leavers.xlsx</importLink>).",
    );
    expect(
      i18n.getFixedT("nl")("academy.pending.banner", {
        date: "1 jan 2027",
        name: "x",
      }),
    ).toContain("wordt op 1 jan 2027 definitief verwijderd");
  });

  it("turns the banner's <link> into the link to the import, as the banner renders it", () => {
    const markup = (lang: string) =>
      renderToStaticMarkup(
        createElement(Trans, {
          i18n,
          t: i18n.getFixedT(lang),
          i18nKey: "academy.pending.banner",
          values: { date: "Jan 1, 2027", name: "leavers.xlsx" },
          components: {
            importLink: createElement("a", { href: "#/r/import" }),
          },
        }),
      );
    expect(markup("en")).toBe(
      'This user is deactivated and will be deleted for good on Jan 1, 2027 (import <a href="#/r/import">leavers.xlsx</a>).',
    );
    expect(markup("nl")).toContain(
      '(import <a href="#/r/import">leavers.xlsx</a>)',
    );
  });
});
