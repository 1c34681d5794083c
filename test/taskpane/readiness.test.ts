/** What stops the pane's next step, in words (src/taskpane/ui/readiness.ts). */
import {
  buildBlocker,
  emptyCoverFields,
  listInWords,
  mappingBlocker,
  sizeText,
} from "../../src/taskpane/ui/readiness";
import { defaultForm } from "../../src/taskpane/options";
import { tryParams } from "../../src/functions/explain";
import { FUNCTIONS } from "../../src/functions/table";

test("a blank workbook blocks both the mapping and the build, saying nothing was recognised", () => {
  const facts = { status: "ready", nothingRecognised: true, problemCount: 0 };
  expect(mappingBlocker(facts)).toMatch(/^Nothing in this workbook was recognised/);
  expect(buildBlocker(facts, true)).toMatch(/^Nothing in this workbook was recognised/);
});

test("each blocker in turn, and none when everything is ready", () => {
  expect(buildBlocker({ status: "empty" }, true)).toBe("Open a council workbook first (step 1, Sources).");
  expect(buildBlocker({ status: "reading" }, true)).toMatch(/^Wait/);
  expect(buildBlocker({ status: "ready", problemCount: 2 }, true)).toMatch(/mapping/);
  expect(mappingBlocker({ status: "ready", problemCount: 2 })).toBe(
    "Fix the 2 problems shown in the mapping first.",
  );
  expect(mappingBlocker({ status: "ready", problemCount: 1 })).toBe(
    "Fix the problem shown in the mapping first.",
  );
  expect(buildBlocker({ status: "ready", problemCount: 0 }, false)).toMatch(/step 2, Papers/);
  expect(buildBlocker({ status: "ready", problemCount: 0, nothingRecognised: false }, true)).toBeUndefined();
  expect(mappingBlocker({ status: "ready", problemCount: 0, nothingRecognised: false })).toBeUndefined();
});

test("a fresh form's empty cover fields, named as the form labels them", () => {
  expect(emptyCoverFields(defaultForm())).toEqual(["Meeting date", "Author", "Paper reference"]);
  expect(
    emptyCoverFields({
      meetingName: "Schools Forum",
      meetingDate: "03/12/2026",
      author: " ",
      paperRef: "SF/1",
    }),
  ).toEqual(["Author"]);
  expect(listInWords(["Meeting date", "Author", "Paper reference"])).toBe(
    "Meeting date, Author and Paper reference",
  );
  expect(listInWords(["Author"])).toBe("Author");
});

test("file sizes", () => {
  expect(sizeText(812)).toBe("812 bytes");
  expect(sizeText(48 * 1024 + 100)).toBe("48 KB");
  expect(sizeText(1.4 * 1024 * 1024)).toBe("1.4 MB");
});

test("every parameter of every function has a plain label", () => {
  for (const [fn, def] of Object.entries(FUNCTIONS)) {
    for (const p of def.params) {
      expect({ fn, param: p.name, label: p.label }).toEqual({
        fn,
        param: p.name,
        label: expect.stringMatching(/^[A-Z][^A-Z]*|^[A-Z]/),
      });
    }
  }
  expect(tryParams("HOURSCOST").map((p) => p.label)).toEqual([
    "Hours a week",
    "Hourly rate (£)",
    "Weeks funded a year",
    "Threshold the setting meets first (£ a year)",
    "Pupils sharing the support",
  ]);
});
