/**
 * `npm run lint` (part of `npm test`). Besides the usual checks, the layers of the code base are
 * rules here, so that a wrong-way import fails the tests instead of waiting for a review:
 *
 *   shared/   the contract and the pure math: imports nothing of the server or the page
 *   client/   the page: talks to the server only through shared/'s types and the network
 *   server/   transports (http/, sockets/, cli/) → services → store/; the composition root
 *             (app.ts, arena.ts, index.ts, cli.ts) wires them. Nothing imports a transport, and
 *             the store imports no service; domain/ (plain types) imports none of them.
 *
 * Formatting is Prettier's (`npm run format`), not ESLint's.
 */
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import simpleImportSort from "eslint-plugin-simple-import-sort";
import globals from "globals";
import tseslint from "typescript-eslint";

const SERVER_TRANSPORTS = ["**/http/**", "**/sockets/**", "**/cli/**", "**/socketHandlers*", "**/cli.ts"];
const SERVER_SERVICES = [
  "**/metrics/**",
  "**/battleFiles/**",
  "**/battles/**",
  "**/catalog/**",
  "**/cluster/**",
  "**/integrity/**",
  "**/judges/**",
  "**/leaderboard/**",
  "**/limits/**",
  "**/packs/**",
  "**/providers/**",
  "**/sessions/**",
  "**/votes/**",
];
const COMPOSITION_ROOT = ["**/app.ts", "**/arena.ts", "**/index.ts", "**/attach*.ts"];

/** `no-restricted-imports` for a layer: the groups it must not import, with why. */
const layer = (message, ...groups) => ({
  "no-restricted-imports": ["error", { patterns: groups.map((group) => ({ group, message })) }],
});

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "server/.dist-*/**", "test-results/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: { ...globals.node } },
    plugins: { "simple-import-sort": simpleImportSort },
    rules: {
      "simple-import-sort/imports": "error",
      "simple-import-sort/exports": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-syntax": ["error", { selector: "TSEnumDeclaration", message: "Use a union of string literals." }],
    },
  },
  {
    files: ["shared/**/*.ts"],
    rules: layer("shared/ is the contract and the pure math: it imports nothing of the server or the page.", [
      "**/server/**",
      "**/client/**",
      "@arena/server*",
      "@arena/client*",
    ]),
  },
  {
    files: ["client/**/*.{ts,tsx}"],
    // The build's own configuration runs in Node, not in the page.
    ignores: ["client/vite.config.ts"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...layer("The page reaches the server only through the network and shared/'s types.", [
        "**/server/**",
        "@arena/server*",
        "node:*",
      ]),
    },
  },
  {
    files: ["server/src/**/*.ts"],
    ignores: [...COMPOSITION_ROOT.map((glob) => `server/src/${glob}`), "server/src/cli.ts"],
    rules: layer("Transports (http, sockets, cli) are wired by the composition root; nothing else imports them.", [
      ...SERVER_TRANSPORTS,
    ]),
  },
  {
    files: ["server/src/domain/**/*.ts"],
    rules: layer("domain/ holds the plain types the store and the services share: it imports only shared/.", [
      ...SERVER_SERVICES,
      ...SERVER_TRANSPORTS,
      "**/store/**",
    ]),
  },
  {
    files: ["server/src/store/**/*.ts"],
    rules: layer("The store is the bottom layer: it imports no service and no transport.", [
      ...SERVER_SERVICES,
      ...SERVER_TRANSPORTS,
    ]),
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
