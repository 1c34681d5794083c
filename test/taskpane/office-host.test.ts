/**
 * The Office host's explain and share, against a small fake of the Excel JavaScript API (just the
 * calls these two use: the active cell, spills, names, ranges, used ranges, sheet copies). The fake
 * applies writes at once and does not calculate: it shows the host reads what it should in the
 * syncs it should and writes the converted cells; the conversions themselves are checked against
 * LibreOffice in test/app/file-engine.test.ts. Builds in Excel go through the Office adapter (its own tests).
 */
import { OfficeHost } from "../../src/taskpane/office-host";
// The fake reads and writes addresses with its own A1 module, never the adapter's (core/a1.ts).
import { parseArea, rectAddress, sheetPrefix, type Rect } from "../fakes/a1";
import { FIXTURE } from "./dsg-fixture";

type Value = string | number | boolean;
interface Cell {
  value: Value;
  formula?: string;
  /** An anchor's spill size. */
  spill?: { rows: number; cols: number };
}

class FakeSheet {
  cells = new Map<string, Cell>();
  visibility = "Visible";
  constructor(public name: string) {}
  key(r: number, c: number) {
    return `${r},${c}`;
  }
  get(r: number, c: number): Cell | undefined {
    return this.cells.get(this.key(r, c));
  }
  /** The anchor whose spill covers (r, c), if any. */
  spillAnchor(r: number, c: number): [number, number] | undefined {
    for (const [k, cell] of this.cells) {
      if (!cell.spill) continue;
      const [ar, ac] = k.split(",").map(Number);
      if (r >= ar && r < ar + cell.spill.rows && c >= ac && c < ac + cell.spill.cols) return [ar, ac];
    }
    return undefined;
  }
  used(): Rect | undefined {
    const keys = [...this.cells.keys()].map((k) => k.split(",").map(Number));
    if (keys.length === 0) return undefined;
    return {
      top: Math.min(...keys.map((k) => k[0])),
      left: Math.min(...keys.map((k) => k[1])),
      bottom: Math.max(...keys.map((k) => k[0])),
      right: Math.max(...keys.map((k) => k[1])),
    };
  }
}

class FakeBook {
  sheets: FakeSheet[] = [];
  names = new Map<string, string>();
  active: { sheet: string; row: number; col: number } = { sheet: "Register", row: 0, col: 0 };
  syncs = 0;
  sheet(name: string): FakeSheet {
    const s = this.sheets.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!s) throw new Error(`ItemNotFound: ${name}`);
    return s;
  }
}

function rangeProxy(book: FakeBook, sheet: FakeSheet, area: Rect | undefined): Record<string, unknown> {
  const nul = area === undefined;
  const a = area ?? { top: 0, left: 0, bottom: 0, right: 0 };
  const grid = <T>(f: (r: number, c: number) => T): T[][] =>
    Array.from({ length: a.bottom - a.top + 1 }, (_, i) =>
      Array.from({ length: a.right - a.left + 1 }, (_, j) => f(a.top + i, a.left + j)),
    );
  const proxy: Record<string, unknown> = {
    isNullObject: nul,
    load: () => proxy,
    select: () => undefined,
    format: { font: {}, columnWidth: 0 },
    getSpillParentOrNullObject: () => {
      const at = sheet.spillAnchor(a.top, a.left);
      return rangeProxy(
        book,
        sheet,
        at ? { top: at[0], left: at[1], bottom: at[0], right: at[1] } : undefined,
      );
    },
    getSpillingToRangeOrNullObject: () => {
      const cell = sheet.get(a.top, a.left);
      return rangeProxy(
        book,
        sheet,
        cell?.spill
          ? {
              top: a.top,
              left: a.left,
              bottom: a.top + cell.spill.rows - 1,
              right: a.left + cell.spill.cols - 1,
            }
          : undefined,
      );
    },
    getIntersectionOrNullObject: (other: { __area?: Rect }) => {
      const o = other.__area!;
      const top = Math.max(a.top, o.top);
      const left = Math.max(a.left, o.left);
      const bottom = Math.min(a.bottom, o.bottom);
      const right = Math.min(a.right, o.right);
      return rangeProxy(
        book,
        sheet,
        top <= bottom && left <= right ? { top, left, bottom, right } : undefined,
      );
    },
    __area: area,
  };
  Object.defineProperties(proxy, {
    address: { get: () => `${sheetPrefix(sheet.name)}${rectAddress(a)}` },
    values: {
      get: () => grid((r, c) => sheet.get(r, c)?.value ?? ""),
      set: (v: Value[][]) =>
        v.forEach((line, i) =>
          line.forEach((x, j) => {
            const text = typeof x === "string" && x.startsWith("'") ? x.slice(1) : x;
            sheet.cells.set(sheet.key(a.top + i, a.left + j), { value: text });
          }),
        ),
    },
    formulas: {
      get: () => grid((r, c) => sheet.get(r, c)?.formula ?? sheet.get(r, c)?.value ?? ""),
      set: (v: Value[][]) =>
        v.forEach((line, i) =>
          line.forEach((x, j) => {
            const old = sheet.get(a.top + i, a.left + j);
            sheet.cells.set(
              sheet.key(a.top + i, a.left + j),
              typeof x === "string" && x.startsWith("=")
                ? { value: old?.value ?? "", formula: x }
                : { value: x },
            );
          }),
        ),
    },
    numberFormat: { set: () => undefined, get: () => [] },
  });
  return proxy;
}

