/**
 * The register rules the placement papers cost by (core/costing.ts): open on a date, mainstream
 * settings, and the mainstream threshold in an hours-based cost. Expected values are worked by
 * hand from domain.md §3.1–3.4.
 */

import type { Serial } from "../../src/core/dates";
import { isMainstreamSetting, isOpen, mainstreamRates } from "../../src/core/costing";
import { costCurrentPlacement } from "../../src/core/tariffs";

const day = (n: number) => n as Serial;

describe("isOpen", () => {
  test("open on a date: started on or before it, not ended before it", () => {
    expect(isOpen({ start: day(100), end: day(200) }, day(100))).toBe(true);
    expect(isOpen({ start: day(100), end: day(200) }, day(200))).toBe(true);
    expect(isOpen({ start: day(100), end: day(200) }, day(150))).toBe(true);
    expect(isOpen({ start: day(100) }, day(10_000))).toBe(true);
  });

  test("not open before it starts or after it ends", () => {
    expect(isOpen({ start: day(100), end: day(200) }, day(99))).toBe(false);
    expect(isOpen({ start: day(100), end: day(200) }, day(201))).toBe(false);
    expect(isOpen({ start: day(100) }, day(99))).toBe(false);
  });

  test("without a date, open means no end date", () => {
    expect(isOpen({ start: day(100) }, undefined)).toBe(true);
    expect(isOpen({ start: day(100), end: day(200) }, undefined)).toBe(false);
  });
});

describe("isMainstreamSetting", () => {
  test.each(["Mainstream", "Mainstream primary", "mainstream secondary", "MAINSTREAM"])(
    "%s is mainstream",
    (setting) => expect(isMainstreamSetting(setting)).toBe(true),
  );

  test.each([
    "Mainstream RP",
    "Mainstream resourced provision",
    "Mainstream SEN unit",
    "Mainstream unit",
    "Mainstream SRP",
    "Special",
    "Independent special (INMSS)",
    "Post-16",
  ])("%s is not (place-funded, or not mainstream)", (setting) =>
    expect(isMainstreamSetting(setting)).toBe(false),
  );

  test("a word that merely contains rp or unit does not count as one", () => {
    expect(isMainstreamSetting("Mainstream Sharpness community")).toBe(true);
  });
});

describe("mainstreamRates", () => {
  const rates = mainstreamRates({ hourlyRate: 20, weeksPerYear: 38, mainstreamThreshold: 6000 });

  test("the threshold comes off an hours-based cost in mainstream only", () => {
    // 10 hours × £20 × 38 weeks = £7,600; less £6,000 in mainstream = £1,600.
    const mainstream = costCurrentPlacement(
      { school: "A", setting: "Mainstream primary", currentBand: "1", hours: 10 },
      undefined,
      rates,
    );
    const special = costCurrentPlacement(
      { school: "A", setting: "Special", currentBand: "1", hours: 10 },
      undefined,
      rates,
    );
    const unit = costCurrentPlacement(
      { school: "A", setting: "Mainstream SEN unit", currentBand: "1", hours: 10 },
      undefined,
      rates,
    );
    expect(mainstream).toMatchObject({ rule: "hours", cost: 1600 });
    expect(special).toMatchObject({ rule: "hours", cost: 7600 });
    expect(unit).toMatchObject({ rule: "hours", cost: 7600 });
  });

  test("keeps the rates it is given", () => {
    expect(rates).toMatchObject({ hourlyRate: 20, weeksPerYear: 38, mainstreamThreshold: 6000 });
  });
});
