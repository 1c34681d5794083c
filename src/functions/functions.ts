/*
 * The DSG.* custom functions. Excel reads each function's name, description and parameters from the
 * JSDoc below (webpack's CustomFunctionsMetadataPlugin generates functions.json from it; nobody
 * edits that file). Each wrapper is one line: the runner and the function table in table.ts do the
 * coercion, spilling and error mapping, and src/core does the arithmetic. Each @param's text is the
 * table's `help` for that parameter, and a stated default ("Default 38.") is the table's `default`:
 * test/functions/table.test.ts checks both against the table.
 *
 * Every parameter is typed any[][] so a user may give a single value or a whole range: a range of
 * 10,000 bands returns 10,000 costs in one spilled call.
 */

import { runElementwise, runWholeRange } from "./runner";
import {
  ACADYEAR,
  BANDCOST,
  FINYEAR,
  HOURSCOST,
  MFGFLOOR,
  MPPL,
  NEEDSCORE,
  PLACEMENTCOSTS,
  PRORATA,
  TRAJECTORY,
  TRANSFERAMOUNT,
  TRANSFERIMPACT,
} from "./table";

/* eslint-disable @typescript-eslint/no-explicit-any -- Excel passes cell values of any type. */

/**
 * Annual top-up for a band, looked up in a band table (first column: bands; a header row names the settings).
 * @customfunction BANDCOST
 * @helpurl https://localhost:3000/help/bandcost.html
 * @param band The band to cost, e.g. "Band 3" or 3; or a range of bands (the result spills).
 * @param bandTable The band table: bands in the first column, one column of annual £ values per setting, optional header row naming the settings.
 * @param [setting] The setting column to use, by its header text (e.g. "Special school") or number. Default: the first value column.
 * @param [uplift] An uplift: a percentage (3.4% or 0.034) in percent mode, or £ in flat mode. Default 0.
 * @param [upliftMode] "percent" (default) to multiply by (1 + uplift), or "flat" to add uplift in £.
 * @returns The annual top-up in £, rounded to the penny.
 */
export function bandcost(
  band: any[][],
  bandTable: any[][],
  setting?: any[][],
  uplift?: any[][],
  upliftMode?: any[][],
): any[][] {
  return runElementwise(BANDCOST, [band, bandTable, setting, uplift, upliftMode]);
}

/**
 * Annual top-up on an hours basis: max(0, hours × rate × weeks ÷ group size − threshold).
 * @customfunction HOURSCOST
 * @helpurl https://localhost:3000/help/hourscost.html
 * @param hoursPerWeek Hours of support a week (0 or more); or a range.
 * @param hourlyRate Cost of one hour of support in £, e.g. 14.95.
 * @param [weeks] Weeks funded a year. Default 38.
 * @param [threshold] £ a year the setting meets first, e.g. 6000 (the mainstream element 2 threshold). Default 0.
 * @param [groupSize] Pupils sharing the support (1 or more). Default 1.
 * @returns The annual top-up in £, rounded to the penny, never below zero.
 */
export function hourscost(
  hoursPerWeek: any[][],
  hourlyRate: any[][],
  weeks?: any[][],
  threshold?: any[][],
  groupSize?: any[][],
): any[][] {
  return runElementwise(HOURSCOST, [hoursPerWeek, hourlyRate, weeks, threshold, groupSize]);
}

/**
 * Needs-led matrix score: the sum over areas of need of level × weight, each area capped where caps says.
 * @customfunction NEEDSCORE
 * @helpurl https://localhost:3000/help/needscore.html
 * @param levels Levels of need, one per area (a row); or a register with one row per pupil (one score per row spills down).
 * @param weights The weight of each area of need, one per area.
 * @param [caps] The most points each area can add, one per area; blank means no cap.
 * @returns The needs score (points).
 */
export function needscore(levels: any[][], weights: any[][], caps?: any[][]): any[][] {
  return runWholeRange(NEEDSCORE, [levels, weights, caps]);
}

