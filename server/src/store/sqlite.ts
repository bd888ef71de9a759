/**
 * The embedded default store: one SQLite file in WAL mode. Writes are group-committed and each
 * batch's log is synced (fdatasync) before its promises settle, so a vote is on disk before the
 * voter's ack leaves — a crash right after the ack, even of the machine, keeps it (groupCommit.ts).
 */
import fs from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";

import type { BattleRecord } from "../domain/battle.ts";
import type { StoredVote, VoteReasonsState, VoteRecord } from "../domain/vote.ts";
import { FileLayouts } from "./fileLayouts.ts";
import { GroupCommit } from "./groupCommit.ts";
import { allOfPages, EXPORT_PAGE_SIZE, VOTE_PAGE_SIZE } from "./importBatches.ts";
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
import { sqliteImport } from "./sqliteImport.ts";
import { sqliteJudgments } from "./sqliteJudgments.ts";
import { migrateSqlite } from "./sqliteMigrations.ts";
import type { ArenaStore } from "./store.ts";

/** How SQLite holds what it has no type for: tags as comma-separated text, times as ISO text, JSON as text. */
type Held = { tags: string; time: string; json: string; seq: number };

const SQLITE_VALUES: ValueConversions<Held> = {
  tags: (tags) => (tags === "" ? [] : tags.split(",")),
  time: (iso) => new Date(iso),
  json: (text) => JSON.parse(text) as unknown,
};

export type SqliteStoreOptions = {
  /** Bytes per page of a database file this opening creates (SQLite's default, 4 KiB, otherwise); a file that exists keeps its own. */
  pageSize?: number;
};

/** Log pages that trigger a checkpoint (SQLite's default: 1,000). */
const WAL_PAGES_BEFORE_CHECKPOINT = 10_000;

