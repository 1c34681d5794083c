/**
 * Which Office requirement sets the source really needs, found with the TypeScript compiler: every
 * property access (also `x["name"]` and `const { name } = x`), call, object-literal property with
 * an Office contextual type and `load("a,b/c")` path in src/ is resolved to its declaration, and the declaration's JSDoc in the Office type
 * packages (@types/office-js, @types/custom-functions-runtime, @types/office-runtime) says which
 * set and version it needs ("[Api set: ExcelApi 1.10]", "**Requirement set**: … | RibbonApi 1.1").
 *
 * A use is fine when the manifest declares its set at that version or above, or when it is
 * "behind a check" for that set and version. Behind a check means one of (each a fact that holds
 * for the whole session, because a host's requirement sets do not change while the add-in runs):
 *
 * 1. it sits in the then-branch of an `if`, the true branch of `?:` or the right side of `&&`
 *    whose condition is a set check (or in the else-branch / false branch / right side of `||`
 *    of a negated one), conditions joined with `&&` each counting;
 * 2. it follows, in the same block, an `if (!check) return/throw …` with no else;
 * 3. it sits in a function every reference to which (in src/) is itself behind the check: the
 *    body can only run when it has been reached through one of them (a function with no reference
 *    in src/, such as one that only tests call, gets nothing from this rule);
 * 4. a closure created behind a check counts as behind it wherever it is later run.
 *
 * A set check is `Office.context.requirements.isSetSupported("Set", "1.x")` with literal
 * arguments, a call of the adapter's `ApiSupport` function (src/workbook/office/host.ts, which
 * answers `isSetSupported("ExcelApi", "1.<minor>")`) with a constant minor, a `const` initialised
 * with a set check, or a condition listed in a {@link RegisteredGate} (a flag the analysis cannot
 * follow, each with the text that sets it from a real check, which the test holds in place).
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** set name → version ("ExcelApi" → "1.7"). */
export type Sets = ReadonlyMap<string, string>;

/** One use of an Office API member in the source. */
export interface ApiUse {
  /** Path relative to the project root. */
  readonly file: string;
  readonly line: number;
  /** "Excel.Worksheet.copy", "CustomFunctions.Error". */
  readonly member: string;
  readonly access: "read" | "write";
  /** What its declaration says it needs (highest version per set). */
  readonly needs: Sets;
  /** The sets and versions the code around it has checked for. */
  readonly guards: Sets;
}

/** A use needing more than the manifest declares and not behind a check for it. */
export interface Violation {
  readonly use: ApiUse;
  readonly set: string;
  readonly version: string;
  /** The manifest's version of the set, if it declares it. */
  readonly declared?: string;
}

/**
 * A condition the analysis cannot trace to a set check by itself (a flag kept in an object and
 * passed on), accepted as that check because `origin` (text in the same file) sets it from one.
 */
export interface RegisteredGate {
  /** Path relative to the project root. */
  readonly file: string;
  /** The condition's source text: "extras.visible". */
  readonly condition: string;
  readonly set: string;
  readonly version: string;
  /** Text in `file` that sets the flag from a real check: "visible: supports(9)". */
  readonly origin: string;
  /** Why the flag is never true without the set. */
  readonly because: string;
}

export const ROOT = path.resolve(__dirname, "../..");

const API_PACKAGES = ["@types/office-js/", "@types/custom-functions-runtime/", "@types/office-runtime/"];
const isApiFile = (fileName: string) =>
  fileName.includes("/node_modules/") && API_PACKAGES.some((p) => fileName.includes(`/node_modules/${p}`));

// ---------------------------------------------------------------------------------------------
// Versions and annotations