/**
 * The part of an annual amount that falls in a period (a financial or academic year), pro rata.
 * @customfunction PRORATA
 * @helpurl https://localhost:3000/help/prorata.html
 * @param annual The annual amount in £; or a range.
 * @param start The placement's first day (a date, or text such as 01/09/2025).
 * @param end The placement's last day; an empty cell means still open.
 * @param [period] The period: a financial year "2026-27", an academic year "AY2026/27", or a date in the year. Default: the financial year containing start.
 * @param [basis] "days" (default), "weeks" (38-week year), "months" or "terms" (autumn, spring, summer thirds).
 * @returns The amount in the period in £, rounded to the penny.
 */
export function prorata(
  annual: any[][],
  start: any[][],
  end: any[][],
  period?: any[][],
  basis?: any[][],
): any[][] {
  return runElementwise(PRORATA, [annual, start, end, period, basis]);
}

/**
 * The financial-year label of a date, e.g. "2026-27" (financial years run 1 April to 31 March).
 * @customfunction FINYEAR
 * @helpurl https://localhost:3000/help/finyear.html
 * @param date A date (or UK date text such as 01/09/2025); or a range of dates.
 * @returns The financial-year label.
 */
export function finyear(date: any[][]): any[][] {
  return runElementwise(FINYEAR, [date]);
}

/**
 * The academic-year label of a date, e.g. "AY2026/27" (academic years run 1 September to 31 August).
 * @customfunction ACADYEAR
 * @helpurl https://localhost:3000/help/acadyear.html
 * @param date A date (or UK date text such as 01/09/2025); or a range of dates.
 * @returns The academic-year label.
 */
export function acadyear(date: any[][]): any[][] {
  return runElementwise(ACADYEAR, [date]);
}

/**
 * The £ moved by a Schools Block transfer: (schoolsBlock − excluded) × percent.
 * @customfunction TRANSFERAMOUNT
 * @helpurl https://localhost:3000/help/transferamount.html
 * @param schoolsBlock The Schools Block before recoupment, in £.
 * @param percent The transfer as a percentage, e.g. 0.5%.
 * @param [excluded] £ protected from transfer and taken off the base first. Default 0.
 * @returns The transfer in £, rounded to the penny.
 */
export function transferamount(schoolsBlock: any[][], percent: any[][], excluded?: any[][]): any[][] {
  return runElementwise(TRANSFERAMOUNT, [schoolsBlock, percent, excluded]);
}

/**
 * Each school's share of a Schools Block transfer, keeping every school at or above its protected floor.
 * @customfunction TRANSFERIMPACT
 * @helpurl https://localhost:3000/help/transferimpact.html
 * @param allocations Each school's budget share before the transfer, in £ (a column).
 * @param floors Each school's protected floor (MFG/MPPL) in £, in the same order.
 * @param transfer The total to take from the schools, in £.
 * @param [pupils] Pupils in each school; needed for the "perpupil" method.
 * @param [method] "scale" (default): one factor scales all funding above the floors; "perpupil": one £ reduction per pupil.
 * @param [result] "reduction" (default), "after" (budget after the transfer), or "rate" (the solved factor or £ per pupil).
 * @returns One value per school (spills), or the solved rate.
 */
export function transferimpact(
  allocations: any[][],
  floors: any[][],
  transfer: any[][],
  pupils?: any[][],
  method?: any[][],
  result?: any[][],
): any[][] {
  return runWholeRange(TRANSFERIMPACT, [allocations, floors, transfer, pupils, method, result]);
}

/**
 * Minimum funding guarantee floor: baselinePerPupil × (1 + mfg) × pupils.
 * @customfunction MFGFLOOR
 * @helpurl https://localhost:3000/help/mfgfloor.html
 * @param baselinePerPupil Last year's MFG baseline per pupil, in £.
 * @param pupils Pupils this year.
 * @param mfg The MFG percentage, e.g. 0.5% or -0.5%.
 * @returns The floor in £, rounded to the penny.
 */
