// The user list's sentences in both bundles, rendered as the console's i18next renders them.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInstance } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { academyCounts } from "../academyCounts";
import { ACTIONS } from "../bulk/types";
import {
  dialogTitle,
  previewSentences,
  resultAlert,
  type Sentence,
  sentenceText,
} from "./logic";

const BUNDLES = join(
  import.meta.dirname,
  "../..",
  "src/main/resources/theme/academy-admin/admin/messages",
);

function bundle(lang: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const raw of readFileSync(
    join(BUNDLES, `messages_${lang}.properties`),
    "utf8",
  ).split(/\r?\n/)) {
    const line = raw.trimStart();
    if (line === "" || line.startsWith("#")) continue;
    const at = line.indexOf("=");
    entries[line.slice(0, at).trim()] = line
      .slice(at + 1)
      .replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      );
  }
  return entries;
}

const en = bundle("en");
const nl = bundle("nl");
const has = (b: Record<string, string>, key: string) =>
  key in b || (`${key}_one` in b && `${key}_other` in b);

describe("the user list's messages", () => {
  it("are in English and Dutch alike", () => {
    const ours = (b: Record<string, string>) =>
      Object.keys(b)
        .filter((k) => k.startsWith("userList."))
        .sort();
    expect(ours(en).length).toBeGreaterThan(40);
    expect(ours(nl)).toEqual(ours(en));
  });

  it("have every key the code names or builds", () => {
    const named = new Set<string>();
    const dir = import.meta.dirname;
    for (const f of readdirSync(join(dir, ".."), { recursive: true })) {
      const path = join(dir, "..", String(f));
      if (!/\.tsx?$/.test(path) || /\.test\.tsx?$/.test(path)) continue;
      for (const [, key] of readFileSync(path, "utf8").matchAll(
        /["`](userList\.[A-Za-z0-9._-]*[A-Za-z0-9])["`]/g,
      )) {
        named.add(key);
      }
    }
    for (const action of ACTIONS) {
      named.add(`userList.title.${action}.one`);
      named.add(`userList.title.${action}`);
      named.add(`userList.unchanged.${action}`);
      if (action !== "DELETE") {
        named.add(`userList.impact.${action}`);
        named.add(`userList.confirm.${action}`);
      }
    }
    for (const r of ["scheduled", "deleted", "deactivated", "reactivated"]) {
      named.add(`userList.result.${r}`);
      named.add(`userList.result.${r}.partly`);
    }
    for (const b of [en, nl]) {
      expect([...named].filter((k) => !has(b, k)).sort()).toEqual([]);
    }
  });
});

describe("the user list's sentences as rendered", () => {
  const i18n = createInstance({
    fallbackLng: "en",
    keySeparator: ".",
    nsSeparator: false,
    interpolation: { escapeValue: false },
    resources: { en: { translation: en }, nl: { translation: nl } },
  });
  beforeAll(() => i18n.init());
  // As the dialog renders them.
  const render = (lng: string, s: Sentence) =>
    sentenceText(i18n.getFixedT(lng), s);

  it("names one user and counts several", () => {
    expect(
      render("en", dialogTitle("DELETE", [{ id: "1", username: "ann" }])),
    ).toBe("Delete ann?");
    expect(
      render("nl", dialogTitle("DEACTIVATE", [{ id: "1" }, { id: "2" }])),
    ).toBe("2 gebruikers deactiveren?");
  });

  it("promises the date of a windowed delete and counts the data", () => {
    const [what, data] = previewSentences(
      "DELETE",
      { summary: { toProcess: 1, learningRecords: 2, certificates: 1 } },
      "window",
      "5 January 2027",
    );
    expect(render("en", what)).toBe(
      "1 user will be deactivated now and deleted for good on 5 January 2027 unless you restore them.",
    );
    expect(render("en", data)).toBe(
      "Their 2 learning records and 1 certificate are kept until then; they are deleted with the user. Until then the user is listed under Pending deletion, where you can restore them.",
    );
    expect(
      i18n.getFixedT("en")("bulk.check.dueDate", { date: "5 January 2027" }),
    ).toBe("Deleted for good on 5 January 2027 unless you restore them.");
  });

  it("counts the learning data of 0, 1 and many with the right plurals", () => {
    const data = (
      lng: string,
      mode: "window" | "now",
      toProcess: number,
      learningRecords: number,
      certificates: number,
    ) =>
      render(
        lng,
        previewSentences(
          "DELETE",
          { summary: { toProcess, learningRecords, certificates } },
          mode,
          "5 January 2027",
        )[1],
      );
    expect(data("en", "window", 1, 1, 1)).toMatch(
      /^Their 1 learning record and 1 certificate are kept until then; they are deleted with the user\. Until then the user is listed/,
    );
    expect(data("en", "window", 3, 0, 6)).toMatch(
      /^Their 0 learning records and 6 certificates are kept until then; they are deleted with the users\. Until then the users are listed/,
    );
    expect(data("en", "now", 2, 6, 1)).toBe(
      "With them, 6 learning records and 1 certificate are deleted.",
    );
    expect(data("en", "now", 1, 1, 0)).toBe(
      "With them, 1 learning record and 0 certificates are deleted.",
    );
    expect(data("nl", "window", 1, 1, 1)).toMatch(
      /^De 1 leerresultaat en 1 certificaat van deze gebruiker blijven tot dan bewaard; ze worden met de gebruiker verwijderd\. Tot dan staat de gebruiker/,
    );
    expect(data("nl", "window", 2, 6, 0)).toMatch(
      /^Hun 6 leerresultaten en 0 certificaten blijven tot dan bewaard; ze worden met de gebruikers verwijderd\./,
    );
    expect(data("nl", "now", 1, 2, 1)).toBe(
      "Met deze gebruiker worden 2 leerresultaten en 1 certificaat verwijderd.",
    );
    expect(data("nl", "now", 4, 1, 3)).toBe(
      "Met hen worden 1 leerresultaat en 3 certificaten verwijderd.",
    );
    for (const lng of ["en", "nl"]) {
      for (const mode of ["window", "now"] as const) {
        expect(data(lng, mode, 1, 1, 1)).not.toMatch(
          /\b1 (learning records|certificates|leerresultaten|certificaten)\b/,
        );
      }
    }
  });

  it("counts the learning data in the download's help and the users in the progress", () => {
    const t = (lng: string) => i18n.getFixedT(lng);
    expect(
      t("en")(
        "userList.academyData.help",
        academyCounts(t("en"), { learningRecords: 1, certificates: 1 }),
      ),
    ).toBe(
      "A spreadsheet of their 1 learning record and 1 certificate, to keep before you delete them.",
    );
    expect(
      t("nl")(
        "userList.academyData.help",
        academyCounts(t("nl"), { learningRecords: 5, certificates: 1 }),
      ),
    ).toBe(
      "Een spreadsheet met hun 5 leerresultaten en 1 certificaat, om te bewaren voordat u ze verwijdert.",
    );
    expect(t("en")("userList.progress", { processed: 0, count: 1 })).toBe(
      "0 of 1 user processed",
    );
    expect(t("en")("userList.progress", { processed: 2, count: 3 })).toBe(
      "2 of 3 users processed",
    );
    expect(t("nl")("userList.progress", { processed: 1, count: 1 })).toBe(
      "1 van 1 gebruiker verwerkt",
    );
  });

  it("says a delete now cannot be undone", () => {
    const [what] = previewSentences(
      "DELETE",
      { summary: { toProcess: 3 } },
      "now",
      undefined,
    );
    expect(render("en", what)).toBe(
      "3 users will be deleted at once. This cannot be undone.",
    );
    expect(render("nl", what)).toBe(
      "3 gebruikers worden meteen verwijderd. Dit kan niet ongedaan worden gemaakt.",
    );
  });

  it("reports what was done and what was not", () => {
    expect(
      render(
        "en",
        resultAlert(
          {
            action: "DEACTIVATE",
            status: "COMPLETED",
            outcomes: { DEACTIVATED: 2, SKIPPED: 1 },
          },
          "en",
        ),
      ),
    ).toBe("2 users deactivated. 1 not changed: see Bulk imports.");
  });
});
