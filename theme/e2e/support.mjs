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
  admin: process.env.KC_E2E_ADMIN ?? "admin",
  password: process.env.KC_E2E_PASSWORD ?? "admin",
  realm: process.env.KC_E2E_REALM ?? "master",
  chromium: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  screenshots:
    process.env.KC_E2E_SCREENSHOTS ??
    join(import.meta.dirname, "..", "target", "e2e-screenshots"),
};

export async function launch() {
  const browser = await chromium.launch({
    executablePath: config.chromium,
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
  return { browser, context };
}

/** Logs into the admin console of the master realm and waits for the console shell. */
export async function login(page) {
  await page.goto(`${config.baseUrl}/admin/master/console/`);
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

/** An admin token from the master realm's admin-cli client. */
export async function adminToken() {
  const response = await fetch(
    `${config.baseUrl}/realms/master/protocol/openid-connect/token`,
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
  return (await response.json()).access_token;
}

/** Calls the admin REST API of a realm (null: the realms collection); returns the parsed body. */
export async function api(method, path, body, realm = config.realm) {
  const token = await adminToken();
  const base = `${config.baseUrl}/admin/realms${realm === null ? "" : `/${realm}`}`;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    const error = new Error(`${method} ${path}: ${response.status} ${text}`);
    error.status = response.status;
    throw error;
  }
  return text ? JSON.parse(text) : undefined;
}
