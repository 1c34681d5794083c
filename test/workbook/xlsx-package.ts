/**
 * Test helpers: minimal .xlsx packages written part by part with JSZip, so a test can hand the
 * reader exactly the XML it needs (a lying zip, a missing part, cells ExcelJS would not write).
 */
import JSZip from "jszip";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG = "http://schemas.openxmlformats.org/package/2006/relationships";

export interface TestSheet {
  readonly name: string;
  /** The worksheet part's XML; undefined leaves the part out of the zip (a damaged file). */
  readonly xml: string | undefined;
}

export interface PackageOptions {
  /** `<si>` texts of the shared-strings part (escaped by the caller if needed). */
  readonly sharedStrings?: readonly string[];
  /** List a shared-strings part in the workbook's relationships without writing it. */
  readonly sharedStringsMissing?: boolean;
  /** `<cellXfs>` number format ids (xf 0 first). */
  readonly xfNumFmts?: readonly number[];
  readonly workbookPr?: string;
  readonly compression?: "STORE" | "DEFLATE";
}

/** The XML of a worksheet whose sheetData is `rows`. */
export function sheetXml(rows: string, extra = ""): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${rows}</sheetData>${extra}</worksheet>`;
}

/** Escape text for element content. */
export function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A package of the sheets (in order), with styles and optional shared strings. */
export async function xlsxOf(
  sheets: readonly TestSheet[],
  options: PackageOptions = {},
): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  const sheetEntries = sheets
    .map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join("");
  zip.file(
    "xl/workbook.xml",
    `<workbook xmlns="${MAIN}" xmlns:r="${REL}">${options.workbookPr ?? ""}<sheets>${sheetEntries}</sheets></workbook>`,
  );
  const n = sheets.length;
  const hasStrings = options.sharedStrings !== undefined || options.sharedStringsMissing;
  const rels =
    sheets
      .map(
        (_, i) =>
          `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
      )
      .join("") +
    `<Relationship Id="rId${n + 1}" Type="${REL}/styles" Target="styles.xml"/>` +
    (hasStrings
      ? `<Relationship Id="rId${n + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`
      : "");
  zip.file("xl/_rels/workbook.xml.rels", `<Relationships xmlns="${PKG}">${rels}</Relationships>`);
  const xfs = (options.xfNumFmts ?? [0]).map((id) => `<xf numFmtId="${id}"/>`).join("");
  zip.file("xl/styles.xml", `<styleSheet xmlns="${MAIN}"><cellXfs>${xfs}</cellXfs></styleSheet>`);
  if (options.sharedStrings && !options.sharedStringsMissing) {
    zip.file(
      "xl/sharedStrings.xml",
      `<sst xmlns="${MAIN}">${options.sharedStrings.map((t) => `<si><t>${t}</t></si>`).join("")}</sst>`,
    );
  }
  sheets.forEach((s, i) => {
    if (s.xml !== undefined) zip.file(`xl/worksheets/sheet${i + 1}.xml`, s.xml);
  });
  return zip.generateAsync({ type: "uint8array", compression: options.compression ?? "DEFLATE" });
}

function u32(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}

function setU32(b: Uint8Array, at: number, value: number): void {
  b[at] = value & 0xff;
  b[at + 1] = (value >>> 8) & 0xff;
  b[at + 2] = (value >>> 16) & 0xff;
  b[at + 3] = (value >>> 24) & 0xff;
}

/**
 * A copy of a zip whose local header and central directory both declare `size` as the
 * uncompressed size of `entry` (a zip bomb lying about its size). Walks the records itself.
 */
export function withDeclaredSize(zip: Uint8Array, entry: string, size: number): Uint8Array {
  const out = zip.slice();
  const want = new TextEncoder().encode(entry);
  const sameName = (at: number, len: number): boolean =>
    len === want.length && want.every((b, i) => out[at + i] === b);
  let patched = 0;
  for (let at = 0; at + 46 < out.length; at++) {
    const sig = u32(out, at);
    if (sig === 0x04034b50 && sameName(at + 30, out[at + 26] | (out[at + 27] << 8))) {
      setU32(out, at + 22, size);
      patched++;
    } else if (sig === 0x02014b50 && sameName(at + 46, out[at + 28] | (out[at + 29] << 8))) {
      setU32(out, at + 24, size);
      patched++;
    }
  }
  if (patched !== 2) throw new Error(`withDeclaredSize: found ${patched} records for ${entry}, expected 2`);
  return out;
}
