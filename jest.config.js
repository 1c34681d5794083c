/** Jest runs the TypeScript sources through ts-jest without type-checking (npm test runs tsc first). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.tsx?$": ["ts-jest", { isolatedModules: true, diagnostics: false }],
  },
  setupFiles: ["<rootDir>/test/setup/custom-functions-global.ts"],
  reporters: ["default", "<rootDir>/test/setup/summary-reporter.js"],
  testTimeout: 120000,
};
