/**
 * Builds the add-in into dist/:
 *   functions.js    the DSG.* custom functions (src/functions/functions.ts)
 *   functions.json  their metadata, generated from the JSDoc by CustomFunctionsMetadataPlugin
 *   taskpane.js     the pane's small entry (src/taskpane/index.ts): waits for Office, then loads
 *   pane-ui.*.js    the pane UI chunk (React, Fluent UI, the steps) by dynamic import()
 *   office-host.*.js  the Office host and adapter, by dynamic import()
 *   taskpane.html   the shared-runtime page: office.js (CDN), then functions.js, then taskpane.js
 *   help.html, help/<function>.html (docs/functions rendered by scripts/help-pages.js), assets/,
 *   manifest.xml
 *
 * `npm run build` is a production build for hosting: it needs ADDIN_BASE_URL, the https address
 * dist/ will be copied to, and writes every URL of dist/manifest.xml under it (docs/deploy.md).
 * Every path inside dist/ is relative, so dist/ works as it is on any static HTTPS host.
 * `npm run dev-server` serves https://localhost:3000 with the Office developer certificate
 * (office-addin-dev-certs) when it can be installed; `npm run build:dev` keeps the localhost URLs.
 * Either way the manifest's <Version> is package.json's version with a fourth part, x.y.z.0.
 *
 * With `--env preview` it builds the browser preview into out/preview/ instead: the same pane UI
 * chunk with the file host (the xlsx adapter in the browser, its own xlsx-engine chunk), an
 * index.html without office.js, served over http://127.0.0.1 by `npm run preview`.
 */
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const { HelpPages } = require("./scripts/help-pages");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const zlib = require("zlib");

/** The address every URL in the source manifest.xml starts with: the dev server. */
const urlDev = "https://localhost:3000/";
/** The dev server's port: package.json's config, or FORUM_PAPERS_DEV_SERVER_PORT (tests use a free one). */
const port = Number(
  process.env.FORUM_PAPERS_DEV_SERVER_PORT || process.env.npm_package_config_dev_server_port || 3000,
);

/** Why a production build stops: said once, plainly, without webpack's stack trace. */
class BuildSetupError extends Error {}

/**
 * The base URL a production build is hosted at, from ADDIN_BASE_URL: an https URL without query
 * or fragment, normalised to end in "/" so that relative file names join under it.
 */
function productionBaseUrl() {
  const raw = (process.env.ADDIN_BASE_URL || "").trim();
  const example = "ADDIN_BASE_URL=https://addins.example.gov.uk/forum-papers/ npm run build";
  if (!raw) {
    throw new BuildSetupError(
      [
        "ADDIN_BASE_URL is not set. A production build writes the address the add-in is hosted at",
        "into dist/manifest.xml, so it needs that address: the https URL that dist/ will be copied to, e.g.",
        `  ${example}`,
        "(see docs/deploy.md). For Excel against the local dev server use npm run dev-server and manifest.xml.",
      ].join("\n"),
    );
  }
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new BuildSetupError(`ADDIN_BASE_URL "${raw}" is not a URL; expected e.g. ${example}`);
  }
  if (url.protocol !== "https:") {
    throw new BuildSetupError(
      `ADDIN_BASE_URL "${raw}" must be an https URL: Office loads add-ins only over https.`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new BuildSetupError(`ADDIN_BASE_URL "${raw}" must have no query, fragment or credentials.`);
  }
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}

/**
 * package.json's version as a manifest <Version> (x.y.z.0). Office compares versions part by
 * part as numbers, so a pre-release tag (1.2.0-beta) cannot be carried: it stops the build.
 */
function manifestVersion() {
  const { version } = require("./package.json");
  if (!/^\d{1,5}\.\d{1,5}\.\d{1,5}$/.test(version)) {
    throw new BuildSetupError(
      `package.json version "${version}" is not x.y.z (numbers only): the manifest <Version> cannot follow it.`,
    );
  }
  return `${version}.0`;
}

/**
 * The manifest for a build: every dev-server URL moved under `baseUrl`, the <AppDomain> set to
 * its origin, and <Version> from package.json. Throws if a localhost URL would be left behind
 * (a URL written some other way in manifest.xml), so a build never ships one by accident.
 */
