/**
 * Builds the add-in into dist/:
 *   functions.js    the DSG.* custom functions (src/functions/functions.ts)
 *   functions.json  their metadata, generated from the JSDoc by CustomFunctionsMetadataPlugin
 *   taskpane.js     the pane (src/taskpane/index.ts)
 *   taskpane.html   the shared-runtime page: office.js (CDN), then functions.js, then taskpane.js
 *   help.html, assets/, manifest.xml
 *
 * `npm run build` is a production build; `npm run dev-server` serves https://localhost:3000 with
 * the Office developer certificate (office-addin-dev-certs) when it can be installed.
 */
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

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

module.exports = async (env, options) => {
  const dev = options.mode === "development";
  const serving = Boolean(env.WEBPACK_SERVE);

  return {
    devtool: dev ? "source-map" : false,
    entry: {
      functions: functionsEntry,
      taskpane: "./src/taskpane/index.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      clean: true,
    },
    resolve: {
      extensions: [".ts", ".tsx", ".js"],
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { transpileOnly: true } },
        },
      ],
    },
    plugins: [
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
