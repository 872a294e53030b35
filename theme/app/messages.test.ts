// The theme's message bundles: the same keys in every language, every row message key of the
// server's catalogue, and the plural sentences as i18next (the console's own) renders them.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInstance } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { academyCounts } from "./academyCounts";
import { rowMessageText } from "./bulk/logic";
import { OUTCOMES, type ImportStatus, type RowStatus } from "./bulk/types";

const BUNDLES = join(
  import.meta.dirname,
  "..",
  "src/main/resources/theme/academy-admin/admin/messages",
);
const ROW_MESSAGE = join(
  import.meta.dirname,
  "../../provider/src/main/java/io/github/academyoffboarding/bulk/RowMessage.java",
);
const SERVER_SOURCES = join(
  import.meta.dirname,
  "../../provider/src/main/java",
);
const STATUSES: RowStatus[] = [
  "MATCHED",
  "NOT_FOUND",
  "DUPLICATE",
  "INVALID",
  "PROTECTED",
  "UNCHANGED",
  "HIDDEN",
  "AMBIGUOUS",
];

/** A .properties file as Java reads the simple ones we write: key=value, # comments, \uXXXX. */
function parseProperties(text: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].trimStart();
    if (line === "" || line.startsWith("#") || line.startsWith("!")) continue;
    while (line.endsWith("\\") && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i].trimStart();
    }
    const at = line.search(/[=:]/);
    const key = line.slice(0, at).trim();
    const value = line
      .slice(at + 1)
      .trimStart()
      .replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      );
    expect(entries, `${key} appears once`).not.toHaveProperty([key]);
    entries[key] = value;
  }
  return entries;
}

const bundle = (lang: string) =>
  parseProperties(
    readFileSync(join(BUNDLES, `messages_${lang}.properties`), "utf8"),
  );

