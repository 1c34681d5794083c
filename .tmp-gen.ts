import { generateCorpus } from "./test/corpus/generate";
const t = Date.now();
generateCorpus("/tmp/corp", 12).then((e) => console.log(e.length, Date.now() - t, "ms", e.map((x) => x.id + " " + x.layout + " " + Object.keys(x.papers).join(",")).join("\n")));