/** -1, 0 or 1 comparing "1.10" with "1.9" as numbers, part by part. */
export function compareVersions(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

function raise(into: Map<string, string>, set: string, version: string): void {
  const had = into.get(set);
  if (had === undefined || compareVersions(version, had) > 0) into.set(set, version);
}

function mergeSets(into: Map<string, string>, from: Sets): void {
  for (const [set, version] of from) raise(into, set, version);
}

/** Names of requirement sets as the annotations write them (ExcelApi, CustomFunctionsRuntime, Mailbox …). */
const SET_NAME =
  /^(?:[A-Z]\w*(?:Api|API|Runtime|Auth|Events|Parts|Permission|Origin)\w*|Mailbox|Settings|Selection|File|ActiveView)$/;

/**
 * The sets one annotation needs for a read or a write. "[Api set: ExcelApi 1.1 for get, 1.8 for
 * set]" gives 1.1 to a read and 1.8 to a write; any other text with several versions needs the
 * highest of each set (the parameter-by-parameter notes cannot be told apart, so the strictest).
 * A set named without a version ("**Requirement set**: CustomXmlParts") needs 1.1.
 * @example parseApiSets("[Api set: ExcelApi 1.10]", "read") → ExcelApi 1.10
 */
export function parseApiSets(doc: string, access: "read" | "write"): Map<string, string> {
  const out = new Map<string, string>();
  const texts = [
    ...[...doc.matchAll(/\[\s*Api set:\s*([^\]]*)\]/g)].map((m) => m[1]),
    ...[...doc.matchAll(/\*\*Requirement set\*\*:\s*(?:\{@link\s+[^|}]*\|\s*)?([^}\n]*)/g)].map((m) => m[1]),
  ];
  for (const text of texts) {
    if (/not in a set/i.test(text)) continue;
    const entries: { set: string; version: string; after: string }[] = [];
    let current: string | undefined;
    const pair = /(?:(\w+)\s+)?(\d+\.\d+)/g;
    let m: RegExpExecArray | null;
    const found: { set: string; version: string; index: number; end: number }[] = [];
    while ((m = pair.exec(text)) !== null) {
      if (m[1] !== undefined && SET_NAME.test(m[1])) current = m[1];
      if (current === undefined) continue;
      found.push({ set: current, version: m[2], index: m.index, end: m.index + m[0].length });
    }
    found.forEach((f, i) =>
      entries.push({ ...f, after: text.slice(f.end, found[i + 1]?.index ?? text.length) }),
    );
    if (entries.length === 0) {
      const bare = text.trim().replace(/[.\s]+$/, "");
      if (SET_NAME.test(bare)) raise(out, bare, "1.1");
      continue;
    }
    const forRead = entries.filter((e) => /^\s*for (get|reading|getting)\b/.test(e.after));
    const forWrite = entries.filter((e) => /^\s*for (set|setting)\b/.test(e.after));
    const chosen =
      forRead.length > 0 && forWrite.length > 0 ? (access === "read" ? forRead : forWrite) : entries;
    for (const e of chosen) raise(out, e.set, e.version);
  }
  return out;
}

/** The JSDoc text of a declaration (its own comments; a variable's are on its statement). */
function docOf(decl: ts.Node): string {
  return ts
    .getJSDocCommentsAndTags(decl)
    .map((d) => d.getText())
    .join("\n");
}

/**
 * The sets a declaration's annotation needs, less what its class, interface or enum already needs:
 * an object of a class that arrived in ExcelApi 1.9 (a RangeAreas) can only come from a call that
 * needs 1.9 itself, and that call is checked where it is made, so reading the object's own 1.9
 * members adds nothing. A member newer than its class (Worksheet.copy, 1.10, on a 1.1 class) keeps
 * its need.
 */
