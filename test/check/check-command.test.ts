/**
 * `forum-papers check` through the compiled command, as a user runs it: the papers built from the
 * sample pass (exit 0); the same papers patched with JSZip into a deliberately bad workbook (merged
 * header cells, a chart without alt text, a colour-only variance, a blank row inside a table, a
 * "Sheet1" name, an unexplained [note] marker, a "click here" link) give exit 6 and each fault
 * by its rule, sheet and cell; --json parses.
 *
 * FORUM_PAPERS_CHECK_PAPERS=<papers.xlsx> checks a papers workbook built earlier instead of
 * building the sample here (for when the papers' sources are mid-change).
 */
import { spawnSync } from "child_process";
import { existsSync, promises as fs, readdirSync, statSync } from "fs";
import * as os from "os";
import * as path from "path";
import JSZip from "jszip";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/forum-papers.js");
const COMPILED = path.join(ROOT, "build/cli/forum-papers.js");
const SAMPLE = path.join(ROOT, "samples/council-sample.xlsx");

function newestSource(dir = path.join(ROOT, "src")): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(at) : statSync(at).mtimeMs);
  }
  return newest;
}

/** Compile the command again when src/ is newer than build/cli (as `npm run build:cli` does). */
function ensureCompiled(): void {
  if (existsSync(COMPILED) && statSync(COMPILED).mtimeMs >= newestSource()) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts/build-cli.js")], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`npm run build:cli failed: ${r.stderr || r.stdout}`);
}

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonFailure {
  rule: string;
  sheet: string;
  cell?: string;
  object?: string;
  message: string;
  fix: string;
}
interface JsonReport {
  passed: boolean;
  rules: { id: string; failures: number }[];
  failures: JsonFailure[];
}

let dir: string;
let papers: string;
let bad: string;

/** Replace one cell element (`<c r="G13" …>…</c>` or `<c r="G13" …/>`) in a sheet's XML. */
function replaceCell(xml: string, ref: string, cell: string): string {
  const pattern = new RegExp(`<c r="${ref}"(?: [^>]*?)?(?:/>|>.*?</c>)`);
  if (!pattern.test(xml)) throw new Error(`no cell ${ref} in the sheet`);
  return xml.replace(pattern, cell);
}

/** The sheet part of a sheet by name (through the workbook's relationships). */
async function sheetPath(zip: JSZip, name: string): Promise<string> {
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  const id = new RegExp(`<sheet [^>]*name="${name}"[^>]*r:id="(\\w+)"`).exec(workbook)![1];
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1];
  return `xl/${target.replace(/^\/?xl\//, "")}`;
}

/**
 * The bad workbook: the built papers with seven faults put in by hand, each where the test says.
 * The HNB monitoring table is A10:K29 (header row 10); its Variance (£) column is E and its
 * "Over or under budget" column G (the text that says what a variance means).
 */
