// Shared helpers for the end-to-end tests: a real Keycloak with the extension, a real headless
// Chromium (Debian's package) driven by playwright-core.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const config = {
  baseUrl: (process.env.KC_E2E_URL ?? "http://localhost:18180").replace(
    /\/+$/,
    "",
  ),
  // The realm under test and its realm admin: the tests log into that realm's own console.
  realm: process.env.KC_E2E_REALM ?? "academy-e2e",
  admin: process.env.KC_E2E_ADMIN ?? "realm-admin",
  password: process.env.KC_E2E_PASSWORD ?? "password",
  // Issue 12: the master realm's console (its admin theme must be academy-admin).
  masterAdmin: process.env.KC_E2E_MASTER_ADMIN ?? "admin",
  masterPassword: process.env.KC_E2E_MASTER_PASSWORD ?? "admin",
  chromium: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  // Issue 19: enabled learners prefix0000 … for the large restore (AdminConsoleE2EIT seeds them);
  // without them that test is skipped.
  largeRestore: {
    prefix: process.env.KC_E2E_LARGE_RESTORE_PREFIX ?? "",
    count: Number(process.env.KC_E2E_LARGE_RESTORE_COUNT ?? 0),
  },
  screenshots:
    process.env.KC_E2E_SCREENSHOTS ??
    join(import.meta.dirname, "..", "target", "e2e-screenshots"),
};

export const consoleUrl = (hash = "") =>
  `${config.baseUrl}/admin/${config.realm}/console/#/${config.realm}${hash}`;

export async function launch() {
  const browser = await chromium.launch({
    executablePath: config.chromium,
    // playwright-core adds its own headless flag; these are the ones CI needs on top.
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    locale: "en-US",
  });
  context.setDefaultTimeout(30_000);
  return { browser, context };
}

/** Logs into the realm's own admin console as its realm admin and waits for the console shell. */
export async function login(page) {
  await page.goto(consoleUrl());
  await page.fill("#username", config.admin);
  await page.fill("#password", config.password);
  await page.click("#kc-login");
  await page.waitForSelector("#nav-item-users, [data-testid='users']", {
    timeout: 60_000,
  });
}

export async function shot(page, name) {
  mkdirSync(config.screenshots, { recursive: true });
  const path = join(config.screenshots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

let cachedToken;

/** A token of the realm admin from the realm's admin-cli client (the console's own is not at hand). */
export async function adminToken() {
  if (cachedToken && cachedToken.until > Date.now()) return cachedToken.value;
  const response = await fetch(
    `${config.baseUrl}/realms/${config.realm}/protocol/openid-connect/token`,
    {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "password",
        client_id: "admin-cli",
        username: config.admin,
        password: config.password,
      }),
    },
  );
  if (!response.ok)
    throw new Error(`token: ${response.status} ${await response.text()}`);
  const body = await response.json();
  cachedToken = {
    value: body.access_token,
    until: Date.now() + (body.expires_in - 10) * 1000,
  };
  return cachedToken.value;
}

/** An admin REST call in the realm under test; resolves to {status, headers, body} or throws on a non-2xx. */
export async function api(method, path, body) {
  const response = await fetch(
    `${config.baseUrl}/admin/realms/${config.realm}${path}`,
    {
      method,
      headers: {
        Authorization: `Bearer ${await adminToken()}`,
        // FormData sets its own multipart Content-Type with the boundary.
        ...(body === undefined || body instanceof FormData
          ? {}
          : { "Content-Type": "application/json" }),
      },
      body:
        body === undefined || body instanceof FormData
          ? body
          : JSON.stringify(body),
    },
  );
  const text = await response.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    const error = new Error(`${method} ${path}: ${response.status} ${text}`);
    error.status = response.status;
    error.body = parsed;
    throw error;
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** The user with exactly this username, prepared by the caller of the suite (AdminConsoleE2EIT). */
export async function userByName(username) {
  const { body } = await api(
    "GET",
    `/users?username=${encodeURIComponent(username)}&exact=true`,
  );
  if (body.length !== 1)
    throw new Error(
      `user ${username} is missing in realm ${config.realm}: the suite expects the realm that AdminConsoleE2EIT prepares`,
    );
  return body[0];
}
