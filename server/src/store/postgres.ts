/**
 * The scale-out store: PostgreSQL through a connection pool, shared by every server of one arena.
 * Same semantics as sqlite.ts. A method resolves after PostgreSQL has committed (its WAL flush
 * batches concurrent commits by itself, so no group commit here). A query while PostgreSQL is
 * away rejects within the connection or statement timeout rather than waiting for it; the pool
 * opens new connections once it is back.
 */
import pg from "pg";

import type { BattleWithVote } from "../domain/battle.ts";
import type { StoredVote, VoteReasonsState } from "../domain/vote.ts";
import { FileLayouts } from "./fileLayouts.ts";
import { allOfPages, EXPORT_PAGE_SIZE, POSTGRES_VOTE_PAGE_SIZE } from "./importBatches.ts";
import { PgGroupCommit } from "./pgGroupCommit.ts";
import { pgJson, pgText, pgTextOrNull } from "./pgValues.ts";
import { postgresImport } from "./postgresImport.ts";
import { postgresJudgments } from "./postgresJudgments.ts";
import { migratePostgres } from "./postgresMigrations.ts";
import { promptKeyOf } from "./promptKey.ts";
import type { BattleRow, StandingRow, ValueConversions, VoteRow } from "./rows.ts";
import {
  COUNTED_VOTE_COLUMNS,
  type CountedVoteTuple,
  pagesOfBattlesWithVotes,
  pagesOfStoredVotes,
  reasonsColumn,
  reasonsOfColumn,
  sessionStandingOf,
  storedBattleOf,
  storedVoteOf,
  VOTES_WITH_BATTLES,
  WITHOUT_STYLE,
} from "./rows.ts";
import type { ArenaStore } from "./store.ts";

export type PostgresStoreOptions = {
  /** Most connections this server holds (default 10). */
  maxConnections?: number;
  /** How long a query waits for a connection before it fails (default 5 s). */
  connectionTimeoutMs?: number;
  /** Longest a statement may run, enforced by PostgreSQL and, in case it cannot answer, by the client (default 30 s). */
  statementTimeoutMs?: number;
  /** Told about errors of idle connections (PostgreSQL restarting); they are not fatal. */
  onIdleError?: (error: Error) => void;
};

/**
 * pg gives `text[]` as string arrays, `timestamptz` as Dates and `json`/`jsonb` parsed: nothing
 * is left to convert. `bigserial` comes as text (it may exceed a JavaScript number).
 */
type Held = { tags: string[]; time: Date; json: unknown; seq: string };

const POSTGRES_VALUES: ValueConversions<Held> = {
  tags: (tags) => tags,
  time: (time) => time,
  json: (value) => value,
};

const INSERT_BATTLE = `
  INSERT INTO battles (id, session_hash, prompt, prompt_key, language, category, tags, model_a, model_b, answer_a, answer_b, source, started_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  ON CONFLICT (id) DO NOTHING`;

/**
 * The vote and what the battle turned out to be, as one statement (so one transaction and one
 * round trip). ON CONFLICT waits for a concurrent vote on the same battle to commit, then does
 * nothing: exactly one of them is recorded. The outcome is written only when the vote was.
 */
const RECORD_VOTE = `
  WITH vote AS (
    INSERT INTO votes (battle_id, session_hash, winner, voted_at, flag, reasons)
    VALUES ($1, $2, $3, $4, $5, $12)
    ON CONFLICT (battle_id) DO NOTHING
    RETURNING battle_id
  ), outcome AS (
    UPDATE battles b SET answer_a = $6, answer_b = $7, tags = $8, conversation = $9, conv_metadata = $11
    FROM vote WHERE $10 AND b.id = vote.battle_id
  )
  SELECT count(*)::int AS recorded FROM vote`;

