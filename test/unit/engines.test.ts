import assert from "node:assert/strict";
import fs from "node:fs";

import semver from "semver";

/**
 * `npm install` must not refuse (or warn about) the Node.js versions the README promises: every
 * package in the lock file that names the Node versions it supports has to include the oldest one
 * Arena supports. (openai 7 declared Node ≥ 22 while the README said 20.19; this test is the check
 * that would have caught it.)
 */
const root = new URL("../../", import.meta.url);
const manifest = JSON.parse(fs.readFileSync(new URL("package.json", root), "utf8")) as { engines: { node: string } };
const lock = JSON.parse(fs.readFileSync(new URL("package-lock.json", root), "utf8")) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};
const oldestSupported = semver.minVersion(manifest.engines.node)!.version;

describe("dependencies and the supported Node.js versions", () => {
  it("the README names the same oldest Node.js as package.json's engines", () => {
    const readme = fs.readFileSync(new URL("README.md", root), "utf8");
    const promised = /Needs Node\.js ≥ (\d+\.\d+)/.exec(readme)?.[1];
    assert.equal(`${promised}.0`, oldestSupported);
  });

  it("every locked package supports the oldest Node.js Arena supports", () => {
    const refusing = Object.entries(lock.packages).flatMap(([name, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return range && !semver.satisfies(oldestSupported, range) ? [`${name}@${entry.version}: node ${range}`] : [];
    });
    assert.ok(Object.keys(lock.packages).length > 100, "the lock file lists the installed packages");
    assert.deepEqual(refusing, [], `packages that refuse Node.js ${oldestSupported}`);
  });
});