export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): ArenaStore {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  if (options.pageSize !== undefined) db.pragma(`page_size = ${options.pageSize}`);
  db.pragma("journal_mode = WAL");
  // NORMAL: commits do not sync by themselves; GroupCommit syncs the log after each batch, off the
  // event loop. (Checkpoints still sync the database file as SQLite always does.)
  db.pragma("synchronous = NORMAL");
  // A checkpoint runs inside the commit that crosses this many log pages, on the event loop, and
  // syncs the database file there. At SQLite's default (1,000 pages) that was every few batches
  // under load and half the time of the commits (`npm run load -- --profile`); ten times fewer
  // checkpoints also copy each hot page (the tables' last pages, index pages hit again) once
  // instead of ten times. The log then grows to ≈ 40 MB before it starts over.
  db.pragma(`wal_autocheckpoint = ${WAL_PAGES_BEFORE_CHECKPOINT}`);
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrateSqlite(db);

  const writes = new GroupCommit(db, file === ":memory:" ? undefined : `${path.resolve(file)}-wal`);
  const insertBattle = db.prepare(
    `INSERT INTO battles (id, session_hash, prompt, prompt_key, language, category, tags, model_a, model_b, answer_a, answer_b, source, started_at)
     VALUES (@id, @sessionHash, @prompt, @promptKey, @language, @category, @tags, @modelA, @modelB, @answerA, @answerB, @source, @startedAt)
     ON CONFLICT (id) DO NOTHING`,
  );
  const updateState = db.prepare("UPDATE battles SET state = ? WHERE id = ?");
  const selectBattle = db.prepare(
    "SELECT b.*, EXISTS (SELECT 1 FROM votes v WHERE v.battle_id = b.id) AS voted FROM battles b WHERE b.id = ?",
  );
  const countVotes = db.prepare("SELECT count(*) AS count FROM votes").pluck();
  const upsertStanding = db.prepare(
    `INSERT INTO session_standings (session_hash, status, source, reason, updated_at)
     VALUES (@sessionHash, @status, @source, @reason, @updatedAt)
     ON CONFLICT (session_hash) DO UPDATE SET status = excluded.status, source = excluded.source,
       reason = excluded.reason, updated_at = excluded.updated_at`,
  );
  const deleteStanding = db.prepare("DELETE FROM session_standings WHERE session_hash = ?");
  const selectStandings = db.prepare("SELECT * FROM session_standings ORDER BY updated_at, session_hash");
  const insertVote = db.prepare(
    `INSERT INTO votes (battle_id, session_hash, winner, voted_at, flag, reasons)
     VALUES (@battleId, @sessionHash, @winner, @votedAt, @flag, @reasons)
     ON CONFLICT (battle_id) DO NOTHING`,
  );
  const updateOutcome = db.prepare(
    `UPDATE battles SET answer_a = @answerA, answer_b = @answerB, tags = @tags, conversation = @conversation,
       conv_metadata = @convMetadata WHERE id = @battleId`,
  );
  const selectVoteReasons = db.prepare("SELECT session_hash, voted_at, winner, reasons FROM votes WHERE battle_id = ?");
  const updateVoteReasons = db.prepare("UPDATE votes SET reasons = ? WHERE battle_id = ?");
  const updateConvMetadata = db.prepare("UPDATE battles SET conv_metadata = ? WHERE id = ?");
  const saveConvMetadata = db.transaction(
    (rows: ReadonlyArray<{ battleId: string; convMetadata: Record<string, unknown> }>) => {
      for (const { battleId, convMetadata } of rows) updateConvMetadata.run(JSON.stringify(convMetadata), battleId);
    },
  );
  const recordVote = db.transaction((vote: VoteRecord) => {
    const inserted = insertVote.run(voteParams(vote)).changes === 1;
    if (inserted && vote.outcome) {
      const { answerA, answerB, tags, conversation, convMetadata } = vote.outcome;
      updateOutcome.run({
        battleId: vote.battleId,
        answerA,
        answerB,
        tags: tags.join(","),
        conversation: conversation.length > 1 ? JSON.stringify(conversation) : null,
        convMetadata: convMetadata ? JSON.stringify(convMetadata) : null,
      });
    }
    return inserted;
  });
  const selectVotePage = db.prepare(`${COUNTED_VOTE_COLUMNS} WHERE v.seq > ? ORDER BY v.seq LIMIT ?`).raw(true);
  const selectUnflaggedVotePage = db
    .prepare(`${COUNTED_VOTE_COLUMNS} WHERE v.seq > ? AND v.flag IS NULL ORDER BY v.seq LIMIT ?`)
    .raw(true);
  const selectPage = db.prepare(`${VOTES_WITH_BATTLES} WHERE v.seq > ? ORDER BY v.seq LIMIT ?`);
  // CROSS JOIN keeps battles the outer table: a scan of it, not of the votes in sequence order.
  const anyBattleWithoutStyle = db
    .prepare(`SELECT 1 FROM battles b CROSS JOIN votes v ON v.battle_id = b.id WHERE ${WITHOUT_STYLE} LIMIT 1`)
    .pluck();
  const selectPageWithoutStyle = db.prepare(
    `${VOTES_WITH_BATTLES} WHERE v.seq > ? AND ${WITHOUT_STYLE} ORDER BY v.seq LIMIT ?`,
  );

  const battleParams = (battle: BattleRecord) => ({
    ...battle,
    promptKey: promptKeyOf(battle.prompt, battle.source),
    tags: battle.tags.join(","),
    startedAt: battle.startedAt.toISOString(),
  });
  const voteParams = (vote: VoteRecord) => ({
    battleId: vote.battleId,
    sessionHash: vote.sessionHash,
    winner: vote.winner,
    votedAt: vote.votedAt.toISOString(),
    flag: vote.flag ?? null,
    reasons: reasonsColumn(vote.reasons),
  });

  const layouts = new FileLayouts();
  const selectLayouts = db.prepare("SELECT id, fields FROM file_layouts");
  const learnLayouts = () => {
    for (const { id, fields } of selectLayouts.all() as Array<{ id: number; fields: string }>)
      layouts.learn(id, fields);
  };
  const pagesOf = (query: Database.Statement, pageSize: number) =>
    pagesOfBattlesWithVotes<Held>(
      {
        values: SQLITE_VALUES,
        start: 0,
        page: (after, limit) => query.all(after, limit) as Array<VoteRow<Held>>,
        learnLayouts,
      },
      layouts,
      pageSize,
    );
  const importBattles = sqliteImport(db, writes, layouts);

  const store: ArenaStore = {
    insertBattle(battle) {
      return writes.run(() => void insertBattle.run(battleParams(battle)));
    },
    saveBattleState(battleId, state) {
      return writes.run(() => void updateState.run(JSON.stringify(state), battleId));
    },
    async getBattle(battleId) {
      const row = selectBattle.get(battleId) as (BattleRow<Held> & { voted: number }) | undefined;
      return row ? storedBattleOf(row, row.voted === 1, SQLITE_VALUES) : null;
    },
    async recordVote(vote) {
      return (await writes.run(() => recordVote(vote))) ? "recorded" : "duplicate";
    },
    async voteReasons(battleId) {
      const row = selectVoteReasons.get(battleId) as
        | { session_hash: string; voted_at: string; winner: VoteReasonsState["winner"]; reasons: string | null }
        | undefined;
      if (!row) return null;
      return {
        sessionHash: row.session_hash,
        votedAt: new Date(row.voted_at),
        winner: row.winner,
        reasons: reasonsOfColumn(row.reasons),
      };
    },
    setVoteReasons(battleId, reasons) {
      return writes.run(() => void updateVoteReasons.run(reasonsColumn(reasons), battleId));
    },
    async listVotes(options = {}): Promise<StoredVote[]> {
      return allOfPages(store.votePages(options));
    },
    votePages({ includeFlagged = false, pageSize = VOTE_PAGE_SIZE } = {}) {
      const query = includeFlagged ? selectVotePage : selectUnflaggedVotePage;
      return pagesOfStoredVotes<Held>(
        0,
        (after, limit) => query.all(after, limit) as Array<CountedVoteTuple<Held>>,
        SQLITE_VALUES,
        pageSize,
      );
    },
    async countVotes() {
      return countVotes.get() as number;
    },
    setSessionStanding(sessionHash, standing) {
      return writes.run(() => {
        if (standing === null) deleteStanding.run(sessionHash);
        else upsertStanding.run({ ...standing, sessionHash, updatedAt: standing.updatedAt.toISOString() });
      });
    },
    async listSessionStandings() {
      return (selectStandings.all() as Array<StandingRow<Held>>).map((row) => sessionStandingOf(row, SQLITE_VALUES));
    },
    importBattles,
    battlePages(pageSize = EXPORT_PAGE_SIZE) {
      return pagesOf(selectPage, pageSize);
    },
    battlesWithoutStyle(pageSize = EXPORT_PAGE_SIZE) {
      // Asked at every start, and almost always answered "none": a scan of the battles alone says
      // so for a third of the CPU of the paged query in vote order (which looks up every voted
      // battle); only when there are some is that query run.
      return anyBattleWithoutStyle.get() === undefined ? noPages() : pagesOf(selectPageWithoutStyle, pageSize);
    },
    saveConvMetadata(rows) {
      return writes.run(() => saveConvMetadata(rows));
    },
    exportBattles() {
      return allOfPages(store.battlePages());
    },
    judgments: sqliteJudgments(db, writes, (sql) =>
      (db.prepare(sql).raw(true).all() as Array<CountedVoteTuple<Held>>).map((row) => storedVoteOf(row, SQLITE_VALUES)),
    ),
    async close() {
      await writes.drain();
      db.close();
    },
  };
  return store;
}

async function* noPages(): AsyncGenerator<never> {}