function sheetProxy(book: FakeBook, name: string): Record<string, unknown> {
  const s = () => book.sheet(name);
  const proxy: Record<string, unknown> = {
    load: () => proxy,
    activate: () => undefined,
    getRange: (a1: string) => rangeProxy(book, s(), parseArea(a1)),
    getUsedRange: () => rangeProxy(book, s(), s().used() ?? { top: 0, left: 0, bottom: 0, right: 0 }),
    getUsedRangeOrNullObject: () => rangeProxy(book, s(), s().used()),
    copy: () => {
      const original = s();
      let n = 2;
      while (book.sheets.some((x) => x.name === `${original.name} (${n})`)) n++;
      const copy = new FakeSheet(`${original.name} (${n})`);
      for (const [k, c] of original.cells) copy.cells.set(k, { ...c });
      book.sheets.push(copy);
      return sheetProxy(book, copy.name);
    },
  };
  Object.defineProperties(proxy, {
    name: {
      get: () => name,
      set: (v: string) => {
        s().name = v;
        name = v;
      },
    },
    visibility: { get: () => s().visibility },
  });
  return proxy;
}

function install(book: FakeBook): void {
  const worksheets = {
    load: () => worksheets,
    get items() {
      return book.sheets.map((x) => sheetProxy(book, x.name));
    },
    getItem: (n: string) => {
      book.sheet(n);
      return sheetProxy(book, book.sheet(n).name);
    },
    add: (n: string) => {
      book.sheets.push(new FakeSheet(n));
      return sheetProxy(book, n);
    },
  };
  const context = {
    workbook: {
      worksheets,
      getActiveCell: () => {
        const { sheet, row, col } = book.active;
        return rangeProxy(book, book.sheet(sheet), { top: row, left: col, bottom: row, right: col });
      },
      names: {
        getItemOrNullObject: (n: string) => {
          const formula = book.names.get(n.toLowerCase());
          return { isNullObject: formula === undefined, formula, load: () => undefined };
        },
      },
    },
    sync: async () => {
      book.syncs++;
    },
  };
  const g = globalThis as Record<string, unknown>;
  g.Excel = {
    run: (batch: (c: unknown) => Promise<unknown>) => batch(context),
    WorksheetPositionType: { end: "End" },
  };
  g.Office = {
    context: {
      requirements: { isSetSupported: () => true },
      officeTheme: { bodyBackgroundColor: "#262626" },
    },
  };
}

/** The fixture workbook as Excel holds it (formulas as Excel shows them, results as values). */
function fixtureBook(): FakeBook {
  const book = new FakeBook();
  const reg = new FakeSheet("Register");
  const set = (a1: string, value: Value, formula?: string, spill?: Cell["spill"]) => {
    const area = parseArea(a1)!;
    reg.cells.set(reg.key(area.top, area.left), {
      value,
      ...(formula ? { formula } : {}),
      ...(spill ? { spill } : {}),
    });
  };
  ["Pupil", "Hours", "Rate", "Start", "Top-up", "Year", "Band cost", "Spilled"].forEach((h, c) =>
    set(rectAddress({ top: 0, left: c, bottom: 0, right: c }), h),
  );
  FIXTURE.rows.forEach((r, i) => {
    const row = i + 2;
    set(`A${row}`, r.pupil);
    set(`B${row}`, r.hours);
    set(`C${row}`, r.rate);
    set(`D${row}`, r.start);
    set(`E${row}`, FIXTURE.topUp[i], `=DSG.HOURSCOST(B${row},C${row},,6000)`);
    set(`F${row}`, FIXTURE.fy[i], `=DSG.FINYEAR(D${row})`);
    set(
      `H${row}`,
      FIXTURE.spillH[i],
      row === 2 ? "=DSG.HOURSCOST(B2:B4,$C$2)" : undefined,
      row === 2 ? { rows: 3, cols: 1 } : undefined,
    );
  });
  set("G2", FIXTURE.bandCost, "=DSG.BANDCOST(2,BandTable)");
  const bands = new FakeSheet("Bands");
  [
    ["Band", "Mainstream"],
    [1, 6000],
    [2, 9000],
    [3, 12000],
  ].forEach((line, r) => line.forEach((v, c) => bands.cells.set(bands.key(r, c), { value: v })));
  book.sheets.push(reg, bands);
  book.names.set("bandtable", "=Bands!$A$1:$B$4");
  return book;
}

