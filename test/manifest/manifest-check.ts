/**
 * Checks on manifest.xml that the XSD schema cannot make (see
 * ../shared/schemas/office-manifest/README.md, "NOT caught"): resids that resolve to a resource of
 * the right kind, unique ids, https everywhere, every URL under the hosting address (and, for a
 * built site, naming a file that is in it), icon files whose pixel size matches the manifest, and
 * a consistent shared runtime. No XML library is installed, so a small parser below reads
 * the manifest into a tree; it handles what a manifest holds (declaration, comments, elements,
 * attributes, text, the five predefined entities and character references), nothing more.
 */
import * as fs from "fs";
import * as path from "path";

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
  parent?: XmlElement;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return String.fromCodePoint(code);
    }
    const named = ENTITIES[ref];
    if (named === undefined) throw new Error(`unknown entity ${whole}`);
    return named;
  });
}

/**
 * Parses XML text into its root element. Throws on mismatched or unclosed tags, so a mutation
 * that breaks the XML is reported rather than half-read.
 */
export function parseXml(xml: string): XmlElement {
  // One token per match: a comment, a processing instruction / declaration, a CDATA section, a
  // tag (start, end or self-closing), or a run of text. Attribute values may hold ">" when quoted.
  const token =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|[^<]+|</g;
  const attr = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  const root: XmlElement = { name: "#document", attrs: {}, children: [], text: "", line: 1 };
  const stack: XmlElement[] = [root];
  let line = 1;
  let m: RegExpExecArray | null;
  while ((m = token.exec(xml)) !== null) {
    const [whole, cdata, closing, name, attrText, selfClosing] = m;
    const top = stack[stack.length - 1];
    if (name !== undefined) {
      if (closing) {
        if (top.name !== name) throw new Error(`line ${line}: </${name}> closes <${top.name}>`);
        stack.pop();
      } else {
        const el: XmlElement = { name, attrs: {}, children: [], text: "", line, parent: top };
        for (const a of attrText.matchAll(attr)) el.attrs[a[1]] = decode(a[2] ?? a[3]);
        top.children.push(el);
        if (!selfClosing) stack.push(el);
      }
    } else if (cdata !== undefined) {
      top.text += cdata;
    } else if (whole === "<") {
      throw new Error(`line ${line}: a "<" that starts no tag`);
    } else if (!whole.startsWith("<")) {
      top.text += decode(whole);
    }
    line += whole.split("\n").length - 1;
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1].name}> is never closed`);
  const elements = root.children;
  if (elements.length !== 1) throw new Error(`expected one root element, found ${elements.length}`);
  return elements[0];
}

/** The local name, without a namespace prefix: "bt:Image" → "Image". */
function local(el: XmlElement): string {
  return el.name.slice(el.name.indexOf(":") + 1);
}

function* walk(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const child of el.children) yield* walk(child);
}

function find(el: XmlElement, name: string): XmlElement[] {
  return [...walk(el)].filter((e) => local(e) === name);
}

function ancestors(el: XmlElement): string[] {
  const names: string[] = [];
  for (let p = el.parent; p; p = p.parent) names.push(local(p));
  return names;
}

type ResourceKind = "Image" | "Url" | "ShortString" | "LongString";

/**
 * The kind of resource an element's resid must name. Labels and titles are short strings (up to
 * 125 characters), descriptions long strings, the custom-functions namespace a short string.
 */
const RESID_KIND: Record<string, ResourceKind> = {
  Runtime: "Url",
  SourceLocation: "Url",
  FunctionFile: "Url",
  LearnMoreUrl: "Url",
  Image: "Image",
  Label: "ShortString",
  Title: "ShortString",
  Namespace: "ShortString",
  Description: "LongString",
};

/** Icon sizes Office accepts on ribbon controls. */
const ICON_SIZES = new Set([16, 20, 24, 32, 40, 48, 64, 80]);

/** The pixel size Office documents for the two add-in-level icons. */
const ADDIN_ICON_SIZE: Record<string, number> = { IconUrl: 32, HighResolutionIconUrl: 64 };

/** Width and height from a PNG's IHDR chunk (bytes 16–23), or an error message. */
export function pngSize(file: string): { width: number; height: number } | string {
  const bytes = fs.readFileSync(file);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (
    bytes.length < 24 ||
    !bytes.subarray(0, 8).equals(signature) ||
    bytes.toString("latin1", 12, 16) !== "IHDR"
  ) {
    return "is not a PNG file";
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export interface CheckOptions {
  /** Where icons are looked up: the URL <baseUrl>assets/x.png is the file <root>/assets/x.png. */
  root: string;
  /** The namespace the DSG.* functions must be registered under. */
  namespace: string;
  /**
   * The address the add-in is hosted at, ending in "/" (default: the dev server's). Every URL in
   * the manifest must be under it, and the <AppDomain> must be its origin.
   */
  baseUrl?: string;
  /**
   * A built site (dist/): when given, every file a manifest URL names must exist in it, since
   * that folder is what gets copied to the host.
   */
  siteDir?: string;
}

/** The dev server's address, which the source manifest.xml uses. */
export const DEV_BASE_URL = "https://localhost:3000/";

/** Returns one line per problem found; an empty list means the manifest passed every check. */
export function checkManifest(xml: string, options: CheckOptions): string[] {
  const problems: string[] = [];
  const problem = (el: XmlElement | undefined, message: string) =>
    problems.push(el ? `line ${el.line} <${el.name}>: ${message}` : message);

  let doc: XmlElement;
  try {
    doc = parseXml(xml);
  } catch (error) {
    return [`not well-formed XML: ${(error as Error).message}`];
  }

  // Resources, by id, with their kind.
  const resources = new Map<string, { kind: ResourceKind; value: string; el: XmlElement }>();
  const overrides = find(doc, "VersionOverrides")[0];
  const resourceRoot = overrides && find(overrides, "Resources")[0];
  if (!resourceRoot) problem(doc, "no VersionOverrides/Resources");
  const groups: Array<[string, ResourceKind]> = [
    ["Images", "Image"],
    ["Urls", "Url"],
    ["ShortStrings", "ShortString"],
    ["LongStrings", "LongString"],
  ];
  for (const [group, kind] of resourceRoot ? groups : []) {
    for (const holder of resourceRoot.children.filter((c) => local(c) === group)) {
      for (const el of holder.children) {
        const id = el.attrs.id;
        if (!id) {
          problem(el, "resource without an id");
          continue;
        }
        const earlier = resources.get(id);
        if (earlier) problem(el, `duplicate resource id "${id}" (first on line ${earlier.el.line})`);
        else resources.set(id, { kind, value: el.attrs.DefaultValue ?? "", el });
      }
    }
  }

  // Every resid resolves to a resource of the kind its element needs.
  for (const el of walk(doc)) {
    const resid = el.attrs.resid;
    if (resid === undefined) continue;
    const want = RESID_KIND[local(el)];
    const found = resources.get(resid);
    if (!want) problem(el, `resid on an element this check does not know; add it to RESID_KIND`);
    else if (!found) problem(el, `resid "${resid}" names no resource`);
    else if (found.kind !== want)
      problem(el, `resid "${resid}" is a ${found.kind}; <${el.name}> needs a ${want}`);
  }

  // No duplicate ids outside the resources (groups, controls, tabs).
  const ids = new Map<string, XmlElement>();
  for (const el of walk(overrides ?? doc)) {
    if (el.attrs.id === undefined || ancestors(el).includes("Resources")) continue;
    const earlier = ids.get(el.attrs.id);
    if (earlier) problem(el, `duplicate id "${el.attrs.id}" (first on line ${earlier.line})`);
    else ids.set(el.attrs.id, el);
  }

  // https everywhere: any attribute value or text that is a URL (namespace names excepted).
  for (const el of walk(doc)) {
    for (const [name, value] of Object.entries(el.attrs)) {
      if (name === "xmlns" || name.startsWith("xmlns:")) continue;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !value.startsWith("https://")) {
        problem(el, `${name}="${value}" is not an https URL`);
      }
    }
    const text = el.children.length === 0 ? el.text.trim() : "";
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !text.startsWith("https://")) {
      problem(el, `"${text}" is not an https URL`);
    }
  }

  // Every URL under the hosting address (namespace names excepted); the AppDomain is its origin;
  // with a built site, each file named exists in it.
  const baseUrl = options.baseUrl ?? DEV_BASE_URL;
  const origin = new URL(baseUrl).origin;
  for (const el of walk(doc)) {
    const values = Object.entries(el.attrs).filter(
      ([name]) => name !== "xmlns" && !name.startsWith("xmlns:"),
    );
    if (el.children.length === 0 && el.text.trim()) values.push(["text", el.text.trim()]);
    for (const [, value] of values) {
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
      if (local(el) === "AppDomain") {
        if (value !== origin) problem(el, `AppDomain ${value} is not the hosting origin ${origin}`);
        continue;
      }
      if (!value.startsWith(baseUrl)) {
        problem(el, `${value} is not under the hosting address ${baseUrl}`);
        continue;
      }
      const rel = value.slice(baseUrl.length).replace(/[?#].*$/, "");
      if (options.siteDir && !fs.existsSync(path.join(options.siteDir, rel))) {
        problem(el, `${value} names ${rel}, which is not in the built site ${options.siteDir}`);
      }
    }
  }

  // Icons: each file exists under assets/ and has the pixel size the manifest says.
  const iconFile = (el: XmlElement, url: string, size: number) => {
    const rel = url.startsWith(baseUrl) ? url.slice(baseUrl.length) : "";
    const match = /^(assets\/[^?#/]+\.png)$/.exec(rel);
    if (!match) return problem(el, `icon URL ${url} is not a PNG under ${baseUrl}assets/`);
    const file = path.join(options.root, match[1]);
    if (!fs.existsSync(file)) return problem(el, `icon file ${match[1]} does not exist`);
    const dims = pngSize(file);
    if (typeof dims === "string") return problem(el, `${match[1]} ${dims}`);
    if (dims.width !== size || dims.height !== size) {
      problem(el, `${match[1]} is ${dims.width}×${dims.height} px; the manifest says ${size}×${size}`);
    }
  };
  for (const el of find(doc, "Image")) {
    if (ancestors(el).includes("Resources")) continue; // the definitions; their uses carry the size
    const size = Number(el.attrs.size);
    if (!ICON_SIZES.has(size))
      problem(el, `icon size "${el.attrs.size}" is not one of ${[...ICON_SIZES].join(", ")}`);
    const resource = resources.get(el.attrs.resid ?? "");
    if (resource?.kind === "Image") iconFile(el, resource.value, size);
  }
  for (const [name, size] of Object.entries(ADDIN_ICON_SIZE)) {
    const el = doc.children.find((c) => local(c) === name);
    if (!el) problem(doc, `no <${name}>`);
    else iconFile(el, el.attrs.DefaultValue ?? "", size);
  }

  // Shared runtime: long-lived, required, and one page for runtime, functions, commands and pane.
  const runtimes = find(doc, "Runtime");
  if (runtimes.length !== 1) problem(doc, `expected one <Runtime>, found ${runtimes.length}`);
  const runtime = runtimes[0];
  if (runtime && runtime.attrs.lifetime !== "long") {
    problem(
      runtime,
      `lifetime="${runtime.attrs.lifetime ?? ""}" (default short): a shared runtime needs lifetime="long"`,
    );
  }
  const sets = find(doc, "Set").map((s) => s.attrs.Name);
  for (const required of ["SharedRuntime", "CustomFunctionsRuntime"]) {
    if (!sets.includes(required)) problem(doc, `Requirements has no <Set Name="${required}">`);
  }
  const customFunctions = find(doc, "ExtensionPoint").find((e) => e.attrs["xsi:type"] === "CustomFunctions");
  const pageSource =
    customFunctions && find(customFunctions, "Page").flatMap((p) => find(p, "SourceLocation"))[0];
  const functionFile = find(doc, "FunctionFile")[0];
  const showTaskpane = find(doc, "Action").filter((a) => a.attrs["xsi:type"] === "ShowTaskpane");
  const shared: Array<[string, XmlElement | undefined]> = [
    ["Runtime", runtime],
    ["CustomFunctions Page/SourceLocation", pageSource],
    ["FunctionFile", functionFile],
    ...showTaskpane.map((a): [string, XmlElement | undefined] => [
      "ShowTaskpane SourceLocation",
      find(a, "SourceLocation")[0],
    ]),
  ];
  if (showTaskpane.length === 0) problem(doc, "no ShowTaskpane button");
  const runtimeResid = runtime?.attrs.resid;
  for (const [what, el] of shared) {
    if (!el) problem(doc, `no ${what}`);
    else if (el.attrs.resid !== runtimeResid) {
      problem(el, `${what} resid "${el.attrs.resid}" differs from the Runtime's "${runtimeResid}"`);
    }
  }
  const defaultSource = find(doc, "DefaultSettings").flatMap((d) => find(d, "SourceLocation"))[0];
  const runtimeUrl = resources.get(runtimeResid ?? "")?.value;
  if (defaultSource && runtimeUrl && defaultSource.attrs.DefaultValue !== runtimeUrl) {
    problem(
      defaultSource,
      `DefaultValue ${defaultSource.attrs.DefaultValue} is not the runtime page ${runtimeUrl}`,
    );
  }

  // The custom-functions namespace.
  const namespace = customFunctions && find(customFunctions, "Namespace")[0];
  if (!namespace) problem(doc, "no CustomFunctions <Namespace>");
  else {
    const value = resources.get(namespace.attrs.resid ?? "")?.value;
    if (value !== options.namespace)
      problem(namespace, `namespace is "${value}", expected "${options.namespace}"`);
  }

  return problems;
}
