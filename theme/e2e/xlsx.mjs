// A minimal .xlsx writer (one sheet, inline strings) so the tests make their own upload files
// without a spreadsheet library. Zip entries are stored uncompressed. A filtered sheet is written
// as Excel writes one: the rows the filter hides carry hidden="1", the sheet an <autoFilter> with
// the filter's criteria, the workbook the filter's hidden _xlnm._FilterDatabase name.
import { crc32, inflateRawSync } from "node:zlib";

const xml = (s) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const column = (c) => String.fromCharCode(65 + c);

function sheet(rows, { hiddenRows = [], filter } = {}) {
  const body = rows
    .map(
      (cells, r) =>
        `<row r="${r + 1}"${hiddenRows.includes(r + 1) ? ' hidden="1"' : ""}>${cells
          .map(
            (v, c) =>
              `<c r="${String.fromCharCode(65 + c)}${r + 1}" t="inlineStr"><is><t>${xml(String(v))}</t></is></c>`,
          )
          .join("")}</row>`,
    )
    .join("");
  // After sheetData, as the schema orders a worksheet's children.
  const autoFilter = filter
    ? `<autoFilter ref="${filterRef(rows)}"><filterColumn colId="${filter.column}"><filters>${filter.values
        .map((v) => `<filter val="${xml(v)}"/>`)
        .join("")}</filters></filterColumn></autoFilter>`
    : "";
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData>${autoFilter}</worksheet>`;
}

/** The filtered range: the header and every row, all columns. */
const filterRef = (rows) =>
  `A1:${column(Math.max(...rows.map((r) => r.length)) - 1)}${rows.length}`;

const workbook = (rows, filter) => {
  const [from, to] = filterRef(rows).split(":");
  const dollar = (ref) => ref.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2");
  const names = filter
    ? `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Users!${dollar(from)}:${dollar(to)}</definedName></definedNames>`
    : "";
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Users" sheetId="1" r:id="rId1"/></sheets>${names}</workbook>`;
};

const FILES = (rows, options = {}) => ({
  "[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
  "_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  "xl/workbook.xml": workbook(rows, options.filter),
  "xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
  "xl/worksheets/sheet1.xml": sheet(rows, options),
});

/**
 * A workbook whose first sheet holds the given rows (the first row is the header). Options:
 * `hiddenRows`, the 1-based sheet row numbers to hide; `filter`, `{column, values}`: an AutoFilter
 * over all rows that shows the rows whose cell in that 0-based column is one of the values (pass
 * the rows it hides in `hiddenRows`, as Excel stores both).
 */
export function xlsx(rows, options = {}) {
  const local = [];
  const central = [];
  let offset = 0;
  for (const [name, text] of Object.entries(FILES(rows, options))) {
    const data = Buffer.from(text, "utf8");
    const nameBytes = Buffer.from(name, "utf8");
    const crc = crc32(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    local.push(header, nameBytes, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    offset += header.length + nameBytes.length + data.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, ...central, end]);
}

/** The entries of a zip (an .xlsx) by name, inflated; enough to read a report the server wrote. */
export function unzip(buffer) {
  const eocd = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("not a zip file");
  const count = buffer.readUInt16LE(eocd + 10);
  let at = buffer.readUInt32LE(eocd + 16);
  const entries = {};
  for (let i = 0; i < count; i++) {
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString("utf8", at + 46, at + 46 + nameLength);
    const start =
      local +
      30 +
      buffer.readUInt16LE(local + 26) +
      buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + size);
    entries[name] = method === 0 ? data : inflateRawSync(data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Every cell text of an .xlsx (shared strings and inline strings), for "does the report name X". */
export function xlsxText(buffer) {
  const entries = unzip(buffer);
  return Object.entries(entries)
    .filter(([name]) =>
      /^xl\/(sharedStrings|worksheets\/sheet\d+)\.xml$/.test(name),
    )
    .map(([, data]) =>
      data
        .toString("utf8")
        .replace(/<[^>]+>/g, " ")
        .replace(/&amp;/g, "&")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">"),
    )
    .join(" ");
}
