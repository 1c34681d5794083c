import { main } from "./src/cli/main";
main(process.argv.slice(2)).then((c) => { process.exitCode = c; });
