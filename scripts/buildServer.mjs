/**
 * Compiles the server's entry points (TypeScript, with shared/ bundled in) to plain JavaScript in
 * server/dist/, with source maps, so that they run on `node` without a TypeScript loader: the
 * command line starts in tens of milliseconds instead of most of a second, and the server
 * (`npm run serve`) leaves the loader's memory and start-up behind. npm packages stay
 * outside the bundle (native addons, data files) and load from node_modules as usual.
 *
 *   node scripts/buildServer.mjs            build every entry point
 *   import { buildIfStale } from "./buildServer.mjs"   rebuild only when a source is newer
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT_DIR = path.join(ROOT, "server", "dist");
const SOURCES = [path.join(ROOT, "server", "src"), path.join(ROOT, "shared", "src"), fileURLToPath(import.meta.url)];
const ENTRY_POINTS = {
  cli: path.join(ROOT, "server", "src", "cli.ts"),
  server: path.join(ROOT, "server", "src", "index.ts"),
};

/** Every npm dependency of the workspaces, left to node_modules; our own workspaces are bundled. */
function externalPackages() {
  const names = new Set();
  for (const workspace of ["server", "shared"]) {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, workspace, "package.json"), "utf8"));
    for (const name of Object.keys(manifest.dependencies ?? {})) if (!name.startsWith("@arena/")) names.add(name);
  }
  return [...names].flatMap((name) => [name, `${name}/*`]);
}

export async function build() {
  const { build: esbuild } = await import("esbuild");
  // Built beside, then moved into place: a reader never sees half a bundle.
  const staging = fs.mkdtempSync(path.join(ROOT, "server", ".dist-"));
  try {
    await esbuild({
      entryPoints: ENTRY_POINTS,
      outdir: staging,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      sourcemap: true,
      external: externalPackages(),
      logLevel: "warning",
      // Chunks beside the entries: import.meta.url stays one folder below server/, as in server/src/.
      chunkNames: "[name]-[hash]",
    });
    fs.rmSync(OUT_DIR, { recursive: true, force: true });
    fs.renameSync(staging, OUT_DIR);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function newestSourceTime() {
  let newest = 0;
  const visit = (entry) => {
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) for (const name of fs.readdirSync(entry)) visit(path.join(entry, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  SOURCES.forEach(visit);
  return newest;
}

/** Builds when server/dist/ is missing or older than a source file. */
export async function buildIfStale() {
  let built;
  try {
    built = Math.min(...Object.keys(ENTRY_POINTS).map((name) => fs.statSync(path.join(OUT_DIR, `${name}.js`)).mtimeMs));
  } catch {
    built = 0;
  }
  if (built <= newestSourceTime()) await build();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build();
