/**
 * `npm run arena -- …`: the command line, compiled (see buildServer.mjs) and run on plain node.
 * A checkout whose sources changed since the last build is rebuilt first (a fraction of a second),
 * so the command always runs the code in the tree.
 */
import { buildIfStale } from "./buildServer.mjs";

await buildIfStale();
await import("../server/dist/cli.js");
