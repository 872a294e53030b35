// Part of .ci/smoke-run.sh, once run.sh has printed its banner:
//   node .ci/smoke-consoles.mjs <realm console URL> <master console URL>
// 1. through the admin REST API: the demo's learners have the learning records and certificates the
//    seeder reported (SMOKE_RECORDS, SMOKE_CERTIFICATES), master uses the academy-admin theme, and a
//    delete through a 2-second restore window is carried out when it ends (the scheduler runs);
// 2. in headless Debian Chromium: each console URL, signed in with the credentials the banner names,
//    shows its Users page with the user list and the extension's Import button. Screenshots in
//    KC_E2E_SCREENSHOTS.
// Reuses the e2e tests' browser launch and screenshots (playwright-core from theme/node_modules).
import assert from "node:assert/strict";
import { launch, shot } from "../theme/e2e/support.mjs";

const [realmConsole, masterConsole] = process.argv.slice(2);
assert.ok(
  realmConsole && masterConsole,
  "usage: smoke-consoles.mjs <realm console URL> <master console URL>",
);
const base = new URL(realmConsole).origin;
const masterUser = process.env.KC_BOOTSTRAP_ADMIN_USERNAME || "admin";
const masterPassword = process.env.KC_BOOTSTRAP_ADMIN_PASSWORD || "admin";

async function token(realm, username, password) {
  const response = await fetch(
    `${base}/realms/${realm}/protocol/openid-connect/token`,
    {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "password",
        client_id: "admin-cli",
        username,
        password,
      }),
    },
  );
  if (!response.ok)
    throw new Error(
      `${username} cannot sign in to ${realm}: ${response.status} ${await response.text()}`,
    );
  return (await response.json()).access_token;
}

async function get(bearer, path) {
  const response = await fetch(`${base}/admin/realms/${path}`, {
    headers: { Authorization: `Bearer ${bearer}` },
  });
  if (!response.ok)
    throw new Error(
      `GET /admin/realms/${path}: ${response.status} ${await response.text()}`,
    );
  return response.json();
}

// 1. The seeded data, counted learner by learner as the console's Learning tab shows it.
const academyAdmin = await token("academy", "academy-admin", "academy");
const users = await get(
  academyAdmin,
  "academy/users?briefRepresentation=true&max=1000",
);
let records = 0;
let certificates = 0;
let learnersWithData = 0;
for (const user of users) {
  const summary = await get(
    academyAdmin,
    `academy/academy/users/${user.id}/summary`,
  );
  records += summary.learningRecords;
  certificates += summary.certificates;
  if (summary.learningRecords > 0) learnersWithData++;
}
console.log(
  `[smoke] REST: ${records} learning records and ${certificates} certificates for ${learnersWithData} of ${users.length} users`,
);
assert.ok(learnersWithData > 0, "no learner has learning records");
assert.equal(
  records,
  Number(process.env.SMOKE_RECORDS),
  "learning records: the REST API against the seeder's report",
);
assert.equal(
  certificates,
  Number(process.env.SMOKE_CERTIFICATES),
  "certificates: the REST API against the seeder's report",
);
assert.ok(certificates > 0, "no certificates were seeded");
const master = await get(
  await token("master", masterUser, masterPassword),
  "master",
);
assert.equal(master.adminTheme, "academy-admin", "master's admin theme");

// 1b. The restore window runs out in a server started as run.sh starts it (--import-realm): a user
//     deleted with a window of 2 seconds is deleted for good by the scheduler within a few polls.
async function send(bearer, method, path, body) {
  const response = await fetch(`${base}/admin/realms/${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${bearer}`,
      "Content-Type": "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(
      `${method} /admin/realms/${path}: ${response.status} ${await response.text()}`,
    );
  const text = await response.text();
  return { response, body: text ? JSON.parse(text) : undefined };
}
const created = await send(academyAdmin, "POST", "academy/users", {
  username: "smoke-window-leaver",
  enabled: true,
});
const leaverId = created.response.headers.get("location").split("/").pop();
const preview = await send(academyAdmin, "POST", "academy/bulk-users/imports", {
  action: "DELETE",
  matchBy: "ID",
  identifiers: [leaverId],
  deleteAfter: "PT2S",
});
await send(
  academyAdmin,
  "POST",
  `academy/bulk-users/imports/${preview.body.id}/commit`,
  {},
);
const windowStarted = Date.now();
let windowImport;
while (Date.now() - windowStarted < 120_000) {
  windowImport = await get(
    academyAdmin,
    `academy/bulk-users/imports/${preview.body.id}`,
  );
  if (windowImport.status === "COMPLETED") break;
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
assert.equal(
  windowImport.status,
  "COMPLETED",
  "a delete with a 2-second restore window is carried out when the window ends",
);
const leaver = await fetch(`${base}/admin/realms/academy/users/${leaverId}`, {
  headers: { Authorization: `Bearer ${academyAdmin}` },
});
assert.equal(leaver.status, 404, "the user deleted when the window ended");
console.log(
  `[smoke] REST: a delete with a 2 s restore window was carried out after ${Math.round((Date.now() - windowStarted) / 1000)} s`,
);

// 2. Both consoles, as an admin opens them. launch() starts Chromium with a fresh temporary profile.
const consoles = [
  {
    name: "realm-console",
    url: realmConsole,
    realm: "academy",
    username: "academy-admin",
    password: "academy",
  },
  {
    name: "master-console",
    url: masterConsole,
    realm: "master",
    username: masterUser,
    password: masterPassword,
  },
];
const { browser, context } = await launch();
// A busy CI machine serves the console's first load slowly.
context.setDefaultTimeout(120_000);
let failures = 0;
try {
  for (const target of consoles) {
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    try {
      await page.goto(target.url);
      await page.fill("#username", target.username);
      await page.fill("#password", target.password);
      await page.click("#kc-login");
      await page.click("#nav-item-users");
      await page.waitForURL(new RegExp(`#/${target.realm}/users`));
      await page.waitForSelector("[data-testid='academy-import-button']");
      // The list itself loaded: the signed-in admin is one of the realm's users.
      await page.waitForSelector(`tr:has-text('${target.username}')`);
      console.log(
        `[smoke] ${target.url}: Users page with the Import button (${await shot(page, target.name)})`,
      );
    } catch (e) {
      failures++;
      console.error(
        `[smoke] ${target.url} as ${target.username}: ${e.message.split("\n")[0]}`,
      );
      if (errors.length)
        console.error(`[smoke]   page errors: ${errors.join(" | ")}`);
      console.error(
        `[smoke]   screenshot: ${await shot(page, `${target.name}-failed`).catch((s) => s.message)}`,
      );
    } finally {
      await page.close();
    }
  }
} finally {
  await browser.close();
}
if (failures) process.exit(1);
