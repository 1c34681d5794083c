/**
 * docs/deploy.md stays true to what it describes: the requirement sets it lists (from which its
 * platform table follows) are the manifest's, and the commands it gives exist in package.json.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const doc = fs.readFileSync(path.join(ROOT, "docs/deploy.md"), "utf8");
const manifest = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8").replace(/<!--[\s\S]*?-->/g, "");
const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts as Record<
  string,
  string
>;

const sets = (text: string) =>
  [...text.matchAll(/<Set Name="([^"]+)" MinVersion="([^"]+)"\/>/g)].map((m) => `${m[1]} ${m[2]}`);

test("the requirement sets docs/deploy.md lists are the manifest's", () => {
  const declared = sets(/<Requirements>[\s\S]*?<\/Requirements>/.exec(manifest)?.[0] ?? "");
  expect(declared.length).toBeGreaterThan(0);
  expect(sets(doc).sort()).toEqual(declared.sort());
});

test("every `npm run <script>` in docs/deploy.md is a package.json script", () => {
  const named = [...doc.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
  expect(named).toContain("package");
  expect(named.filter((name) => !(name in scripts))).toEqual([]);
});
