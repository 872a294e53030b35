// End-to-end tests of the academy admin console (issue 4) in a real headless Chromium against a
// real Keycloak with the extension. Run with a Keycloak already up (see e2e/README.md):
//   KC_E2E_URL=http://localhost:18180 npm run e2e
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { adminToken, api, config, launch, login, shot } from "./support.mjs";
import { xlsx } from "./xlsx.mjs";

const REALM = process.env.KC_E2E_TEST_REALM ?? "academy-e2e";
const consoleUrl = (hash) =>
  `${config.baseUrl}/admin/master/console/#/${REALM}${hash}`;
const XLSX =
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

let browser;
let page;

async function createUser(username, email) {
  await api(
    "POST",
    "/users",
    { username, email, enabled: true, emailVerified: true },
    REALM,
  );
  const [user] = await api(
    "GET",
    `/users?username=${encodeURIComponent(username)}&exact=true`,
    undefined,
    REALM,
  );
  await api(
    "POST",
    `/academy/users/${user.id}/learning-records`,
    { courseId: "c1", courseName: "Safety", status: "COMPLETED", score: 90 },
    REALM,
  );
  await api(
    "POST",
    `/academy/users/${user.id}/learning-records`,
    { courseId: "c2", courseName: "Privacy", status: "IN_PROGRESS" },
    REALM,
  );
  await api(
    "POST",
    `/academy/users/${user.id}/certificates`,
    { courseId: "c1", title: "Safety", serial: `S-${username}` },
    REALM,
  );
  return user;
}

const summary = (id) =>
  api("GET", `/academy/users/${id}/summary`, undefined, REALM);

/** Runs the wizard through upload and check; returns after the check step shows its counts. */
async function wizardToCheck(action, file, prefix) {
  await page.goto(consoleUrl("/users"));
  await page.click("[data-testid='academy-import-button']");
  await page.waitForSelector(`#bulk-action-${action}`);
  // Keyboard only: focus the choice, select it with Space, move on with Enter on the focused button.
  await page.focus(`#bulk-action-${action}`);
  await page.keyboard.press("Space");
  await shot(page, `${prefix}-1-action`);
  await page.click("[data-testid='bulk-next']");
  const [template] = await Promise.all([
    page.waitForEvent("download"),
    page.click("[data-testid='bulk-template-xlsx']"),
  ]);
  assert.match(template.suggestedFilename(), /\.xlsx$/);
  await shot(page, `${prefix}-2-template`);
  await page.click("[data-testid='bulk-next']");
  await page.setInputFiles("input[type=file]", file);
  await shot(page, `${prefix}-3-upload`);
  await page.click("[data-testid='bulk-next']");
}

before(async () => {
  // The console of the master realm shows this theme.
  await api("PUT", "", { adminTheme: "academy-admin" }, "master");
  await adminToken();
  try {
    await api("DELETE", "", undefined, REALM);
  } catch (e) {
    if (e.status !== 404) throw e;
  }
  await api("POST", "", { realm: REALM, enabled: true }, null);
  ({ browser } = await launch());
  page = await browser.newPage({
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
  });
  await login(page);
});

after(async () => {
  await browser?.close();
});

describe("academy admin console", () => {
  test("Users shows the stock list, the Import button and the Bulk imports tab", async () => {
    await page.goto(consoleUrl("/users"));
    await page.waitForSelector("[data-testid='academy-import-button']");
    await page.waitForSelector("[data-testid='listTab']");
    await page.click("[data-testid='bulkImportsTab']");
    await page.waitForSelector(
      "[data-testid='bulk-imports-table'], .pf-v5-c-empty-state",
    );
    await shot(page, "users-bulk-imports");
  });

  test("a corrupt file shows the server's error, translated", async () => {
    await wizardToCheck(
      "DEACTIVATE",
      {
        name: "broken.xlsx",
        mimeType: XLSX,
        buffer: Buffer.from("PK\u0003\u0004 not a workbook"),
      },
      "corrupt",
    );
    const alert = await page.waitForSelector("[data-testid='bulk-error']");
    assert.match(await alert.textContent(), /The file cannot be read/);
    await shot(page, "corrupt-error");
  });

  for (const action of ["DEACTIVATE", "DELETE"]) {
    test(`${action.toLowerCase()} with an .xlsx: preview, progress, report, and the data as promised`, async () => {
      const prefix = action.toLowerCase();
      const a = await createUser(`${prefix}-a`, `${prefix}-a@example.org`);
      const b = await createUser(`${prefix}-b`, `${prefix}-b@example.org`);
      const file = xlsx([
        ["email"],
        [a.email],
        [b.email],
        [`nobody-${prefix}@example.org`],
        [a.email],
      ]);
      await wizardToCheck(
        action,
        { name: `${prefix}.xlsx`, mimeType: XLSX, buffer: file },
        prefix,
      );

      await page.waitForSelector("[data-testid='bulk-counts']");
      assert.equal(
        await page.textContent("[data-testid='bulk-count-MATCHED']"),
        "2",
      );
      assert.equal(
        await page.textContent("[data-testid='bulk-count-NOT_FOUND']"),
        "1",
      );
      assert.equal(
        await page.textContent("[data-testid='bulk-count-DUPLICATE']"),
        "1",
      );
      if (action === "DELETE") {
        const warning = await page.textContent(
          "[data-testid='bulk-delete-warning']",
        );
        assert.match(warning, /2 users will be deleted permanently/);
        assert.match(warning, /4 learning records and 2 certificates/);
        assert.ok(
          await page.isDisabled("[data-testid='bulk-next']"),
          "start needs the confirmation",
        );
        await page.check("#bulk-confirm-delete");
      }
      await shot(page, `${prefix}-4-check`);
      await page.click("[data-testid='bulk-next']");
      await page.waitForSelector("[data-testid='bulk-progress']");
      await shot(page, `${prefix}-5-progress`);
      await page.waitForSelector("[data-testid='bulk-report-xlsx']", {
        timeout: 120_000,
      });
      assert.equal(
        await page.textContent("[data-testid='bulk-result-succeeded']"),
        "2",
      );
      await shot(page, `${prefix}-6-done`);
      const [report] = await Promise.all([
        page.waitForEvent("download"),
        page.click("[data-testid='bulk-report-xlsx']"),
      ]);
      assert.match(report.suggestedFilename(), /\.xlsx$/);

      for (const user of [a, b]) {
        if (action === "DEACTIVATE") {
          const after = await api("GET", `/users/${user.id}`, undefined, REALM);
          assert.equal(after.enabled, false);
          assert.deepEqual(await summary(user.id), {
            learningRecords: 2,
            certificates: 1,
          });
        } else {
          await assert.rejects(
            api("GET", `/users/${user.id}`, undefined, REALM),
            (e) => e.status === 404,
          );
          // Academy rows of a deleted user are gone: the summary is empty or the user is unknown.
          const left = await summary(user.id).catch((e) =>
            e.status === 404
              ? { learningRecords: 0, certificates: 0 }
              : Promise.reject(e),
          );
          assert.deepEqual(left, { learningRecords: 0, certificates: 0 });
        }
      }

      // Leaving and coming back: the Bulk imports tab links to the finished job.
      await page.goto(consoleUrl("/users/imports"));
      await page.click(`text=${prefix}.xlsx`);
      await page.waitForSelector("[data-testid='bulk-result']");
    });
  }
});
