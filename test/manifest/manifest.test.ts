/**
 * manifest.xml: (a) valid against Microsoft's XSD schemas, offline, with xmllint; (b) the checks
 * the schema cannot make (manifest-check.ts), each shown to fire on a broken copy.
 *
 * The schemas live outside the project in ../shared/schemas/office-manifest (they must not be
 * copied in). Without them, or without xmllint, (a) is skipped on a developer machine and fails
 * under CI=true, where a skipped check would pass unnoticed.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkManifest, parseXml } from "./manifest-check";
import { IN_CI, schemaCheckMissing, xmllint } from "./xmllint";

const root = path.resolve(__dirname, "../..");
const manifestPath = path.join(root, "manifest.xml");
const manifest = fs.readFileSync(manifestPath, "utf8");
const ci = IN_CI;
const missing = schemaCheckMissing();

describe("manifest.xml against the Office XSD schemas (xmllint)", () => {
  if (missing && !ci) {
    test.skip(`not run: ${missing}`, () => undefined);
    return;
  }

  // Under CI a missing tool fails every test here, each saying what is missing.
  const requireTools = () => {
    if (missing) throw new Error(`CI=true and ${missing}`);
  };

  test("manifest.xml validates", () => {
    requireTools();
    const { status, output } = xmllint(manifestPath);
    expect({ status, output: output.trim() }).toEqual({ status: 0, output: `${manifestPath} validates` });
  });

  test('xmllint rejects a manifest the schema forbids (lifetime="Long")', () => {
    requireTools();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "manifest-"));
    try {
      const broken = path.join(dir, "manifest.xml");
      fs.writeFileSync(
        broken,
        manifest.replace(
          '<Runtime resid="Taskpane.Url" lifetime="long"/>',
          '<Runtime resid="Taskpane.Url" lifetime="Long"/>',
        ),
      );
      const { status, output } = xmllint(broken);
      expect(status).toBe(3);
      expect(output).toContain("'Long' is not an element of the set");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("manifest.xml: checks the schema cannot make", () => {
  const check = (xml: string) => checkManifest(xml, { root, namespace: "DSG" });

  test("the manifest passes every check", () => {
    expect(check(manifest)).toEqual([]);
  });

  test("its <Version> is package.json's version with a fourth part, x.y.z.0", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    expect(parseXml(manifest).children.find((c) => c.name === "Version")?.text).toBe(`${version}.0`);
  });

  test("the parser reads the manifest it checks", () => {
    const doc = parseXml(manifest);
    expect(doc.name).toBe("OfficeApp");
    expect(doc.children.map((c) => c.name)).toContain("VersionOverrides");
  });

  /** [what breaks, the edit, a phrase the report must contain]. Each edit must change the text. */
  const breakages: Array<[string, (xml: string) => string, string]> = [
    [
      "an http URL",
      (x) =>
        x.replace(
          '"https://localhost:3000/taskpane.html"/>\n        <bt:Url',
          '"http://localhost:3000/taskpane.html"/>\n        <bt:Url',
        ),
      "is not an https URL",
    ],
    [
      "an http AppDomain",
      (x) => x.replace("<AppDomain>https://", "<AppDomain>http://"),
      "is not an https URL",
    ],
    [
      "a resid naming no resource",
      (x) => x.replace('<Runtime resid="Taskpane.Url"', '<Runtime resid="Taskpane.Ur1"'),
      'resid "Taskpane.Ur1" names no resource',
    ],
    [
      "a resid of the wrong kind",
      (x) => x.replace('<Namespace resid="Functions.Namespace"/>', '<Namespace resid="Taskpane.Url"/>'),
      "is a Url; <Namespace> needs a ShortString",
    ],
    [
      "a long string where a short one is needed",
      (x) => x.replace('<Label resid="Group.Label"/>', '<Label resid="OpenPane.Tooltip"/>'),
      "is a LongString; <Label> needs a ShortString",
    ],
    [
      "a duplicate resource id",
      (x) => x.replace('<bt:String id="GetStarted.Title"', '<bt:String id="Group.Label"'),
      'duplicate resource id "Group.Label"',
    ],
    [
      "a duplicate control id",
      (x) => x.replace('<Group id="ForumPapers.Group">', '<Group id="ForumPapers.OpenPane">'),
      'duplicate id "ForumPapers.OpenPane"',
    ],
    [
      "an icon of the wrong size",
      (x) =>
        x.replace('<bt:Image size="80" resid="Icon.80x80"/>', '<bt:Image size="80" resid="Icon.32x32"/>'),
      "is 32×32 px; the manifest says 80×80",
    ],
    [
      "an icon file that does not exist",
      (x) => x.replace("assets/icon-16.png", "assets/icon-17.png"),
      "icon file assets/icon-17.png does not exist",
    ],
    [
      "an icon size Office does not use",
      (x) => x.replace('size="16"', 'size="17"'),
      'icon size "17" is not one of',
    ],
    [
      "a HighResolutionIconUrl of the wrong size",
      (x) =>
        x.replace(
          '<HighResolutionIconUrl DefaultValue="https://localhost:3000/assets/icon-64.png"',
          '<HighResolutionIconUrl DefaultValue="https://localhost:3000/assets/icon-80.png"',
        ),
      "the manifest says 64×64",
    ],
    [
      "a short-lived runtime",
      (x) => x.replace('<Runtime resid="Taskpane.Url" lifetime="long"/>', '<Runtime resid="Taskpane.Url"/>'),
      'a shared runtime needs lifetime="long"',
    ],
    [
      "no SharedRuntime requirement",
      (x) => x.replace('<Set Name="SharedRuntime" MinVersion="1.1"/>', ""),
      '<Set Name="SharedRuntime">',
    ],
    [
      "a functions Page on another URL",
      (x) =>
        x.replace(
          '<Page>\n              <SourceLocation resid="Taskpane.Url"/>',
          '<Page>\n              <SourceLocation resid="Functions.Script.Url"/>',
        ),
      'CustomFunctions Page/SourceLocation resid "Functions.Script.Url" differs',
    ],
    [
      "a FunctionFile on another URL",
      (x) =>
        x.replace('<FunctionFile resid="Taskpane.Url"/>', '<FunctionFile resid="Functions.Script.Url"/>'),
      "FunctionFile resid",
    ],
    [
      "a pane on another URL",
      (x) =>
        x.replace(
          '</TaskpaneId>\n                    <SourceLocation resid="Taskpane.Url"/>',
          '</TaskpaneId>\n                    <SourceLocation resid="GetStarted.LearnMoreUrl"/>',
        ),
      "ShowTaskpane SourceLocation resid",
    ],
    [
      "another namespace",
      (x) =>
        x.replace(
          '<bt:String id="Functions.Namespace" DefaultValue="DSG"/>',
          '<bt:String id="Functions.Namespace" DefaultValue="DSX"/>',
        ),
      'namespace is "DSX", expected "DSG"',
    ],
    [
      "a URL on another host",
      (x) => x.replace("https://localhost:3000/functions.json", "https://cdn.example.test/functions.json"),
      "https://cdn.example.test/functions.json is not under the hosting address https://localhost:3000/",
    ],
    [
      "an AppDomain that is not the hosting origin",
      (x) =>
        x.replace(
          "<AppDomain>https://localhost:3000</AppDomain>",
          "<AppDomain>https://example.test</AppDomain>",
        ),
      "AppDomain https://example.test is not the hosting origin https://localhost:3000",
    ],
    ["broken XML", (x) => x.replace("</Hosts>", "</Host>"), "not well-formed XML"],
  ];

  test.each(breakages)("reports %s", (_what, edit, expected) => {
    const broken = edit(manifest);
    expect(broken).not.toBe(manifest);
    const problems = check(broken);
    expect(problems.join("\n")).toContain(expected);
  });
});