function manifestFor(xml, baseUrl) {
  let out = xml.replace(/<Version>[^<]*<\/Version>/, `<Version>${manifestVersion()}</Version>`);
  if (baseUrl === urlDev) return out;
  out = out
    .replaceAll(urlDev, baseUrl)
    .replaceAll(
      `<AppDomain>${urlDev.slice(0, -1)}</AppDomain>`,
      `<AppDomain>${new URL(baseUrl).origin}</AppDomain>`,
    );
  // The XML comment at the top names the dev server; only what is outside comments matters.
  const left = out.replace(/<!--[\s\S]*?-->/g, "").match(/https?:\/\/localhost[^"<\s]*/);
  if (left)
    throw new BuildSetupError(`manifest.xml still names ${left[0]} after moving its URLs to ${baseUrl}`);
  return out;
}

const functionsEntry = "./src/functions/functions.ts";

/**
 * HTTPS options for the dev server. Office only loads add-ins over https from a trusted
 * certificate; office-addin-dev-certs creates one and installs its CA (it may ask for a password).
 * If that fails (no sudo, a headless Linux box), fall back to webpack-dev-server's own
 * self-signed certificate and say what Office will need.
 */
async function httpsServer() {
  if (process.env.FORUM_PAPERS_SELF_SIGNED === "1") {
    console.warn("[forum-papers] FORUM_PAPERS_SELF_SIGNED=1: using a self-signed certificate.");
    return { type: "https" };
  }
  try {
    const devCerts = require("office-addin-dev-certs");
    const { ca, key, cert } = await devCerts.getHttpsServerOptions();
    return { type: "https", options: { ca, key, cert } };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    console.warn(
      [
        "",
        `[forum-papers] Could not set up the Office developer certificate: ${reason}`,
        "[forum-papers] Serving https with a self-signed certificate instead. Browsers will warn and Excel",
        "[forum-papers] will refuse to load the add-in until the CA is trusted: run",
        "[forum-papers]   npx office-addin-dev-certs install",
        "[forum-papers] (needs admin rights) and restart the dev server.",
        "",
      ].join("\n"),
    );
    return { type: "https" };
  }
}

/** Port of the browser preview (npm run preview). */
const previewPort = Number(process.env.FORUM_PAPERS_PREVIEW_PORT || 3001);

/**
 * TypeScript through ts-loader. ES modules out (tsconfig says CommonJS, for Node and Jest), so
 * webpack sees each import() and makes it a lazy chunk, and can drop unused exports.
 */
const tsRule = {
  test: /\.tsx?$/,
  exclude: /node_modules/,
  use: { loader: "ts-loader", options: { transpileOnly: true, compilerOptions: { module: "esnext" } } },
};

/**
 * One chunk per dynamic import(): the pane UI, the hosts, the xlsx engine. Webpack's default
 * vendor splitting would cut them into many small chunks; one chunk each keeps the loading order
 * plain and the size budgets (test/browser/bundle-size.test.ts) meaningful.
 */
const optimization = { splitChunks: { cacheGroups: { default: false, defaultVendors: false } } };

/**
 * The workbook-file modules (src/workbook/xlsx, which bring ExcelJS and JSZip) only declare
 * functions, classes and constants. Marked free of side effects, a chunk that uses none of a
 * module's exports leaves the module out: the Office host imports the pipeline for
 * buildPapersInto, and without this its chunk would carry ExcelJS for the file functions beside it
 * that the Office pane never calls (test/browser/bundle-size.test.ts holds the Office chunks free
 * of ExcelJS and JSZip).
 */
const xlsxModulesSideEffectFree = { test: /[\\/]src[\\/]workbook[\\/]xlsx[\\/]/, sideEffects: false };

/**
 * Prints each emitted script's size, minified and gzipped, after a build: the sizes the budgets in
 * test/browser/bundle-size.test.ts hold (start: functions.js + taskpane.js ≤ 60 KB gzip; the pane
 * UI chunk ≤ 300 KB gzip).
 */
class GzipSizeReport {
  apply(compiler) {
    compiler.hooks.afterEmit.tap("GzipSizeReport", (compilation) => {
      const rows = [];
      for (const name of Object.keys(compilation.assets)) {
        if (!name.endsWith(".js")) continue;
        // After emit the asset's source is released: read the file written, through the
        // compiler's own output file system (the disk for a build, memory under webpack serve).
        const bytes = compiler.outputFileSystem.readFileSync(path.join(compilation.outputOptions.path, name));
        rows.push([name, bytes.length, zlib.gzipSync(bytes, { level: 9 }).length]);
      }
      rows.sort((a, b) => a[0].localeCompare(b[0]));
      const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
      const lines = rows.map(([name, raw, gz]) => `  ${name.padEnd(36)} ${kb(raw)} ${kb(gz)} gzip`);
      console.log(`\nScript sizes (${compiler.options.output.path}):\n${lines.join("\n")}\n`);
    });
  }
}

/**
 * Moves dev-server URLs in functions.json (the functions' help URLs) under the hosting address,
 * as the manifest's are. Runs after CustomFunctionsMetadataPlugin has added the file.
 */
class HostedMetadataUrls {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
  }
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("HostedMetadataUrls", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "HostedMetadataUrls", stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONS },
        () => {
          const asset = compilation.getAsset("functions.json");
          if (!asset || this.baseUrl === urlDev) return;
          const json = asset.source.source().toString().replaceAll(urlDev, this.baseUrl);
          compilation.updateAsset("functions.json", new sources.RawSource(json));
        },
      );
    });
  }
}