/** The server's catalogue of row messages: key and English text (MessageFormat, '' = '). */
function rowMessages(): { keys: number; entries: [string, string][] } {
  const java = readFileSync(ROW_MESSAGE, "utf8");
  const found = [
    ...java.matchAll(
      /\(\s*"(bulk\.[a-z.-]+)",\s*((?:"(?:[^"\\]|\\.)*"\s*\+?\s*)+)\)/g,
    ),
  ].map(
    ([, key, literals]) =>
      [
        key,
        [...literals.matchAll(/"((?:[^"\\]|\\.)*)"/g)]
          .map(([, part]) => part)
          .join("")
          .replace(/''/g, "'"),
      ] as [string, string],
  );
  return { keys: java.match(/"bulk\./g)?.length ?? 0, entries: found };
}

// {{name}}, {{name, format}} (i18next's formatting, e.g. number) and {0}.
const placeholders = (text: string) =>
  [...text.matchAll(/\{\{?\s*([\w.]+)(?:\s*,\s*\w+)?\s*\}?\}/g)]
    .map(([m]) => m)
    .sort();

describe("message bundles", () => {
  const languages = readdirSync(BUNDLES)
    .map((f) => /^messages_(\w+)\.properties$/.exec(f)?.[1])
    .filter((l): l is string => !!l);
  const en = bundle("en");

  it("exist in English and Dutch", () => {
    expect(languages.sort()).toEqual(["en", "nl"]);
  });

  it.each(languages.filter((l) => l !== "en"))(
    "%s has exactly the English keys, with the same placeholders",
    (lang) => {
      const other = bundle(lang);
      expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
      for (const [key, value] of Object.entries(en)) {
        expect(placeholders(other[key]), key).toEqual(placeholders(value));
        expect(other[key].trim(), key).not.toBe("");
      }
    },
  );

  it("know every row message key of the server, in the server's English", () => {
    const { keys, entries } = rowMessages();
    // The parse of RowMessage.java read every key it names (26 in 1.1.0; more may come).
    expect(entries.length).toBeGreaterThanOrEqual(26);
    expect(entries.length).toBe(keys);
    expect(entries.map(([key]) => key)).toContain("bulk.row.hidden");
    for (const [key, english] of entries) {
      expect(en[key], key).toBe(english);
    }
  });

  it("know every bulk.* key the server's sources name (error keys, row messages)", () => {
    const keys = new Set<string>();
    for (const f of readdirSync(SERVER_SOURCES, { recursive: true })) {
      const path = join(SERVER_SOURCES, String(f));
      if (!path.endsWith(".java")) continue;
      for (const [, key] of readFileSync(path, "utf8").matchAll(
        /"(bulk\.[a-z][a-z.-]*[a-z])"/g,
      )) {
        keys.add(key);
      }
    }
    expect(keys.size).toBeGreaterThan(40);
    expect([...keys].filter((k) => !(k in en)).sort()).toEqual([]);
  });

  it("put no number before a plural noun but through a plural form", () => {
    // "{{learningRecords}} learning records" reads "1 learning records": a count goes through
    // {{count}} and its _one/_other forms, or is formatted on its own (academyCounts).
    const NOUNS =
      /\{\{(\w+)\}\}\s+(?:\w+\s+)?(learning records?|certificates?|users?|rows?|leerresultat(?:en)?|certificat(?:en)?|certificaat|gebruikers?|rij(?:en)?)\b/g;
    for (const lang of languages) {
      const found = Object.entries(bundle(lang)).flatMap(([key, value]) =>
        [...value.matchAll(NOUNS)]
          .filter(
            ([, name]) => name !== "count" || !/_(one|other)$/.test(key), // {{count}} without plural forms
          )
          .map(([m]) => `${lang} ${key}: ${m}`),
      );
      expect(found).toEqual([]);
    }
  });

  it("have a label and a help for every row status and outcome", () => {
    for (const status of STATUSES) {
      expect(en).toHaveProperty([`bulk.rowStatus.${status}`]);
      expect(en).toHaveProperty([`bulk.rowStatus.${status}.help`]);
    }
    for (const outcome of OUTCOMES) {
      expect(en).toHaveProperty([`bulk.rowOutcome.${outcome}`]);
    }
    for (const outcome of ["SKIPPED", "GONE", "FAILED", "KEPT"]) {
      expect(en).toHaveProperty([`bulk.rowOutcome.${outcome}.help`]);
    }
    const importStatuses: ImportStatus[] = [
      "PREVIEW",
      "RUNNING",
      "SCHEDULED",
      "COMPLETED",
      "FAILED",
      "CANCELLED",
      "EXPIRED",
    ];
    for (const status of importStatuses) {
      expect(en).toHaveProperty([`bulk.status.${status}`]);
    }
  });

  it("know every bulk.* key the console's code names, as a key or with its plural forms", () => {
    const APP = import.meta.dirname;
    const has = (key: string) =>
      key in en || (`${key}_one` in en && `${key}_other` in en);
    const named = new Set<string>();
    for (const f of readdirSync(APP, { recursive: true })) {
      const path = join(APP, String(f));
      if (!/\.tsx?$/.test(path) || /\.test\.tsx?$/.test(path)) continue;
      for (const [, key] of readFileSync(path, "utf8").matchAll(
        /["`](bulk\.[A-Za-z0-9._-]*[A-Za-z0-9])["`]/g,
      )) {
        named.add(key);
      }
    }
    expect(named.size).toBeGreaterThan(100);
    expect([...named].filter((k) => !has(k)).sort()).toEqual([]);
    // Keys the code puts together from parts.
    for (const kind of ["restore", "deleteNow"]) {
      for (const part of ["title", "body", "confirm"]) {
        expect(has(`bulk.imports.${kind}.${part}`), `${kind}.${part}`).toBe(
          true,
        );
      }
    }
    for (const key of [
      "bulk.restore.done",
      "bulk.restore.notPending",
      "bulk.restore.notAllowed",
      "bulk.restore.failed",
    ]) {
      expect(has(key) && `${key}.user` in en, key).toBe(true);
    }
    expect(has("bulk.wizard.start.DELETE_LATER")).toBe(true);
  });
});

describe("dated offboarding's keys (issue 20)", () => {
  const en = bundle("en");
  const has = (key: string) =>
    key in en || (`${key}_one` in en && `${key}_other` in en);
  const WHATS = ["deactivation", "deletion", "reactivation", "return"];

  it("have a title, a body and a notice for Cancel and Do it now of every kind of entry", () => {
    for (const choice of ["cancel", "now"]) {
      for (const part of ["title", "body", "done"]) {
        for (const what of WHATS) {
          expect(
            has(`bulk.scheduled.${choice}.${part}.${what}`),
            `${choice}.${part}.${what}`,
          ).toBe(true);
        }
      }
      for (const part of ["button", "of", "confirm"]) {
        expect(has(`bulk.scheduled.${choice}.${part}`)).toBe(true);
      }
    }
    for (const choice of ["deactivateNow", "deleteNow"]) {
      for (const part of ["button", "of"]) {
        expect(has(`bulk.scheduled.${choice}.${part}`)).toBe(true);
      }
    }
    // The Bulk imports tab's buttons for an import's waiting users.
    for (const kind of ["deactivateNow", "cancelWaiting"]) {
      expect(has(`bulk.imports.${kind}`) && has(`bulk.imports.${kind}Of`)).toBe(
        true,
      );
      for (const part of ["title", "body", "confirm", "done"]) {
        expect(has(`bulk.imports.${kind}.${part}`), `${kind}.${part}`).toBe(
          true,
        );
      }
    }
  });

  it("name every kind, action and calendar day", () => {
    for (const what of [...WHATS, "pendingDeletion"]) {
      expect(has(`bulk.scheduled.what.${what}`), what).toBe(true);
    }
    for (const kind of ["DATED", "RETURN", "PENDING_DELETION"]) {
      expect(has(`bulk.scheduled.kind.${kind}`), kind).toBe(true);
    }
    for (const f of ["ALL", "DEACTIVATE", "REACTIVATE", "DELETE"]) {
      expect(has(`bulk.scheduled.filter.${f}`), f).toBe(true);
    }
    for (const day of ["DEACTIVATE", "DELETE", "REACTIVATE", "RETURN"]) {
      expect(has(`bulk.calendar.action.${day}`), day).toBe(true);
    }
    for (const key of [
      "deactivation",
      "deactivationUntil",
      "deletion",
      "deletionOn",
      "reactivation",
      "return",
    ]) {
      expect(en[`academy.scheduled.${key}`], key).toMatch(
        /<importLink>\{\{name\}\}<\/importLink>/,
      );
    }
  });

  it("know the new server keys, and the template names its date columns", () => {
    for (const key of [
      "bulk.row.invalid-date",
      "bulk.row.until-before-date",
      "bulk.row.until-not-allowed",
      "bulk.row.schedule-moved",
      "bulk.scheduled-not-found",
    ]) {
      expect(has(key), key).toBe(true);
    }
    expect(en["bulk.row.invalid-date"]).toContain("{0}");
    expect(en["bulk.template.dates"]).toMatch(/date.*until/);
  });
});

describe("sentences as the console renders them", () => {
  // Configured as app/i18n.ts configures the console's instance, with the bundles as the server
  // serves them (flat keys).
  const i18n = createInstance({
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
  beforeAll(() => i18n.init());
  const t = (lang: string) => i18n.getFixedT(lang);

  it("counts hidden rows with the right plural, in English and Dutch", () => {
    expect(t("en")("bulk.check.hidden", { count: 18 })).toBe(
      "18 rows are hidden in your spreadsheet, for example by a filter; they are left out.",
    );
    expect(t("en")("bulk.check.hidden", { count: 1 })).toBe(
      "1 row is hidden in your spreadsheet, for example by a filter; it is left out.",
    );
    expect(t("nl")("bulk.check.hidden", { count: 18 })).toBe(
      "18 rijen zijn verborgen in uw spreadsheet, bijvoorbeeld door een filter; ze worden overgeslagen.",
    );
    expect(t("nl")("bulk.check.hidden", { count: 1 })).toBe(
      "1 rij is verborgen in uw spreadsheet, bijvoorbeeld door een filter; deze wordt overgeslagen.",
    );
  });

  it("counts the learning data a delete removes, for 0, 1 and many, as the check step says it", () => {
    const data = (
      lang: string,
      learningRecords: number,
      certificates: number,
    ) =>
      t(lang)(
        "bulk.check.deleteData",
        academyCounts(t(lang), { learningRecords, certificates }),
      );
    expect(data("en", 4, 2)).toBe(
      "With them, 4 learning records and 2 certificates will be removed.",
    );
    expect(data("en", 1, 1)).toBe(
      "With them, 1 learning record and 1 certificate will be removed.",
    );
    expect(data("en", 0, 0)).toBe(
      "With them, 0 learning records and 0 certificates will be removed.",
    );
    expect(data("nl", 1, 1)).toBe(
      "Daarmee worden 1 leerresultaat en 1 certificaat verwijderd.",
    );
    expect(data("nl", 7, 0)).toBe(
      "Daarmee worden 7 leerresultaten en 0 certificaten verwijderd.",
    );
    expect(
      t("en")(
        "bulk.check.academyData.help",
        academyCounts(t("en"), { learningRecords: 1, certificates: 3 }),
      ),
    ).toBe(
      "A spreadsheet of the 1 learning record and 3 certificates of the users this import deletes, to keep before you start.",
    );
    expect(
      t("nl")(
        "bulk.check.academyData.help",
        academyCounts(t("nl"), { learningRecords: 2, certificates: 1 }),
      ),
    ).toMatch(/^Een spreadsheet met de 2 leerresultaten en 1 certificaat van/);
    // No count is lost: a summary the server left out counts 0.
    expect(
      t("en")("bulk.check.deleteData", academyCounts(t("en"), undefined)),
    ).toBe("With them, 0 learning records and 0 certificates will be removed.");
  });

  it("counts the users of the progress bar with the right plural", () => {
    expect(t("en")("bulk.progress.count", { processed: 1, count: 1 })).toBe(
      "1 of 1 user processed",
    );
    expect(t("en")("bulk.progress.count", { processed: 2, count: 2 })).toBe(
      "2 of 2 users processed",
    );
    expect(t("nl")("bulk.progress.count", { processed: 0, count: 1 })).toBe(
      "0 van 1 gebruiker verwerkt",
    );
    expect(t("nl")("bulk.progress.count", { processed: 0, count: 3 })).toBe(
      "0 van 3 gebruikers verwerkt",
    );
  });

  it("counts a restore's progress with the right plural and the language's digit grouping", () => {
    expect(
      t("en")("bulk.restore.progress", { processed: 1000, count: 20000 }),
    ).toBe("Restoring 1,000 of 20,000 users");
    expect(t("en")("bulk.restore.progress", { processed: 0, count: 1 })).toBe(
      "Restoring 0 of 1 user",
    );
    expect(
      t("nl")("bulk.restore.progress", { processed: 1000, count: 20000 }),
    ).toBe("Bezig met herstellen: 1.000 van 20.000 gebruikers");
    expect(t("nl")("bulk.restore.progress", { processed: 1, count: 1 })).toBe(
      "Bezig met herstellen: 1 van 1 gebruiker",
    );
    expect(t("en")("bulk.restore.done", { count: 2000 })).toBe(
      "2,000 users restored.",
    );
    expect(t("nl")("bulk.restore.done", { count: 2000 })).toBe(
      "2.000 gebruikers hersteld.",
    );
    expect(t("en")("bulk.restore.failed", { count: 2 })).toBe(
      "2 users could not be restored and are still pending deletion.",
    );
    expect(
      t("nl")("bulk.restore.readFailed", { error: "Netwerkfout" }),
    ).toMatch(
      /^De voortgang van het herstel kon niet worden gelezen \(Netwerkfout\)\./,
    );
  });

  it("counts ambiguous rows with the right plural", () => {
    expect(t("en")("bulk.check.ambiguous", { count: 3 })).toMatch(
      /^3 rows match more than one user.*; they are left out\.$/,
    );
    expect(t("en")("bulk.check.ambiguous", { count: 1 })).toMatch(
      /^1 row matches more than one user.*; it is left out\.$/,
    );
    expect(t("nl")("bulk.check.ambiguous", { count: 3 })).toMatch(
      /^3 rijen passen bij meer dan een gebruiker/,
    );
  });

  it("translates row messages from their key and fills in their parameters", () => {
    const row = {
      status: "AMBIGUOUS" as const,
      matchCount: 2,
      messageKey: "bulk.row.ambiguous",
      messageParams: ["2"],
      message: "The identifier matches 2 users; none of them is acted on.",
    };
    expect(rowMessageText(t("nl"), row)).toBe(
      "De gegevens passen bij 2 gebruikers; geen van hen wordt verwerkt.",
    );
    expect(rowMessageText(t("en"), row)).toBe(row.message);
    expect(
      rowMessageText(t("en"), {
        status: "MATCHED",
        outcome: "SKIPPED",
        messageKey: "bulk.outcome.identifier-changed",
        messageParams: ["email"],
      }),
    ).toBe("The user's email changed after the preview.");
    // A key this theme does not know: the server's English.
    expect(
      rowMessageText(t("nl"), {
        status: "MATCHED",
        outcome: "SKIPPED",
        messageKey: "bulk.outcome.something-new",
        message: "Something new happened.",
      }),
    ).toBe("Something new happened.");
  });

  it("names the number of users in the confirmations of Restore and Delete now", () => {
    expect(t("en")("bulk.imports.restore.title", { count: 12 })).toBe(
      "Restore 12 users?",
    );
    expect(t("en")("bulk.imports.restore.title", { count: 1 })).toBe(
      "Restore 1 user?",
    );
    expect(t("en")("bulk.imports.deleteNow.title", { count: 12 })).toBe(
      "Delete 12 users now?",
    );
    expect(
      t("en")("bulk.imports.deleteNow.body", {
        count: 12,
        name: "leavers.xlsx",
        date: "1 January 2027",
      }),
    ).toMatch(
      /^This cannot be undone\. 12 users of leavers\.xlsx are deleted at once instead of on 1 January 2027/,
    );
    expect(t("nl")("bulk.imports.restore.title", { count: 12 })).toBe(
      "12 gebruikers herstellen?",
    );
    expect(t("nl")("bulk.imports.deleteNow.title", { count: 1 })).toBe(
      "1 gebruiker nu verwijderen?",
    );
  });

  it("promises the due date of a delete in step 1, or says it cannot be undone", () => {
    expect(
      t("en")("bulk.action.DELETE.description.window", {
        date: "1 January 2027",
      }),
    ).toMatch(
      /^Deactivated now, deleted for good on 1 January 2027 unless you restore them\./,
    );
    expect(t("en")("bulk.action.DELETE.description.now")).toMatch(
      /cannot be undone/,
    );
    expect(t("en")("bulk.check.now")).toBe(
      "Delete now \u2014 cannot be undone",
    );
    expect(t("nl")("bulk.check.now")).toBe(
      "Nu verwijderen \u2014 kan niet ongedaan worden gemaakt",
    );
  });

  it("falls back from a per-user notice's count to its only form", () => {
    expect(t("nl")("bulk.restore.done.user", { count: 1, name: "alice" })).toBe(
      "alice is hersteld.",
    );
  });
});