describe("OfficeHost, explain the selected cell", () => {
  test("a DSG formula: its inputs read in one sync, the result in words", async () => {
    const book = fixtureBook();
    install(book);
    book.active = { sheet: "Register", row: 1, col: 4 };
    const out = await new OfficeHost().explain();
    expect(out).toMatchObject({
      kind: "explained",
      cell: "Register!E2",
      formula: "=DSG.HOURSCOST(B2,C2,,6000)",
    });
    if (out.kind !== "explained") throw new Error("not explained");
    expect(out.view.result.text).toBe("£6,388.00");
    // One sync for the cell, one for every referenced range.
    expect(book.syncs).toBe(2);
  });

  test("a cell inside a spill: that element of the anchor's call", async () => {
    const book = fixtureBook();
    install(book);
    book.active = { sheet: "Register", row: 2, col: 7 };
    const out = await new OfficeHost().explain();
    if (out.kind !== "explained") throw new Error(JSON.stringify(out));
    expect(out.cell).toBe("Register!H3");
    expect(out.view.element).toBe("row 2 of 3");
    expect(out.view.result.text).toBe(
      `£${FIXTURE.spillH[1].toLocaleString("en-GB", { minimumFractionDigits: 2 })}`,
    );
  });

  test("a named range as an argument", async () => {
    const book = fixtureBook();
    install(book);
    book.active = { sheet: "Register", row: 1, col: 6 };
    const out = await new OfficeHost().explain();
    if (out.kind !== "explained") throw new Error(JSON.stringify(out));
    expect(out.view.result.text).toBe("£9,000.00");
    expect(out.view.args[1].where).toBe("A1:B4 on Bands (the name BandTable)");
  });

  test("a cell without a DSG formula says so", async () => {
    const book = fixtureBook();
    install(book);
    book.active = { sheet: "Register", row: 1, col: 1 };
    await expect(new OfficeHost().explain()).resolves.toMatchObject({
      kind: "nothing",
      message: expect.stringMatching(/B2 has no DSG/),
    });
  });
});

describe("OfficeHost, the selected cell for explaining a figure on a built paper", () => {
  test("gives the sheet and the A1 address of the active cell, in one sync", async () => {
    const book = fixtureBook();
    install(book);
    book.active = { sheet: "Register", row: 11, col: 27 };
    await expect(new OfficeHost().selectedCell()).resolves.toEqual({ sheet: "Register", cell: "AB12" });
    expect(book.syncs).toBe(1);
  });
});

describe("OfficeHost, share", () => {
  test("counts DSG formulas per sheet", async () => {
    install(fixtureBook());
    await expect(new OfficeHost().listShareable()).resolves.toEqual([
      { name: "Register", dsgFormulas: 8 },
      { name: "Bands", dsgFormulas: 0 },
    ]);
  });

  test("copies the sheet, converts its DSG cells, lists them on a note sheet; the original is untouched", async () => {
    const book = fixtureBook();
    install(book);
    const result = await new OfficeHost().share(["Register"]);
    expect(result.copies).toEqual(["Register (for readers)"]);
    const copy = book.sheet("Register (for readers)");
    expect(copy.get(1, 4)?.formula).toBe("=ROUND(MAX(0,B2*C2*38-6000),2)");
    expect(copy.get(1, 5)?.formula).toBe('=YEAR(D2)-(MONTH(D2)<4)&"-"&RIGHT(YEAR(D2)-(MONTH(D2)<4)+1,2)');
    expect(copy.get(1, 6)).toEqual({ value: 9000 });
    expect(copy.get(3, 4)).toEqual({ value: FIXTURE.topUp[2] }); // hours as text: kept as a value
    expect([copy.get(1, 7), copy.get(2, 7), copy.get(3, 7)]).toEqual(
      FIXTURE.spillH.map((v) => ({ value: v })),
    );
    expect([...copy.cells.values()].some((c) => /DSG/.test(c.formula ?? ""))).toBe(false);
    expect(book.sheet("Register").get(1, 4)?.formula).toBe("=DSG.HOURSCOST(B2,C2,,6000)");
    const note = book.sheet("Converted formulas");
    expect(note.get(0, 0)?.value).toBe("Formulas converted for readers without Forum Papers");
    expect(note.get(3, 2)?.value).toBe("=DSG.HOURSCOST(B2,C2,,6000)");
    expect(result.notes).toHaveLength(8);
    expect(result.message).toMatch(/8 DSG formulas converted, 4 to ordinary Excel formulas and 4 to values/);
    // Four syncs whatever the number of cells: list, copy and read, spills and inputs, write.
    expect(book.syncs).toBe(4);
  });

  test("the theme follows Office's body colour", () => {
    install(fixtureBook());
    expect(new OfficeHost().theme()).toBe("dark");
  });
});