export function mfgfloor(baselinePerPupil: any[][], pupils: any[][], mfg: any[][]): any[][] {
  return runElementwise(MFGFLOOR, [baselinePerPupil, pupils, mfg]);
}

/**
 * Minimum per-pupil level total for a school, weighted by its key-stage mix.
 * @customfunction MPPL
 * @helpurl https://localhost:3000/help/mppl.html
 * @param primaryPupils Primary pupils.
 * @param ks3Pupils Key stage 3 pupils.
 * @param ks4Pupils Key stage 4 pupils.
 * @param primaryRate Primary minimum per-pupil level in £, e.g. 4955.
 * @param ks3Rate Key stage 3 minimum per-pupil level in £.
 * @param ks4Rate Key stage 4 minimum per-pupil level in £.
 * @returns The school's minimum per-pupil level total in £.
 */
export function mppl(
  primaryPupils: any[][],
  ks3Pupils: any[][],
  ks4Pupils: any[][],
  primaryRate: any[][],
  ks3Rate: any[][],
  ks4Rate: any[][],
): any[][] {
  return runElementwise(MPPL, [primaryPupils, ks3Pupils, ks4Pupils, primaryRate, ks3Rate, ks4Rate]);
}

/**
 * Projected high-needs spend per year from placement types (count, unit cost, count growth, cost growth).
 * @customfunction PLACEMENTCOSTS
 * @helpurl https://localhost:3000/help/placementcosts.html
 * @param table Placement types: optional name column, then count, unit cost (£), count growth (%), cost growth (%); an optional header row.
 * @param years Years to project (1 to 50).
 * @returns One row per year: year, placements, spend (£).
 */
export function placementcosts(table: any[][], years: any[][]): any[][] {
  return runWholeRange(PLACEMENTCOSTS, [table, years]);
}

/**
 * The DSG deficit trajectory table with a header row; balances are signed (a deficit is negative).
 * @customfunction TRAJECTORY
 * @helpurl https://localhost:3000/help/trajectory.html
 * @param openingBalance Cumulative DSG balance brought forward in £ (a deficit is negative).
 * @param funding First-year funding in £, or one value per year (a row or column).
 * @param expenditure First-year expenditure in £, or one value per year.
 * @param [years] Years to project. Default: the number of per-year values, else 5.
 * @param [fundingGrowth] Funding growth a year (e.g. 3%), one value or one per year.
 * @param [expenditureGrowth] Expenditure growth a year (e.g. 8%), one value or one per year.
 * @param [savings] Savings from management actions in £ (positive), one value or one per year.
 * @param [transfers] Transfers into the block in £ (e.g. a Schools Block transfer), one value or one per year.
 * @param [otherIncome] Other income in £ (e.g. safety valve instalments), one value or one per year.
 * @param [writeOffs] Write-offs of the deficit in £ (e.g. the High Needs Stability Grant), one value or one per year.
 * @param [startYear] The first financial year, e.g. "2026-27" or 2026. Default: years are labelled Year 1, Year 2, ...
 * @returns The trajectory: Year, Funding, Expenditure, Savings, Transfers in, Other income, Write-offs, In-year surplus/(deficit), Cumulative balance.
 */
export function trajectory(
  openingBalance: any[][],
  funding: any[][],
  expenditure: any[][],
  years?: any[][],
  fundingGrowth?: any[][],
  expenditureGrowth?: any[][],
  savings?: any[][],
  transfers?: any[][],
  otherIncome?: any[][],
  writeOffs?: any[][],
  startYear?: any[][],
): any[][] {
  return runWholeRange(TRAJECTORY, [
    openingBalance,
    funding,
    expenditure,
    years,
    fundingGrowth,
    expenditureGrowth,
    savings,
    transfers,
    otherIncome,
    writeOffs,
    startYear,
  ]);
}
