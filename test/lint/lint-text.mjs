/**
 * Lints fake files with the project's ESLint config through the ESLint Node API and prints the
 * messages as JSON. It runs in its own Node process because ESLint loads eslint.config.mjs with a
 * dynamic import(), which Jest's module sandbox refuses without --experimental-vm-modules.
 *
 * stdin:  [{ "filePath": "src/core/x.ts", "text": "import ..." }, ...]   (paths relative to the project)
 * stdout: [[{ "ruleId": "...", "message": "...", "fatal": false }, ...], ...]   (one array per input)
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let input = "";
for await (const chunk of process.stdin) input += chunk;

const eslint = new ESLint({ cwd: root });
const output = [];
for (const { filePath, text } of JSON.parse(input)) {
  const [result] = await eslint.lintText(text, { filePath: path.join(root, filePath) });
  output.push(result.messages.map(({ ruleId, message, fatal = false }) => ({ ruleId, message, fatal })));
}
process.stdout.write(JSON.stringify(output));
