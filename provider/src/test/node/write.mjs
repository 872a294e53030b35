// Test only: writes a workbook with a real spreadsheet library, as the reader's tests describe it.
//   node write.mjs sheetjs|exceljs spec.json out.xlsx
// spec.json: {"sheets": [{"name": "Data", "rows": [["Leavers December"], [], ["email"], ["a@b.org"]]}]}
// (a row is an array of cell texts; an empty array or null is a blank row; null cells are empty).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const [library, specFile, out] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specFile, "utf8"));

if (library === "sheetjs") {
  const XLSX = require("xlsx");
  const wb = XLSX.utils.book_new();
  for (const sheet of spec.sheets) {
    const rows = sheet.rows.map((r) => (r ?? []).map((c) => (c === null ? undefined : c)));
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), sheet.name);
  }
  // SheetJS's default: no shared-string table, every text cell t="str".
  XLSX.writeFile(wb, out, { bookType: "xlsx", bookSST: false });
} else if (library === "exceljs") {
  const ExcelJS = require("exceljs");
  const wb = new ExcelJS.Workbook();
  for (const sheet of spec.sheets) {
    const ws = wb.addWorksheet(sheet.name);
    sheet.rows.forEach((row, i) => {
      (row ?? []).forEach((cell, c) => {
        if (cell !== null && cell !== undefined) ws.getCell(i + 1, c + 1).value = cell;
      });
    });
  }
  await wb.xlsx.writeFile(out);
} else {
  console.error(`unknown library ${library}`);
  process.exit(2);
}
