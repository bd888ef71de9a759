import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

// In development Vite serves the page and forwards the API and the socket to the real server,
// so the browser still sees a single origin (the same as in production).
const serverOrigin = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

/** The entry chunk's stylesheet (index.html's entry is named `index`), as Vite names it in dist/. */
const ENTRY_STYLESHEET = /^assets\/index-[\w-]+\.css$/;

/**
 * The entry's stylesheet (~5 kB gzipped), written into index.html as a `<style>` instead of a
 * `<link>`: a phone on a slow network then paints without first waiting for one more round trip,
 * and nothing on the page is render-blocking but the HTML itself. The pages loaded later
 * (leaderboard, model page) bring their own stylesheets with their chunks, as Vite does.
 * The server's Content-Security-Policy allows inline styles (`style-src 'unsafe-inline'`); the file
 * stays in dist/assets. The pages loaded later list the entry's stylesheet among their chunk's
 * dependencies, and Vite's loader fetches every listed stylesheet that the page has no
 * `<link rel="stylesheet">` for: so the `<style>` comes with a `disabled` link to the same file,
 * which the loader counts as present and the browser does not fetch (HTML: a stylesheet link
 * created disabled is not loaded). test/e2e/phone.test.ts checks that no page loads it again.
 */
function inlineEntryStylesheet(): Plugin {
  return {
    name: "arena:inline-entry-stylesheet",
    apply: "build",
    enforce: "post",
    generateBundle(_options, bundle) {
      const html = bundle["index.html"];
      if (html?.type !== "asset" || typeof html.source !== "string") return;
      html.source = html.source.replace(
        /<link rel="stylesheet"[^>]*?href="\/([^"]+\.css)"[^>]*>/g,
        (tag: string, file: string) => {
          const stylesheet = bundle[file];
          if (!ENTRY_STYLESHEET.test(file) || stylesheet?.type !== "asset") return tag;
          const css =
            typeof stylesheet.source === "string" ? stylesheet.source : new TextDecoder().decode(stylesheet.source);
          return `<style>${css.replaceAll("</style", "<\\/style")}</style><link rel="stylesheet" href="/${file}" disabled>`;
        },
      );
    },
  };
}

/** Text the server sends compressed (server/src/http/precompressed.ts keeps the same list). */
const COMPRESSIBLE = /\.(?:js|mjs|css|svg|json|txt|map)$/;
/** Below this a compressed file saves less than its own headers cost. */
const MIN_COMPRESSED_BYTES = 1024;

/**
 * Writes `x.br` and `x.gz` beside every built text file, compressed once at the highest levels here
 * rather than on every request by the server (which then only picks the twin the browser accepts).
 * From the files as written (writeBundle), since Vite still rewrites chunks in its own last steps
 * (the preload markers). index.html is left out: the server sends it through its own route and
 * compresses it once per build.
 */
function precompressAssets(): Plugin {
  return {
    name: "arena:precompress-assets",
    apply: "build",
    enforce: "post",
    writeBundle(options, bundle) {
      const outDir = options.dir ?? "dist";
      for (const fileName of Object.keys(bundle)) {
        if (!COMPRESSIBLE.test(fileName)) continue;
        const file = path.join(outDir, fileName);
        const bytes = fs.readFileSync(file);
        if (bytes.length < MIN_COMPRESSED_BYTES) continue;
        const brotli = zlib.brotliCompressSync(bytes, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
          },
        });
        fs.writeFileSync(`${file}.br`, brotli);
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: zlib.constants.Z_BEST_COMPRESSION }));
      }
    },
  };
}

export default defineConfig({
  // After the stylesheet is inlined, so that the twins are of the files as written.
  plugins: [react(), inlineEntryStylesheet(), precompressAssets()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
  server: {
    proxy: {
      "/api": serverOrigin,
      "/socket.io": { target: serverOrigin, ws: true },
    },
  },
});
