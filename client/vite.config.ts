import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

// In development Vite serves the page and forwards the API and the socket to the real server,
// so the browser still sees a single origin (the same as in production).
const serverOrigin = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

/**
 * The entry's stylesheet (~5 kB gzipped), written into index.html as a `<style>` instead of a
 * `<link>`: a phone on a slow network then paints without first waiting for one more round trip,
 * and nothing on the page is render-blocking but the HTML itself. The pages loaded later
 * (leaderboard, model page) bring their own stylesheets with their chunks, as Vite does.
 * The server's Content-Security-Policy allows inline styles (`style-src 'unsafe-inline'`); the file
 * stays in dist/assets, unreferenced.
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
          if (stylesheet?.type !== "asset") return tag;
          const css =
            typeof stylesheet.source === "string" ? stylesheet.source : new TextDecoder().decode(stylesheet.source);
          return `<style>${css.replaceAll("</style", "<\\/style")}</style>`;
        },
      );
    },
  };
}

export default defineConfig({
  plugins: [react(), inlineEntryStylesheet()],
  build: { outDir: "dist", emptyOutDir: true },
  server: {
    proxy: {
      "/api": serverOrigin,
      "/socket.io": { target: serverOrigin, ws: true },
    },
  },
});