async function makeBad(from: string, to: string): Promise<void> {
  const zip = await JSZip.loadAsync(await fs.readFile(from));
  const hnbPath = await sheetPath(zip, "HNB monitoring");
  let hnb = await zip.file(hnbPath)!.async("string");
  // A blank row inside the table: row 15's cells removed.
  hnb = hnb.replace(/<row r="15"([^>]*)>.*?<\/row>/, '<row r="15"$1/>');
  // A colour-only variance: the words in G taken away, and E13 (a positive variance) filled red.
  for (let row = 11; row <= 29; row++)
    if (row !== 15) hnb = replaceCell(hnb, `G${row}`, `<c r="G${row}" s="4"/>`);
  let styles = await zip.file("xl/styles.xml")!.async("string");
  const fills = Number(/<fills count="(\d+)">/.exec(styles)![1]);
  styles = styles
    .replace(/<fills count="\d+">/, `<fills count="${fills + 1}">`)
    .replace(
      "</fills>",
      '<fill><patternFill patternType="solid"><fgColor rgb="FFFF0000"/></patternFill></fill></fills>',
    );
  const xfs = Number(/<cellXfs count="(\d+)">/.exec(styles)![1]);
  styles = styles
    .replace(/<cellXfs count="\d+">/, `<cellXfs count="${xfs + 1}">`)
    .replace(
      "</cellXfs>",
      `<xf numFmtId="166" fontId="4" fillId="${fills}" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1"/></cellXfs>`,
    );
  // And a conditional format that turns the movements red, through a differential format.
  styles = styles.replace(
    /<dxfs count="0"\/>/,
    '<dxfs count="1"><dxf><font><color rgb="FFFF0000"/></font></dxf></dxfs>',
  );
  zip.file("xl/styles.xml", styles);
  hnb = hnb.replace(/<c r="E13" s="\d+"/, `<c r="E13" s="${xfs}"`);
  // An unexplained note marker (the Notes sheet has notes 1 to 9).
  hnb = replaceCell(hnb, "J13", '<c r="J13" s="4" t="inlineStr"><is><t>See [note 12]</t></is></c>');
  // A "click here" link to an address outside the workbook.
  hnb = replaceCell(hnb, "A32", '<c r="A32" s="6" t="inlineStr"><is><t>click here</t></is></c>');
  // Merged header cells, and the link: in schema order, before pageMargins.
  hnb = hnb.replace(
    "<pageMargins",
    '<mergeCells count="1"><mergeCell ref="A10:B10"/></mergeCells><conditionalFormatting sqref="I11:I29"><cfRule type="cellIs" dxfId="0" priority="1" operator="greaterThan"><formula>0</formula></cfRule></conditionalFormatting><hyperlinks><hyperlink ref="A32" r:id="rIdBad1"/></hyperlinks><pageMargins',
  );
  zip.file(hnbPath, hnb);
  const relsPath = hnbPath.replace(/([^/]+)$/, "_rels/$1.rels");
  const rels = await zip.file(relsPath)!.async("string");
  zip.file(
    relsPath,
    rels.replace(
      "</Relationships>",
      '<Relationship Id="rIdBad1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.gov.uk/" TargetMode="External"/></Relationships>',
    ),
  );
  // The chart's alt text removed.
  for (const drawing of Object.keys(zip.files).filter((p) => /^xl\/drawings\/drawing\d+\.xml$/.test(p))) {
    const xml = await zip.file(drawing)!.async("string");
    zip.file(drawing, xml.replace(/ descr="[^"]*"/g, ""));
  }
  // A sheet called Sheet1.
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  zip.file("xl/workbook.xml", workbook.replace('name="Placement summary"', 'name="Sheet1"'));
  await fs.writeFile(to, await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" }));
}

beforeAll(async () => {
  ensureCompiled();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "forum-papers-check-"));
  papers = path.join(dir, "papers.xlsx");
  bad = path.join(dir, "bad.xlsx");
  if (process.env.FORUM_PAPERS_CHECK_PAPERS) await fs.copyFile(process.env.FORUM_PAPERS_CHECK_PAPERS, papers);
  else {
    const built = cli("build", SAMPLE, "-o", papers, "--meeting-date", "03/12/2026", "-q");
    if (built.code !== 0) throw new Error(`the sample did not build: ${built.stderr}`);
  }
  await makeBad(papers, bad);
});

afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe("forum-papers check", () => {
  it("passes the papers built from the sample: exit 0", () => {
    const r = cli("check", papers);
    // On failure, what failed is in the message.
    expect({ code: r.code, stderr: r.stderr, stdout: r.code === 0 ? "" : r.stdout }).toEqual({
      code: 0,
      stderr: "",
      stdout: "",
    });
    expect(r.stdout).toMatch(/passes all 10 publication rules/);
  });

  it("finds each fault of the bad workbook by its rule and cell, and exits 6", () => {
    const r = cli("check", bad, "--json");
    expect(r.code).toBe(6);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.passed).toBe(false);
    const found = (rule: string, sheet: string, cell: string) =>
      report.failures.some((f) => f.rule === rule && f.sheet === sheet && f.cell === cell);
    expect(found("no-merged-cells", "HNB monitoring", "A10:B10")).toBe(true);
    expect(found("no-blank-rows-or-columns", "HNB monitoring", "A15:K15")).toBe(true);
    expect(found("not-colour-alone", "HNB monitoring", "E13")).toBe(true);
    expect(found("not-colour-alone", "HNB monitoring", "I11:I29")).toBe(true);
    expect(found("notes-explained", "HNB monitoring", "J13")).toBe(true);
    expect(found("hyperlink-text", "HNB monitoring", "A32")).toBe(true);
    expect(report.failures.find((f) => f.rule === "descriptive-sheet-names")?.sheet).toBe("Sheet1");
    const chart = report.failures.find((f) => f.rule === "alt-text");
    expect(chart).toMatchObject({ sheet: "Deficit plan", object: expect.stringMatching(/^chart "/) });
    // Every failure says how to fix it.
    for (const f of report.failures) expect(f.fix.length).toBeGreaterThan(20);
    // One line on stderr naming the failing rules.
    expect(r.stderr).toMatch(/^forum-papers: bad\.xlsx fails \d+ publication rules \(.*no-merged-cells.*\)/);
  });

  it("adds exactly the faults put in: each rule's count grows by one (colour by two: a fill and a conditional format)", () => {
    const good = JSON.parse(cli("check", papers, "--json").stdout) as JsonReport;
    const worse = JSON.parse(cli("check", bad, "--json").stdout) as JsonReport;
    const count = (report: JsonReport, id: string) => report.rules.find((x) => x.id === id)!.failures;
    const added = Object.fromEntries(worse.rules.map((x) => [x.id, x.failures - count(good, x.id)]));
    expect(added).toEqual({
      "title-in-a1": 0,
      "no-merged-cells": 1,
      "no-blank-rows-or-columns": 1,
      "one-header-row": 0,
      "tables-marked": 0,
      "alt-text": 1,
      "not-colour-alone": 2,
      "descriptive-sheet-names": 1,
      "notes-explained": 1,
      "hyperlink-text": 1,
    });
  });

  it("prints each failure with its fix for a person", () => {
    const r = cli("check", bad);
    expect(r.code).toBe(6);
    expect(r.stdout).toMatch(/^FAIL {2}No merged cells \(no-merged-cells\)$/m);
    expect(r.stdout).toMatch(/^PASS {2}Every sheet has its title in cell A1 \(title-in-a1\)$/m);
    expect(r.stdout).toMatch(
      /\[HNB monitoring · A10:B10\] 'HNB monitoring'!A10:B10 is merged\n {4}Fix: .*Unmerge/,
    );
  });

  it("refuses a file that is not a workbook (exit 3) and a missing argument (exit 2)", async () => {
    const text = path.join(dir, "notes.xlsx");
    await fs.writeFile(text, "not a workbook");
    const r = cli("check", text);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(cli("check").code).toBe(2);
    const unknown = cli("check", papers, "--strict");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option --strict for check/);
    const json = cli("check", text, "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { exitCode: 3, kind: "unreadable" } });
  });

  it("never changes the workbook it checks", async () => {
    const before = await fs.readFile(bad);
    cli("check", bad);
    expect(Buffer.compare(await fs.readFile(bad), before)).toBe(0);
  });
});

describe("the pane's hook (withPublicationCheck)", () => {
  it("adds the check of the download to a build result, failures with their rule and place", async () => {
    const { withPublicationCheck } = await import("../../src/app/publication-check");
    const bytes = new Uint8Array(await fs.readFile(bad));
    const result = await withPublicationCheck({ sheets: [], download: { bytes } });
    expect(result.publication?.passed).toBe(false);
    expect(result.publication?.failures).toContainEqual(
      expect.objectContaining({ rule: "No merged cells", where: "HNB monitoring, A10:B10" }),
    );
  });
  it("leaves a result without a download as it is, and reports a check that cannot run without throwing", async () => {
    const { withPublicationCheck } = await import("../../src/app/publication-check");
    const inExcel: { sheets: string[]; download?: { bytes: Uint8Array } } = { sheets: ["Cover"] };
    expect(await withPublicationCheck(inExcel)).toEqual({ sheets: ["Cover"] });
    const broken = await withPublicationCheck({ download: { bytes: new TextEncoder().encode("not a zip") } });
    expect(broken.publication).toMatchObject({ passed: false, failures: [] });
    expect(broken.publication?.error).toMatch(/not an Excel workbook/);
  });
});