/** Connects, brings the schema up to date, and returns the store. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<ArenaStore> {
  const statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    statement_timeout: statementTimeoutMs,
    // The client-side bound for a server that stopped answering without closing the connection.
    query_timeout: statementTimeoutMs + 5_000,
    keepAlive: true,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection cut by PostgreSQL (restart, fail-over, admin) is reported here; without a
  // listener it would crash the process. The pool drops it and opens a fresh one when needed.
  pool.on("error", (error) => options.onIdleError?.(error));
  // A connection cut while checked out (between two statements of a transaction) emits "error" on
  // the client itself, where the pool does not listen; the statement that follows fails instead.
  pool.on("connect", (client) => client.on("error", (error) => options.onIdleError?.(error)));

  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }

  // Votes and battle starts of one event-loop turn share a transaction (see pgGroupCommit.ts).
  const writes = new PgGroupCommit(pool);
  const layouts = new FileLayouts();

  const store: ArenaStore = {
    postgresPool: pool,
    async insertBattle(battle) {
      await writes.query({ name: "insert_battle", text: INSERT_BATTLE }, [
        battle.id,
        battle.sessionHash,
        pgText(battle.prompt),
        promptKeyOf(battle.prompt, battle.source),
        battle.language,
        battle.category,
        battle.tags,
        battle.modelA,
        battle.modelB,
        pgTextOrNull(battle.answerA),
        pgTextOrNull(battle.answerB),
        battle.source,
        battle.startedAt,
      ]);
    },
    async saveBattleState(battleId, state) {
      await writes.query("UPDATE battles SET state = $1::jsonb WHERE id = $2", [pgJson(state), battleId]);
    },
    async getBattle(battleId) {
      const { rows } = await pool.query<BattleRow<Held> & { voted: boolean }>(
        "SELECT b.*, EXISTS (SELECT 1 FROM votes v WHERE v.battle_id = b.id) AS voted FROM battles b WHERE b.id = $1",
        [battleId],
      );
      const row = rows[0];
      return row ? storedBattleOf(row, row.voted, POSTGRES_VALUES) : null;
    },
    async recordVote(vote) {
      const outcome = vote.outcome;
      const { rows } = await writes.query<{ recorded: number }>({ name: "record_vote", text: RECORD_VOTE }, [
        vote.battleId,
        vote.sessionHash,
        vote.winner,
        vote.votedAt,
        vote.flag ?? null,
        outcome ? pgText(outcome.answerA) : null,
        outcome ? pgText(outcome.answerB) : null,
        outcome?.tags ?? [],
        outcome && outcome.conversation.length > 1 ? pgJson(outcome.conversation) : null,
        outcome !== undefined,
        outcome?.convMetadata ? pgJson(outcome.convMetadata) : null,
        reasonsColumn(vote.reasons),
      ]);
      return rows[0]!.recorded === 1 ? "recorded" : "duplicate";
    },
    async voteReasons(battleId) {
      const { rows } = await pool.query<{
        session_hash: string;
        voted_at: Date;
        winner: VoteReasonsState["winner"];
        reasons: string | null;
      }>("SELECT session_hash, voted_at, winner, reasons FROM votes WHERE battle_id = $1", [battleId]);
      const row = rows[0];
      if (!row) return null;
      return {
        sessionHash: row.session_hash,
        votedAt: row.voted_at,
        winner: row.winner,
        reasons: reasonsOfColumn(row.reasons),
      };
    },
    async setVoteReasons(battleId, reasons) {
      await writes.query("UPDATE votes SET reasons = $1 WHERE battle_id = $2", [reasonsColumn(reasons), battleId]);
    },
    async listVotes(options = {}): Promise<StoredVote[]> {
      return allOfPages(store.votePages(options));
    },
    votePages({ includeFlagged = false, pageSize = POSTGRES_VOTE_PAGE_SIZE } = {}) {
      const text = `${COUNTED_VOTE_COLUMNS} WHERE v.seq > $1 ${includeFlagged ? "" : "AND v.flag IS NULL"} ORDER BY v.seq LIMIT $2`;
      return pagesOfStoredVotes<Held>(
        "0",
        async (after, limit) =>
          (await pool.query<CountedVoteTuple<Held>>({ text, values: [after, limit], rowMode: "array" })).rows,
        POSTGRES_VALUES,
        pageSize,
      );
    },
    async countVotes() {
      const { rows } = await pool.query<{ count: number }>("SELECT count(*)::int AS count FROM votes");
      return rows[0]!.count;
    },
    async setSessionStanding(sessionHash, standing) {
      if (standing === null) {
        await writes.query("DELETE FROM session_standings WHERE session_hash = $1", [sessionHash]);
        return;
      }
      await writes.query(
        `INSERT INTO session_standings (session_hash, status, source, reason, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (session_hash) DO UPDATE SET status = excluded.status, source = excluded.source,
           reason = excluded.reason, updated_at = excluded.updated_at`,
        [sessionHash, standing.status, standing.source, pgText(standing.reason), standing.updatedAt],
      );
    },
    async listSessionStandings() {
      const { rows } = await pool.query<StandingRow<Held>>(
        "SELECT * FROM session_standings ORDER BY updated_at, session_hash",
      );
      return rows.map((row) => sessionStandingOf(row, POSTGRES_VALUES));
    },
    importBattles(input) {
      return postgresImport(pool, layouts, input);
    },
    battlePages(pageSize = EXPORT_PAGE_SIZE) {
      return pagesOf(pool, layouts, "", pageSize);
    },
    battlesWithoutStyle(pageSize = EXPORT_PAGE_SIZE) {
      return pagesOf(pool, layouts, `AND ${WITHOUT_STYLE}`, pageSize);
    },
    async saveConvMetadata(rows) {
      if (rows.length === 0) return;
      await writes.query(
        `UPDATE battles b SET conv_metadata = x.conv_metadata
         FROM json_to_recordset($1::json) AS x(id text, conv_metadata json) WHERE b.id = x.id`,
        [pgJson(rows.map(({ battleId, convMetadata }) => ({ id: battleId, conv_metadata: convMetadata })))],
      );
    },
    exportBattles() {
      return allOfPages(store.battlePages());
    },
    judgments: postgresJudgments(pool, async (text) =>
      (await pool.query<CountedVoteTuple<Held>>({ text, rowMode: "array" })).rows.map((row) =>
        storedVoteOf(row, POSTGRES_VALUES),
      ),
    ),
    async close() {
      await writes.drain();
      await pool.end();
    },
  };
  return store;
}

/** Keyset paging over the voted battles (`where`: more conditions on them), in vote order. */
function pagesOf(
  pool: pg.Pool,
  layouts: FileLayouts,
  where: string,
  pageSize: number,
): AsyncGenerator<BattleWithVote[]> {
  return pagesOfBattlesWithVotes<Held>(
    {
      values: POSTGRES_VALUES,
      start: "0",
      page: async (after, limit) =>
        (
          await pool.query<VoteRow<Held>>(`${VOTES_WITH_BATTLES} WHERE v.seq > $1 ${where} ORDER BY v.seq LIMIT $2`, [
            after,
            limit,
          ])
        ).rows,
      learnLayouts: () => learnLayouts(pool, layouts),
    },
    layouts,
    pageSize,
  );
}

/** Every layout the table holds (they are only ever added). */
async function learnLayouts(client: pg.Pool | pg.ClientBase, layouts: FileLayouts): Promise<void> {
  const { rows } = await client.query<{ id: number; fields: string }>("SELECT id, fields FROM file_layouts");
  for (const { id, fields } of rows) layouts.learn(id, fields);
}