function needsOf(decls: readonly ts.Node[], access: "read" | "write"): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of decls) {
    const own = parseApiSets(docOf(d), access);
    const container = d.parent;
    const ofContainer =
      container &&
      (ts.isClassDeclaration(container) ||
        ts.isInterfaceDeclaration(container) ||
        ts.isEnumDeclaration(container))
        ? parseApiSets(docOf(container), "read")
        : new Map<string, string>();
    for (const [set, version] of own) {
      const byContainer = ofContainer.get(set);
      if (byContainer === undefined || compareVersions(version, byContainer) > 0) raise(out, set, version);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The program

/** Parsed Office declaration files, kept between programs (they are large and never change). */
const libraryFiles = new Map<string, ts.SourceFile>();

function compilerOptions(): ts.CompilerOptions {
  const configPath = path.join(ROOT, "tsconfig.json");
  const config = ts.readConfigFile(configPath, (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return { ...parsed.options, noEmit: true, sourceMap: false };
}

/** Every .ts and .tsx file under src/. */
export function sourceFiles(dir = path.join(ROOT, "src")): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out.sort();
}

function createProgram(files: readonly string[], virtual: Readonly<Record<string, string>>): ts.Program {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (fileName in virtual) return ts.createSourceFile(fileName, virtual[fileName], languageVersion, true);
    if (!fileName.includes("/node_modules/"))
      return getSourceFile(fileName, languageVersion, onError, shouldCreate);
    let sf = libraryFiles.get(fileName);
    if (!sf) {
      sf = getSourceFile(fileName, languageVersion, onError, shouldCreate);
      if (sf) libraryFiles.set(fileName, sf);
    }
    return sf;
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => f in virtual || fileExists(f);
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => (f in virtual ? virtual[f] : readFile(f));
  return ts.createProgram({ rootNames: [...files, ...Object.keys(virtual)], options, host });
}

// ---------------------------------------------------------------------------------------------
// The analysis

export interface AnalyseOptions {
  /** Files to analyse (absolute paths); default every file under src/. */
  readonly files?: readonly string[];
  /** In-memory files (absolute path → text), analysed too: the fixtures. */
  readonly virtual?: Readonly<Record<string, string>>;
  readonly gates?: readonly RegisteredGate[];
}

export interface Analysis {
  readonly uses: readonly ApiUse[];
  /** Conditions of `gates` that guarded at least one use, as "file: condition". */
  readonly gatesUsed: ReadonlySet<string>;
  /** Problems the analysis met: a load() path that is no property, a load() of a non-literal. */
  readonly problems: readonly string[];
}

const EMPTY: Sets = new Map();

function union(a: Sets, b: Sets): Map<string, string> {
  const out = new Map(a);
  mergeSets(out, b);
  return out;
}

/** The lower version per set named by both (what every one of several paths guarantees). */
function intersect(a: Sets, b: Sets): Map<string, string> {
  const out = new Map<string, string>();
  for (const [set, v] of a) {
    const w = b.get(set);
    if (w !== undefined) out.set(set, compareVersions(v, w) <= 0 ? v : w);
  }
  return out;
}

function isTypePosition(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isTypeNode(n) || ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return true;
    if (ts.isStatement(n) || ts.isSourceFile(n)) return false;
  }
  return false;
}

function isWriteTarget(node: ts.Node): boolean {
  const p = node.parent;
  if (ts.isBinaryExpression(p) && p.left === node)
    return (
      p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      p.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    );
  return (
    (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) &&
    (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)
  );
}

/** Does this statement always leave the block (return or throw, at its end)? */
function exits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && exits(last);
  }
  return false;
}

