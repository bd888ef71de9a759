/**
 * The single-page client as HTTP sees it: its static files with caching that fits each kind, and
 * index.html for every page path — with status 200 for the pages that exist (/, /leaderboard, /admin,
 * /model/<a known model>) and 404 for the rest, so that a crawler, a link checker or a monitor
 * sees a missing page as missing while a person still gets the site's own not-found view.
 */
import fs from "node:fs/promises";
import path from "node:path";

import express, { type Request, type Response } from "express";

import { CompressedIndex, encodingFor, precompressedFiles } from "./precompressed.ts";

/**
 * Vite names every built asset `<name>-<content hash>.<ext>` under assets/: a new build gives a
 * changed file a new name, so a browser may keep one for a year without asking again.
 */
const HASHED_ASSET = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/;
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** Other static files (robots.txt, an icon) keep their name across builds: an hour, then ask again. */
export const SHORT_LIVED = "public, max-age=3600";
/** index.html names the current build's assets: always asked again (a 304 when unchanged). */
export const ALWAYS_REVALIDATE = "no-cache";

/**
 * Marks index.html served as a 404, so the page shows its not-found view for that path (a page
 * cannot read the status of its own document). Read by the client's notFound.ts.
 */
export const NOT_FOUND_MARKER = '<meta name="arena-status" content="404" />';

export type PageOptions = {
  /** The built client (client/dist). */
  clientDist: string;
  /** Whether /model/<id> is a page: the model can be drawn or has votes. */
  isKnownModel: (model: string) => boolean;
};

/**
 * Mounts the page after the API: static files first, then index.html for the page routes, then
 * a 404 for anything else a browser may ask for. Paths under /assets/ that do not exist answer a
 * plain 404 (a missing script must not come back as HTML).
 */
export function servePage(app: express.Express, { clientDist, isKnownModel }: PageOptions): void {
  const indexFile = path.join(clientDist, "index.html");
  const cacheControl = (res: Response, relative: string) => {
    if (relative === "index.html") res.setHeader("Cache-Control", ALWAYS_REVALIDATE);
    else res.setHeader("Cache-Control", HASHED_ASSET.test(relative) ? IMMUTABLE : SHORT_LIVED);
  };
  app.use(precompressedFiles(clientDist, cacheControl));
  app.use(
    express.static(clientDist, {
      index: false,
      // Our own Cache-Control (setHeaders) instead of express's max-age.
      cacheControl: false,
      setHeaders: (res, file) => cacheControl(res, path.relative(clientDist, file).split(path.sep).join("/")),
    }),
  );

  const compressedIndex = { 200: new CompressedIndex(), 404: new CompressedIndex() };
  const sendIndex = (req: Request, res: Response, status: 200 | 404) => {
    fs.readFile(indexFile, "utf8").then(
      (file) => {
        const html = status === 404 ? file.replace("<head>", `<head>\n    ${NOT_FOUND_MARKER}`) : file;
        res.status(status).set("Cache-Control", ALWAYS_REVALIDATE).type("html").vary("Accept-Encoding");
        const encoding = encodingFor(req);
        if (encoding === null) return void res.send(html);
        res.set("Content-Encoding", encoding).send(compressedIndex[status].body(html, encoding));
      },
      () => {
        res
          .status(503)
          .set("Cache-Control", "no-store")
          .type("text")
          .send("The page is not built yet: run `npm run build` (npm start does it).");
      },
    );
  };

  app.get(["/", "/leaderboard", "/admin"], (req, res) => sendIndex(req, res, 200));
  app.get("/model/:model", (req: Request<{ model: string }>, res) =>
    sendIndex(req, res, isKnownModel(req.params.model) ? 200 : 404),
  );
  app.get("/assets/*path", (_req, res) => {
    res.status(404).set("Cache-Control", "no-store").type("text").send("No such file.");
  });
  app.get("*path", (req, res) => sendIndex(req, res, 404));
}
