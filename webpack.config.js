/**
 * Builds the add-in into dist/:
 *   functions.js    the DSG.* custom functions (src/functions/functions.ts)
 *   functions.json  their metadata, generated from the JSDoc by CustomFunctionsMetadataPlugin
 *   taskpane.js     the pane's small entry (src/taskpane/index.ts): waits for Office, then loads
 *   pane-ui.*.js    the pane UI chunk (React, Fluent UI, the steps) by dynamic import()
 *   office-host.*.js  the Office host and adapter, by dynamic import()
 *   taskpane.html   the shared-runtime page: office.js (CDN), then functions.js, then taskpane.js
 *   help.html, assets/, manifest.xml
 *
 * `npm run build` is a production build; `npm run dev-server` serves https://localhost:3000 with
 * the Office developer certificate (office-addin-dev-certs) when it can be installed.
 *
 * With `--env preview` it builds the browser preview into out/preview/ instead: the same pane UI
 * chunk with the file host (the xlsx adapter in the browser, its own xlsx-engine chunk), an
 * index.html without office.js, served over http://127.0.0.1 by `npm run preview`.
 */
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const fs = require("fs");
const zlib = require("zlib");

const urlDev = "https://localhost:3000/";
/** Where a production build will be hosted; until that is decided the manifest keeps urlDev. */
const urlProd = "https://localhost:3000/";
const port = Number(process.env.npm_package_config_dev_server_port || 3000);

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
        // After emit the asset's source is released: read the file written.
        const bytes = fs.readFileSync(path.join(compilation.outputOptions.path, name));
        rows.push([name, bytes.length, zlib.gzipSync(bytes, { level: 9 }).length]);
      }
      rows.sort((a, b) => a[0].localeCompare(b[0]));
      const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
      const lines = rows.map(([name, raw, gz]) => `  ${name.padEnd(36)} ${kb(raw)} ${kb(gz)} gzip`);
      console.log(`\nScript sizes (${compiler.options.output.path}):\n${lines.join("\n")}\n`);
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
    module: { rules: [tsRule] },
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
      clean: true,
    },
    resolve: {
      extensions: [".ts", ".tsx", ".js"],
    },
    module: { rules: [tsRule] },
    optimization,
    plugins: [
      new GzipSizeReport(),
      new CustomFunctionsMetadataPlugin({ input: functionsEntry, output: "functions.json" }),
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
              return dev ? content : content.toString().replaceAll(urlDev, urlProd);
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
