/**
 * The build-options table: one parser and one message per option, and the bounds the papers use
 * (the deficit plan's scenario ranges) agree with it.
 */
import { DEFICIT_SCENARIO_RANGES } from "../../src/papers/deficit-plan";
import { BUILD_OPTIONS, BUILD_OPTION_KEYS, optionMessage, parseOption } from "../../src/papers/options";

describe("the build options", () => {
  test("flags and labels are unique", () => {
    const flags = BUILD_OPTION_KEYS.map((key) => BUILD_OPTIONS[key].flag);
    const labels = BUILD_OPTION_KEYS.map((key) => BUILD_OPTIONS[key].label);
    expect(new Set(flags).size).toBe(flags.length);
    expect(new Set(labels).size).toBe(labels.length);
  });

  test("the scenario options' bounds are the deficit plan's ranges, in percent", () => {
    const { savingsDelivered, expenditurePressure } = BUILD_OPTIONS;
    expect([savingsDelivered.type.min / 100, savingsDelivered.type.max / 100]).toEqual([
      DEFICIT_SCENARIO_RANGES.savingsDelivered.min,
      DEFICIT_SCENARIO_RANGES.savingsDelivered.max,
    ]);
    expect([expenditurePressure.type.min / 100, expenditurePressure.type.max / 100]).toEqual([
      DEFICIT_SCENARIO_RANGES.expenditurePressure.min,
      DEFICIT_SCENARIO_RANGES.expenditurePressure.max,
    ]);
  });

  test("every option that reads a value rejects empty text with its one message", () => {
    for (const key of BUILD_OPTION_KEYS) {
      if (BUILD_OPTIONS[key].type.kind === "switch") continue;
      expect(parseOption(key, "  ")).toEqual({ error: optionMessage(key) });
    }
  });

  test("each percentage option gives one message for text that is not a number and for one out of bounds", () => {
    expect(parseOption("transferPercent", "half")).toEqual({
      error: "must be a percentage from 0% to 100%, such as 0.5%",
    });
    expect(parseOption("transferPercent", "101")).toEqual(parseOption("transferPercent", "half"));
    expect(parseOption("expenditurePressure", "-51%")).toEqual({
      error: "must be a percentage from -50% to 50%, such as 2%",
    });
    expect(parseOption("savingsDelivered", "75")).toEqual({ value: 0.75 });
  });

  test("dates and choices", () => {
    // 1 September 2025 is Excel serial 45901.
    expect(parseOption("meetingDate", "01/09/2025")).toEqual({ value: 45901 });
    expect(parseOption("meetingDate", "29/02/2025")).toEqual({
      error: "must be a date written dd/mm/yyyy, such as 12/03/2026",
    });
    expect(parseOption("status", " Draft ")).toEqual({ value: "draft" });
    expect(parseOption("status", "sent")).toEqual({ error: "must be draft or final" });
  });
});
