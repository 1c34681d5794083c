/**
 * The DSG.* functions' help pages: docs/functions/<name>.md rendered to help/<name>.html in the
 * built site, so each function's helpUrl (functions.json, from the JSDoc @helpurl) names a page the
 * add-in ships. Excel opens that page when a user asks for help on the function.
 *
 * The pages use a small, fixed subset of Markdown (headings, paragraphs, fenced code, pipe tables,
 * bullet lists, `code`, **bold**, [links](x.md)), so a renderer of that subset is written here
 * rather than taking a dependency. Text is HTML-escaped before any markup is added.
 *
 * Each page's argument table (names in order, "required" or the default, the unit a value is in)
 * says what the function table in src/functions/table.ts declares; test/functions/table.test.ts
 * checks every page against it, so a changed default or a new parameter fails until its page says so.
 */
"use strict";

const fs = require("fs");
const path = require("path");

const DOCS = path.resolve(__dirname, "../docs/functions");

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Inline markup on escaped text: `code` first (its content is left alone), then **bold** and links.
 * A link to another page ("prorata.md") becomes the built page ("prorata.html").
 * ✓ "`=DSG.FINYEAR(A2)`" → <code>=DSG.FINYEAR(A2)</code>   ✓ "[DSG.ACADYEAR](acadyear.md)" → <a href="acadyear.html">
 */
function inline(text) {
  const parts = escapeHtml(text).split(/(`[^`]*`)/);
  return parts
    .map((part) => {
      if (part.startsWith("`") && part.endsWith("`") && part.length >= 2)
        return `<code>${part.slice(1, -1)}</code>`;
      return part
        .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label, href) => {
          const target = /^[a-z0-9-]+\.md(#.*)?$/i.test(href) ? href.replace(/\.md/, ".html") : href;
          return `<a href="${target}">${label}</a>`;
        });
    })
    .join("");
}

/** Cells of a pipe-table row: "| a | b |" → ["a", "b"]. */
function cells(line) {
  return line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((c) => c.trim());
}

/** The Markdown subset above as HTML body content. */
function renderMarkdown(markdown) {
  const lines = markdown.replace(/\r\n/g, "\n").split("\n");
  const out = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === "") {
      i++;
    } else if (line.startsWith("```")) {
      const code = [];
      i++;
      while (i < lines.length && !lines[i].startsWith("```")) code.push(lines[i++]);
      i++;
      out.push(`<pre><code>${escapeHtml(code.join("\n"))}</code></pre>`);
    } else if (/^#{1,6} /.test(line)) {
      const level = line.indexOf(" ");
      out.push(`<h${level}>${inline(line.slice(level + 1).trim())}</h${level}>`);
      i++;
    } else if (line.trim().startsWith("|")) {
      const rows = [];
      while (i < lines.length && lines[i].trim().startsWith("|")) rows.push(cells(lines[i++]));
      const [header, , ...body] = rows;
      out.push(
        "<table>",
        `<thead><tr>${header.map((c) => `<th scope="col">${inline(c)}</th>`).join("")}</tr></thead>`,
        `<tbody>${body.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join("")}</tr>`).join("")}</tbody>`,
        "</table>",
      );
    } else if (/^\s*[-*] /.test(line)) {
      const items = [];
      while (i < lines.length && /^\s*[-*] /.test(lines[i])) {
        let item = lines[i++].replace(/^\s*[-*] /, "");
        // A wrapped item continues on indented lines.
        while (i < lines.length && /^\s{2,}\S/.test(lines[i]) && !/^\s*[-*] /.test(lines[i]))
          item += ` ${lines[i++].trim()}`;
        items.push(`<li>${inline(item)}</li>`);
      }
      out.push(`<ul>${items.join("")}</ul>`);
    } else {
      const paragraph = [];
      while (i < lines.length && lines[i].trim() !== "" && !/^(#{1,6} |```|\s*\||\s*[-*] )/.test(lines[i]))
        paragraph.push(lines[i++].trim());
      out.push(`<p>${inline(paragraph.join(" "))}</p>`);
    }
  }
  return out.join("\n");
}

/** A whole help page: the rendered Markdown with a title and a plain, readable style. */
function helpPage(markdown) {
  const heading = /^# (.+)$/m.exec(markdown);
  const title = heading ? heading[1] : "Forum Papers help";
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Forum Papers</title>
<style>
body { font-family: "Segoe UI", system-ui, sans-serif; line-height: 1.5; max-width: 50rem; margin: 1.5rem auto; padding: 0 1rem; color: #1b1b1b; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #8a8886; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
code, pre { font-family: Consolas, "Courier New", monospace; }
pre { background: #f3f2f1; padding: 0.75rem; overflow-x: auto; }
a { color: #0f5fa6; }
</style>
</head>
<body>
<main>
${renderMarkdown(markdown)}
</main>
</body>
</html>
`;
}

/** Every help page: { "help/bandcost.html": html, …, "help/index.html": the README's page }. */
function helpPages(dir = DOCS) {
  const pages = {};
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith(".md")) continue;
    const name = file === "README.md" ? "index" : file.slice(0, -3);
    pages[`help/${name}.html`] = helpPage(fs.readFileSync(path.join(dir, file), "utf8"));
  }
  return pages;
}

/** Webpack plugin: adds the help pages to the build's assets. */
class HelpPages {
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("HelpPages", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "HelpPages", stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          for (const file of fs.readdirSync(DOCS))
            if (file.endsWith(".md")) compilation.fileDependencies.add(path.join(DOCS, file));
          for (const [name, html] of Object.entries(helpPages()))
            compilation.emitAsset(name, new sources.RawSource(html));
        },
      );
    });
  }
}

module.exports = { HelpPages, helpPages, helpPage, renderMarkdown };