/** Find every Office API member the files use, with the checks around each use. */
export function analyse(options: AnalyseOptions = {}): Analysis {
  const virtual = options.virtual ?? {};
  const files = options.files ?? sourceFiles();
  const program = createProgram(files, virtual);
  const checker = program.getTypeChecker();
  const ours = new Set([...files, ...Object.keys(virtual)].map((f) => path.resolve(f)));
  const sources = program.getSourceFiles().filter((sf) => ours.has(path.resolve(sf.fileName)));
  const gates = options.gates ?? [];
  const gatesUsed = new Set<string>();
  const problems: string[] = [];
  const rel = (sf: ts.SourceFile) => path.relative(ROOT, sf.fileName);
  const where = (node: ts.Node) => {
    const sf = node.getSourceFile();
    return `${rel(sf)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  };

  const resolve = (symbol: ts.Symbol | undefined): ts.Symbol | undefined =>
    symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const apiDecls = (symbol: ts.Symbol | undefined): ts.Declaration[] =>
    (symbol?.declarations ?? []).filter((d) => isApiFile(d.getSourceFile().fileName));
  const memberName = (decl: ts.Declaration): string => {
    const names: string[] = [];
    for (let n: ts.Node | undefined = decl; n && !ts.isSourceFile(n); n = n.parent) {
      const name = (n as { name?: ts.Node }).name;
      if (
        name &&
        (ts.isIdentifier(name) || ts.isStringLiteral(name)) &&
        (ts.isModuleDeclaration(n) ||
          ts.isClassDeclaration(n) ||
          ts.isInterfaceDeclaration(n) ||
          ts.isEnumDeclaration(n) ||
          n === decl ||
          ts.isVariableDeclaration(n) ||
          ts.isFunctionDeclaration(n))
      )
        names.unshift(name.text);
    }
    return names.join(".");
  };

  // Every reference to a symbol in our files (declaration names, imports and type positions left out).
  const references = new Map<ts.Symbol, ts.Identifier[]>();
  for (const sf of sources) {
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) {
        const p = node.parent;
        // A node's `name` is what it declares, except a member access (`x.f` uses f) and a
        // shorthand property (`{ f }` uses the variable f).
        const shorthand = ts.isShorthandPropertyAssignment(p) && p.name === node;
        const declName =
          (p as { name?: ts.Node }).name === node && !ts.isPropertyAccessExpression(p) && !shorthand;
        if (!declName && !isTypePosition(node) && !ts.isImportSpecifier(p) && !ts.isExportSpecifier(p)) {
          const symbol = resolve(
            shorthand ? checker.getShorthandAssignmentValueSymbol(p) : checker.getSymbolAtLocation(node),
          );
          if (symbol) {
            const list = references.get(symbol) ?? [];
            list.push(node);
            references.set(symbol, list);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }

  /** What a set check in this condition guarantees when the condition is true (or false). */
  const guardsOf = (expr: ts.Expression, whenTrue: boolean, depth = 0): Sets => {
    let e = expr;
    while (ts.isParenthesizedExpression(e)) e = e.expression;
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken)
      return guardsOf(e.operand, !whenTrue, depth);
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken && whenTrue)
        return union(guardsOf(e.left, true, depth), guardsOf(e.right, true, depth));
      if (op === ts.SyntaxKind.BarBarToken && !whenTrue)
        return union(guardsOf(e.left, false, depth), guardsOf(e.right, false, depth));
      return EMPTY;
    }
    if (!whenTrue) return EMPTY;
    const file = rel(e.getSourceFile());
    const registered = gates.find((g) => g.file === file && g.condition === e.getText());
    if (registered) {
      gatesUsed.add(`${registered.file}: ${registered.condition}`);
      return new Map([[registered.set, registered.version]]);
    }
    if (ts.isCallExpression(e)) return setCheck(e);
    if (ts.isIdentifier(e) && depth < 5) {
      const decl = resolve(checker.getSymbolAtLocation(e))?.valueDeclaration;
      if (
        decl &&
        ts.isVariableDeclaration(decl) &&
        decl.initializer &&
        ts.isVariableDeclarationList(decl.parent) &&
        decl.parent.flags & ts.NodeFlags.Const
      )
        return guardsOf(decl.initializer, true, depth + 1);
    }
    return EMPTY;
  };

  const literal = (e: ts.Expression | undefined): string | undefined =>
    e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) ? e.text : undefined;

  /** isSetSupported("Set", "1.x") or an ApiSupport call with a constant minor. */
  const setCheck = (call: ts.CallExpression): Sets => {
    const decl = checker.getResolvedSignature(call)?.declaration;
    if (
      decl &&
      isApiFile(decl.getSourceFile().fileName) &&
      (decl as { name?: ts.Node }).name?.getText() === "isSetSupported"
    ) {
      const set = literal(call.arguments[0]);
      const version = call.arguments[1] === undefined ? "1.1" : literal(call.arguments[1]);
      return set !== undefined && version !== undefined ? new Map([[set, version]]) : EMPTY;
    }
    const alias = checker.getTypeAtLocation(call.expression).aliasSymbol;
    const aliasDecl = alias?.declarations?.[0];
    if (
      alias?.name === "ApiSupport" &&
      aliasDecl &&
      rel(aliasDecl.getSourceFile()) === path.join("src", "workbook", "office", "host.ts") &&
      call.arguments.length === 1
    ) {
      const minor = checker.getTypeAtLocation(call.arguments[0]);
      if (minor.isNumberLiteral()) return new Map([["ExcelApi", `1.${minor.value}`]]);
    }
    return EMPTY;
  };

  // Guards a function's body gets from its references (rule 3), memoised; a cycle gets nothing.
  const fromCallers = new Map<ts.Node, Sets>();
  const functionSymbol = (fn: ts.SignatureDeclaration): ts.Symbol | undefined => {
    if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name)
      return checker.getSymbolAtLocation(fn.name);
    if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent))
      return checker.getSymbolAtLocation(fn.parent.name);
    return undefined;
  };
  const callerGuards = (fn: ts.SignatureDeclaration): Sets => {
    const known = fromCallers.get(fn);
    if (known) return known;
    fromCallers.set(fn, EMPTY);
    const symbol = functionSymbol(fn);
    const refs = symbol ? (references.get(symbol) ?? []) : [];
    let result: Sets = EMPTY;
    if (refs.length > 0) {
      result = guardsAt(refs[0]);
      for (const r of refs.slice(1)) result = intersect(result, guardsAt(r));
    }
    fromCallers.set(fn, result);
    return result;
  };

  /** Every set check that must have passed for `node` to run (rules 1–4). */
  const guardsAt = (node: ts.Node): Sets => {
    const out = new Map<string, string>();
    let child: ts.Node = node;
    for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
      if (ts.isIfStatement(parent)) {
        if (child === parent.thenStatement) mergeSets(out, guardsOf(parent.expression, true));
        else if (child === parent.elseStatement) mergeSets(out, guardsOf(parent.expression, false));
      } else if (ts.isConditionalExpression(parent)) {
        if (child === parent.whenTrue) mergeSets(out, guardsOf(parent.condition, true));
        else if (child === parent.whenFalse) mergeSets(out, guardsOf(parent.condition, false));
      } else if (ts.isBinaryExpression(parent) && child === parent.right) {
        if (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
          mergeSets(out, guardsOf(parent.left, true));
        else if (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)
          mergeSets(out, guardsOf(parent.left, false));
      } else if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent)) {
        for (const statement of parent.statements) {
          if (statement === child) break;
          if (ts.isIfStatement(statement) && !statement.elseStatement && exits(statement.thenStatement))
            mergeSets(out, guardsOf(statement.expression, false));
        }
      }
      if (ts.isFunctionLike(parent) && "body" in parent) mergeSets(out, callerGuards(parent));
    }
    return out;
  };

  const uses: ApiUse[] = [];
  const record = (
    node: ts.Node,
    decls: readonly ts.Declaration[],
    access: "read" | "write",
    extra?: Sets,
  ) => {
    if (decls.length === 0) return;
    const needs = union(needsOf(decls, access), extra ?? EMPTY);
    if (needs.size === 0) return;
    const sf = node.getSourceFile();
    uses.push({
      file: rel(sf),
      line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1,
      member: memberName(decls[0]),
      access,
      needs,
      guards: guardsAt(node),
    });
  };

  /** The names a string-literal (union) type allows: "values" | "numberFormat" → both. */
  const literalNames = (type: ts.Type): string[] | undefined => {
    const parts = type.isUnion() ? type.types : [type];
    return parts.every((p) => p.isStringLiteral())
      ? parts.map((p) => (p as ts.StringLiteralType).value)
      : undefined;
  };
  /**
   * What a non-literal load() argument can hold, from its type: a string-literal union, or
   * `names.join(",")` over an array of one. Anything else cannot be checked (reported).
   */
  const loadedNames = (arg: ts.Expression): string[] | undefined => {
    const direct = literalNames(checker.getTypeAtLocation(arg));
    if (direct) return direct;
    if (
      ts.isCallExpression(arg) &&
      ts.isPropertyAccessExpression(arg.expression) &&
      arg.expression.name.text === "join" &&
      literal(arg.arguments[0]) === ","
    ) {
      const array = checker.getTypeAtLocation(arg.expression.expression);
      if (checker.isArrayType(array))
        return literalNames(checker.getTypeArguments(array as ts.TypeReference)[0]);
    }
    if (ts.isIdentifier(arg)) {
      const decl = resolve(checker.getSymbolAtLocation(arg))?.valueDeclaration;
      if (
        decl &&
        ts.isVariableDeclaration(decl) &&
        decl.initializer &&
        ts.isVariableDeclarationList(decl.parent) &&
        decl.parent.flags & ts.NodeFlags.Const
      )
        return literal(decl.initializer)?.split(",") ?? loadedNames(decl.initializer);
    }
    return undefined;
  };

  /** load("a,b/c"): each path resolved property by property on the loaded object's type. */
  const loadPaths = (call: ts.CallExpression, receiver: ts.Expression) => {
    const arg = call.arguments[0];
    if (arg === undefined) return;
    const text = literal(arg) ?? loadedNames(arg)?.join(",");
    if (text === undefined) {
      problems.push(`${where(call)}: load() with a non-literal argument cannot be checked`);
      return;
    }
    for (const raw of text.split(",")) {
      let type: ts.Type = checker.getNonNullableType(checker.getTypeAtLocation(receiver));
      for (const segment of raw.trim().split("/")) {
        const prop = checker.getApparentType(type).getProperty(segment);
        if (!prop) {
          problems.push(
            `${where(call)}: load("${raw.trim()}"): ${segment} is no property of ${checker.typeToString(type)}`,
          );
          break;
        }
        record(arg, apiDecls(prop), "read");
        type = checker.getNonNullableType(checker.getTypeOfSymbol(prop));
        if (checker.isArrayType(type)) type = checker.getTypeArguments(type as ts.TypeReference)[0];
      }
    }
  };

  for (const sf of sources) {
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && !isTypePosition(node)) {
        const symbol = resolve(checker.getSymbolAtLocation(node.name));
        const decls = apiDecls(symbol);
        if (decls.length > 0) {
          const call = node.parent;
          const callee = (ts.isCallExpression(call) || ts.isNewExpression(call)) && call.expression === node;
          if (callee) {
            // The overload actually called, plus the class when it is a constructor.
            const signature = checker.getResolvedSignature(call)?.declaration;
            const own = decls.filter(
              (d) => !ts.isMethodSignature(d) && !ts.isMethodDeclaration(d) && !ts.isFunctionDeclaration(d),
            );
            const chosen =
              signature && isApiFile(signature.getSourceFile().fileName) ? [signature, ...own] : decls;
            record(node.name, chosen as ts.Declaration[], "read");
            if (node.name.text === "load" && ts.isCallExpression(call)) loadPaths(call, node.expression);
          } else {
            record(node.name, decls, isWriteTarget(node) ? "write" : "read");
          }
        }
      } else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
        // range["values"]: the same member as range.values.
        const symbol = checker.getSymbolAtLocation(node.argumentExpression);
        record(node.argumentExpression, apiDecls(symbol), isWriteTarget(node) ? "write" : "read");
      } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
        // const { values, hasSpill } = range: each name read from the object's type.
        const key = node.propertyName ?? node.name;
        if (ts.isIdentifier(key)) {
          const prop = checker.getTypeAtLocation(node.parent).getProperty(key.text);
          record(key, apiDecls(prop), "read");
        }
      } else if (ts.isObjectLiteralExpression(node) && !isTypePosition(node)) {
        const contextual = checker.getContextualType(node);
        if (contextual) {
          const types = contextual.isUnion() ? contextual.types : [contextual];
          for (const p of node.properties) {
            if (
              !(ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) ||
              !ts.isIdentifier(p.name)
            )
              continue;
            const name = p.name.text;
            const decls = types.flatMap((t) => apiDecls(checker.getApparentType(t).getProperty(name)));
            record(p.name, decls, "write");
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { uses, gatesUsed, problems };
}

/** The uses that need more than `declared` and are not behind a check for it. */
export function violations(uses: readonly ApiUse[], declared: Sets): Violation[] {
  const out: Violation[] = [];
  for (const use of uses) {
    for (const [set, version] of use.needs) {
      const have = declared.get(set);
      const guard = use.guards.get(set);
      if (have !== undefined && compareVersions(have, version) >= 0) continue;
      if (guard !== undefined && compareVersions(guard, version) >= 0) continue;
      out.push({ use, set, version, ...(have !== undefined ? { declared: have } : {}) });
    }
  }
  return out;
}

/** The highest version per set that uses need without a check: what the manifest must declare. */
export function unguardedNeeds(uses: readonly ApiUse[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const use of uses) {
    for (const [set, version] of use.needs) {
      const guard = use.guards.get(set);
      if (guard === undefined || compareVersions(guard, version) < 0) raise(out, set, version);
    }
  }
  return out;
}

/** One line per violation, for a failure message. */
export function describeViolations(list: readonly Violation[]): string {
  return list
    .map(
      (v) =>
        `${v.use.file}:${v.use.line} ${v.use.member} (${v.use.access}) needs ${v.set} ${v.version}; the manifest declares ${v.declared ?? "no " + v.set} and no isSetSupported check guards it`,
    )
    .join("\n");
}
