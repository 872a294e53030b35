// A walkthrough of the wizard with the /bulk-users endpoints answered in the browser, for working
// on the UI without the server side. Not a test: it checks the screens, not the extension.
import { config, launch, login, shot } from "./support.mjs";
const { browser, context } = await launch();
const page = await context.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push("PAGEERROR " + e.message));
let uploads = 0,
  polls = 0,
  committed = false;
const imp = (status, processed) => ({
  id: "imp-1",
  action: "DELETE",
  matchBy: "EMAIL",
  status,
  fileName: "leavers.xlsx",
  createdBy: "admin",
  createdAt: "2026-01-15T10:00:00Z",
  summary: {
    totalRows: 12,
    toProcess: 8,
    notFound: 2,
    duplicate: 1,
    invalid: 1,
    protected: 0,
    unchanged: 0,
    learningRecords: 31,
    certificates: 5,
  },
  progress: { total: 8, processed, succeeded: processed, failed: 0 },
});
await page.route("**/bulk-users/**", async (route) => {
  const req = route.request();
  const url = new URL(req.url());
  const json = (status, body) =>
    route.fulfill({
      status,
      contentType: "application/json",
      body: JSON.stringify(body),
    });
  if (req.method() === "POST" && url.pathname.endsWith("/imports")) {
    uploads++;
    return uploads === 1
      ? json(400, {
          error: "bulk.corrupt-file",
          errorDescription: "The file is corrupt",
        })
      : json(201, imp("PREVIEW", 0));
  }
  if (url.pathname.endsWith("/rows")) {
    const s = url.searchParams.get("status");
    return json(
      200,
      s === "NOT_FOUND"
        ? [
            {
              rowNumber: 3,
              identifier: "gone@example.org",
              status: "NOT_FOUND",
            },
            {
              rowNumber: 9,
              identifier: "typo@exmple.org",
              status: "NOT_FOUND",
            },
          ]
        : [],
    );
  }
  if (url.pathname.endsWith("/commit")) {
    committed = true;
    return route.fulfill({ status: 202, body: "" });
  }
  if (url.pathname.endsWith("/imports/imp-1")) {
    polls++;
    const p = committed ? Math.min(8, polls * 2) : 0;
    return json(
      200,
      imp(!committed ? "PREVIEW" : p >= 8 ? "COMPLETED" : "RUNNING", p),
    );
  }
  if (url.pathname.endsWith("/imports"))
    return json(200, [
      imp(committed ? "COMPLETED" : "RUNNING", committed ? 8 : 3),
    ]);
  if (url.pathname.endsWith("/report"))
    return route.fulfill({
      status: 200,
      contentType: "application/octet-stream",
      headers: { "Content-Disposition": 'attachment; filename="report.xlsx"' },
      body: "PK",
    });
  return json(404, { error: "x" });
});
try {
  await login(page);
  await page.goto(
    `${config.baseUrl}/admin/master/console/#/master/users/import`,
  );
  await page.waitForSelector("#bulk-action-DELETE");
  // Keyboard only from here to the upload.
  await page.focus("#bulk-action-DELETE");
  await page.keyboard.press("Space");
  await page.click("[data-testid='bulk-next']");
  await page.click("[data-testid='bulk-next']");
  await page.setInputFiles("input[type=file]", {
    name: "leavers.xlsx",
    mimeType:
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: Buffer.from("PK"),
  });
  await page.click("[data-testid='bulk-next']");
  await page.waitForSelector("[data-testid='bulk-error']");
  console.log(
    "error shown:",
    await page.textContent("[data-testid='bulk-error']"),
  );
  await shot(page, "m1-upload-error");
  await page.click("[data-testid='bulk-next']");
  await page.waitForSelector("[data-testid='bulk-counts']");
  await page.waitForSelector("[data-testid='bulk-rows']");
  console.log("url:", page.url());
  console.log(
    "start disabled before confirm:",
    await page.isDisabled("[data-testid='bulk-next']"),
  );
  await page.check("#bulk-confirm-delete");
  await shot(page, "m2-check");
  await page.click("[data-testid='bulk-next']");
  await page.waitForSelector("[data-testid='bulk-progress']");
  await shot(page, "m3-running");
  await page.waitForSelector("[data-testid='bulk-report-xlsx']", {
    timeout: 20000,
  });
  await shot(page, "m4-done");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click("[data-testid='bulk-report-xlsx']"),
  ]);
  console.log("download:", download.suggestedFilename());
  await page.goto(
    `${config.baseUrl}/admin/master/console/#/master/users/imports`,
  );
  await page.waitForSelector("[data-testid='bulk-imports-table']");
  await shot(page, "m5-imports");
  await page.click("text=leavers.xlsx");
  await page.waitForSelector("[data-testid='bulk-result']");
  await shot(page, "m6-reopened");
} finally {
  console.log(errors.join("\n"));
  await browser.close();
}