/** The browser preview: the pane with the file host, no Office, no functions metadata. */
function previewConfig(dev, serving) {
  return {
    devtool: dev ? "source-map" : false,
    entry: { preview: "./src/preview/index.ts" },
    output: {
      path: path.resolve(__dirname, "out/preview"),
      filename: "[name].js",
      chunkFilename: "[name].js",
      clean: true,
    },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: { rules: [tsRule, xlsxModulesSideEffectFree] },
    optimization,
    plugins: [
      new GzipSizeReport(),
      new HtmlWebpackPlugin({
        filename: "index.html",
        template: "./src/preview/preview.html",
        chunks: ["preview"],
      }),
    ],
    performance: { hints: false },
    stats: { preset: "normal", assets: true, assetsSort: "name", modules: false },
    devServer: serving
      ? {
          host: "127.0.0.1",
          port: previewPort,
          server: "http",
          static: false,
          hot: false,
          liveReload: false,
          client: false,
          webSocketServer: false,
          open: false,
        }
      : undefined,
  };
}

module.exports = async (env, options) => {
  const dev = options.mode === "development";
  const serving = Boolean(env.WEBPACK_SERVE);
  if (env.preview) return previewConfig(dev, serving);

  // A production build for hosting needs its address; the dev server serves localhost.
  let baseUrl = urlDev;
  if (!dev && !serving) {
    try {
      baseUrl = productionBaseUrl();
      manifestVersion();
    } catch (error) {
      if (!(error instanceof BuildSetupError)) throw error;
      console.error(`\n[forum-papers] ${error.message.replaceAll("\n", "\n[forum-papers] ")}\n`);
      process.exit(2);
    }
  }

  return {
    devtool: dev ? "source-map" : false,
    entry: {
      functions: functionsEntry,
      taskpane: "./src/taskpane/index.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      // Lazy chunks carry a content hash in production so a new release is never served from cache.
      chunkFilename: dev ? "[name].js" : "[name].[contenthash:8].js",
      // Chunks load relative to the script that asks for them, so dist/ works under any path.
      publicPath: "auto",
      clean: true,
    },
    resolve: {
      extensions: [".ts", ".tsx", ".js"],
    },
    module: { rules: [tsRule, xlsxModulesSideEffectFree] },
    optimization,
    plugins: [
      new GzipSizeReport(),
      new CustomFunctionsMetadataPlugin({ input: functionsEntry, output: "functions.json" }),
      new HostedMetadataUrls(baseUrl),
      new HelpPages(),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        // The functions must be registered before the pane code runs, so order the chunks by hand.
        chunks: ["functions", "taskpane"],
        chunksSortMode: "manual",
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/taskpane/help.html", to: "help.html" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform(content) {
              return manifestFor(content.toString(), baseUrl);
            },
          },
        ],
      }),
    ],
    performance: { hints: false },
    stats: {
      preset: "normal",
      assets: true,
      assetsSort: "name",
      modules: false,
    },
    devServer: serving
      ? {
          // Loopback only: Office loads the add-in from localhost; nobody else needs to reach it.
          host: "localhost",
          port,
          server: await httpsServer(),
          headers: { "Access-Control-Allow-Origin": "*" },
          static: false,
          hot: false,
          client: { overlay: true },
        }
      : undefined,
  };
};
