import type pg from "pg";

/**
 * Runs `ddl` (a CREATE TABLE IF NOT EXISTS) under an advisory lock held to the end of its
 * transaction: two servers starting at once on a fresh database would otherwise race in it, and
 * one would fail (duplicate key in pg_type). `lock` is any fixed number naming that table.
 */
export async function createTableUnderLock(pool: pg.Pool, lock: number, ddl: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [lock]);
    await client.query(ddl);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
