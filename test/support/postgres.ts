/**
 * PostgreSQL for the tests: ARENA_TEST_POSTGRES_URL names a server where the tests may create
 * databases (scripts/postgres-test-cluster.sh starts a throwaway one). Each test gets a database
 * of its own, dropped afterwards. Without the variable, PostgreSQL suites report themselves
 * skipped, with the reason in their title.
 */
import { randomBytes } from "node:crypto";

import pg from "pg";

/** The server the tests may create databases on; undefined = PostgreSQL tests are skipped. */
export const POSTGRES_TEST_URL: string | undefined = process.env.ARENA_TEST_POSTGRES_URL || undefined;

const SKIP_REASON = "skipped: ARENA_TEST_POSTGRES_URL is not set";

/** `title`, or `title (skipped: …)` when no PostgreSQL server was given. */
export function postgresSuiteTitle(title: string): string {
  return POSTGRES_TEST_URL ? title : `${title} (${SKIP_REASON})`;
}

/** Call in a `before` hook: skips the whole suite (reported as pending) without PostgreSQL. */
export function skipWithoutPostgres(context: Mocha.Context): void {
  if (!POSTGRES_TEST_URL) context.skip();
}

export type TestDatabase = {
  /** The URL of a new, empty database. */
  url: string;
  name: string;
  /** Drops the database, cutting any connection still open to it. */
  drop(): Promise<void>;
};

/** Creates `arena_test_<random>` on the test server. */
export async function freshPostgresUrl(): Promise<TestDatabase> {
  if (!POSTGRES_TEST_URL) throw new Error("ARENA_TEST_POSTGRES_URL is not set");
  const name = `arena_test_${randomBytes(6).toString("hex")}`;
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_TEST_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** Runs one statement on the test server's maintenance database. */
export async function onServer(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: POSTGRES_TEST_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}
