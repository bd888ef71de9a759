/**
 * Compressed twins of the built page's files. The client's build writes `x.js.br` and `x.js.gz` beside
 * every text file worth compressing (client/vite.config.ts); a browser that accepts one gets it with
 * `Content-Encoding`, so a phone on a slow network downloads ~100 kB of script instead of ~300 kB,
 * and the server spends no CPU compressing per request. index.html is not a static file here (its
 * status depends on the path): `compressedIndex` compresses it once per build instead.
 */
import path from "node:path";
import zlib from "node:zlib";

import type { Request, RequestHandler, Response } from "express";

/** What the build compresses (client/vite.config.ts: precompressAssets): text, not images or fonts. */
const COMPRESSIBLE = /\.(?:js|mjs|css|svg|json|txt|map)$/;
const SUFFIX = { br: ".br", gzip: ".gz" } as const;
type Encoding = keyof typeof SUFFIX;

/** Brotli where accepted (smaller than gzip at the same cost to the browser), else gzip, else none. */
export function encodingFor(req: Request): Encoding | null {
  if (req.acceptsEncodings("br") === "br") return "br";
  if (req.acceptsEncodings("gzip") === "gzip") return "gzip";
  return null;
}

/**
 * Serves the compressed twin of a static file when the browser accepts it and the build wrote it;
 * otherwise (or if the twin has gone, e.g. a rebuild under a running server) leaves the request to
 * express.static. `setHeaders` sets the identity file's own headers (caching), which the twin shares.
 */
export function precompressedFiles(
  root: string,
  setHeaders: (res: Response, relative: string) => void,
): RequestHandler {
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const relative = decodedPath(req.path)?.slice(1);
    if (!relative || !COMPRESSIBLE.test(relative)) return next();
    // Caches must keep the encodings apart, whichever this answer is.
    res.vary("Accept-Encoding");
    const encoding = encodingFor(req);
    if (encoding === null) return next();
    res.type(path.extname(relative));
    res.setHeader("Content-Encoding", encoding);
    setHeaders(res, relative);
    // `root` makes send refuse a path that climbs out of it, as express.static does.
    res.sendFile(relative + SUFFIX[encoding], { root, cacheControl: false, dotfiles: "deny" }, (error) => {
      if (!error || res.headersSent) return;
      res.removeHeader("Content-Encoding");
      res.removeHeader("Content-Type");
      next();
    });
  };
}

function decodedPath(urlPath: string): string | null {
  try {
    return decodeURIComponent(urlPath);
  } catch {
    return null;
  }
}

/**
 * index.html, compressed once per content: the page routes send it at every visit, and it carries the
 * inline stylesheet (≈ 20 kB, ≈ 5 kB compressed). Holds one build's bodies; a new build replaces them.
 */
export class CompressedIndex {
  private html: string | null = null;
  private readonly bodies = new Map<Encoding, Buffer>();

  body(html: string, encoding: Encoding): Buffer {
    if (html !== this.html) {
      this.html = html;
      this.bodies.clear();
    }
    let body = this.bodies.get(encoding);
    if (!body) {
      body =
        encoding === "br"
          ? zlib.brotliCompressSync(html, {
              params: { [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT },
            })
          : zlib.gzipSync(html, { level: 9 });
      this.bodies.set(encoding, body);
    }
    return body;
  }
}
