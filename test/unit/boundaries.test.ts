import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const sharedSrc = fileURLToPath(new URL("../../shared/src", import.meta.url));

describe("shared/ boundaries", () => {
  it("imports no server, client or Node I/O code", () => {
    const files = fs.readdirSync(sharedSrc, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    assert.ok(files.length > 0);
    for (const file of files) {
      const source = fs.readFileSync(path.join(sharedSrc, file), "utf8");
      for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
        assert.ok(!/^(node:|fs$|path$|http|net$|child_process)/.test(specifier!), `${file} imports ${specifier}`);
        assert.ok(
          !/(^|\/)(server|client)(\/|$)|@arena\/(server|client)/.test(specifier!),
          `${file} imports ${specifier}`,
        );
      }
    }
  });
});
