/**
 * The embedded default store: one SQLite file in WAL mode. Writes are group-committed and each
 * batch's log is synced (fdatasync) before its promises settle, so a vote is on disk before the
 * voter's ack leaves — a crash right after the ack, even of the machine, keeps it (groupCommit.ts).
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Winner } from "@arena/shared/protocol";
import { styleOfMetadata } from "@arena/shared/ratings/styleFeatures";
import type { BattleRecord, BattleSource, BattleState, BattleWithVote, ConversationTurn } from "../domain/battle.ts";
import type { SessionStanding } from "../domain/sessionStanding.ts";
import type { StoredVote, VoteRecord } from "../domain/vote.ts";
import { FileLayouts, missingLayout } from "./fileLayouts.ts";
import { GroupCommit } from "./groupCommit.ts";
import { EXPORT_PAGE_SIZE, allOfPages } from "./importBatches.ts";
import { promptKeyOf } from "./promptKey.ts";
import { sqliteImport } from "./sqliteImport.ts";
import { migrateSqlite } from "./sqliteMigrations.ts";
import type { ArenaStore } from "./store.ts";

type BattleRow = {
  id: string;
  session_hash: string;
  prompt: string;
  language: string;
  category: string | null;
  tags: string;
  model_a: string;
  model_b: string;
  answer_a: string | null;
  answer_b: string | null;
  source: BattleSource;
  started_at: string;
  conversation: string | null;
  prompt_key: string | null;
  state: string | null;
  file_fields: string | null;
  file_layout: number | null;
  conv_metadata: string | null;
};
type VoteRow = BattleRow & { winner: Winner; voted_at: string; flag: string | null; voter_hash: string };
type StandingRow = { session_hash: string; status: SessionStanding["status"]; source: SessionStanding["source"]; reason: string; updated_at: string };

const VOTES_WITH_BATTLES = `
  SELECT b.*, v.seq, v.winner, v.voted_at, v.flag, v.session_hash AS voter_hash
  FROM votes v JOIN battles b ON b.id = v.battle_id`;

export type SqliteStoreOptions = {
  /** Bytes per page of a database file this opening creates (SQLite's default, 4 KiB, otherwise); a file that exists keeps its own. */
  pageSize?: number;
};

export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): ArenaStore {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  if (options.pageSize !== undefined) db.pragma(`page_size = ${options.pageSize}`);
  db.pragma("journal_mode = WAL");
  // NORMAL: commits do not sync by themselves; GroupCommit syncs the log after each batch, off the
  // event loop. (Checkpoints still sync the database file as SQLite always does.)
  db.pragma("synchronous = NORMAL");
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
    `INSERT INTO votes (battle_id, session_hash, winner, voted_at, flag)
     VALUES (@battleId, @sessionHash, @winner, @votedAt, @flag)
     ON CONFLICT (battle_id) DO NOTHING`,
  );
  const updateOutcome = db.prepare(
    `UPDATE battles SET answer_a = @answerA, answer_b = @answerB, tags = @tags, conversation = @conversation,
       conv_metadata = @convMetadata WHERE id = @battleId`,
  );
  const updateConvMetadata = db.prepare("UPDATE battles SET conv_metadata = ? WHERE id = ?");
  const saveConvMetadata = db.transaction((rows: ReadonlyArray<{ battleId: string; convMetadata: Record<string, unknown> }>) => {
    for (const { battleId, convMetadata } of rows) updateConvMetadata.run(JSON.stringify(convMetadata), battleId);
  });
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
  const selectCounted = db.prepare(`${VOTES_WITH_BATTLES} WHERE v.flag IS NULL ORDER BY v.seq`);
  const selectAll = db.prepare(`${VOTES_WITH_BATTLES} ORDER BY v.seq`);
  const selectPage = db.prepare(`${VOTES_WITH_BATTLES} WHERE v.seq > ? ORDER BY v.seq LIMIT ?`);
  const selectPageWithoutStyle = db.prepare(
    `${VOTES_WITH_BATTLES} WHERE v.seq > ? AND b.conv_metadata IS NULL AND b.source <> 'import' AND b.answer_a IS NOT NULL AND b.answer_b IS NOT NULL
     ORDER BY v.seq LIMIT ?`,
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
  });

  const layouts = new FileLayouts();
  const selectLayouts = db.prepare("SELECT id, fields FROM file_layouts");
  const learnLayouts = () => {
    for (const { id, fields } of selectLayouts.all() as Array<{ id: number; fields: string }>) layouts.learn(id, fields);
  };
  const battleWithVoteOf = (row: VoteRow): BattleWithVote => {
    const layout = row.file_layout;
    if (layout !== null && !layouts.knows(layout)) learnLayouts();
    return battleWithVoteOfRow(row, layouts);
  };
  const importBattles = sqliteImport(db, writes, layouts);

  const store: ArenaStore = {
    insertBattle(battle) {
      return writes.run(() => void insertBattle.run(battleParams(battle)));
    },
    saveBattleState(battleId, state) {
      return writes.run(() => void updateState.run(JSON.stringify(state), battleId));
    },
    async getBattle(battleId) {
      const row = selectBattle.get(battleId) as (BattleRow & { voted: number }) | undefined;
      if (!row) return null;
      return { record: recordOf(row), state: row.state ? (JSON.parse(row.state) as BattleState) : null, voted: row.voted === 1 };
    },
    async recordVote(vote) {
      return (await writes.run(() => recordVote(vote))) ? "recorded" : "duplicate";
    },
    async listVotes(options = {}): Promise<StoredVote[]> {
      const rows = (options.includeFlagged ? selectAll : selectCounted).all() as VoteRow[];
      return rows.map((row) => ({
        battleId: row.id,
        sessionHash: row.voter_hash,
        promptKey: row.prompt_key,
        modelA: row.model_a,
        modelB: row.model_b,
        winner: row.winner,
        language: row.language,
        category: row.category,
        tags: splitTags(row.tags),
        votedAt: new Date(row.voted_at),
        flag: row.flag,
        source: row.source,
        style: row.conv_metadata ? styleOfMetadata(JSON.parse(row.conv_metadata)) : null,
      }));
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
      return (selectStandings.all() as StandingRow[]).map((row) => ({
        sessionHash: row.session_hash,
        status: row.status,
        source: row.source,
        reason: row.reason,
        updatedAt: new Date(row.updated_at),
      }));
    },
    importBattles,
    battlePages(pageSize = EXPORT_PAGE_SIZE) {
      return pagesOf(selectPage, pageSize, battleWithVoteOf);
    },
    battlesWithoutStyle(pageSize = EXPORT_PAGE_SIZE) {
      return pagesOf(selectPageWithoutStyle, pageSize, battleWithVoteOf);
    },
    saveConvMetadata(rows) {
      return writes.run(() => saveConvMetadata(rows));
    },
    exportBattles() {
      return allOfPages(store.battlePages());
    },
    async close() {
      await writes.drain();
      db.close();
    },
  };
  return store;
}

/** Keyset paging over a query of voted battles that takes (after seq, limit). */
async function* pagesOf(
  query: Database.Statement,
  pageSize: number,
  battleWithVoteOf: (row: VoteRow) => BattleWithVote,
): AsyncGenerator<BattleWithVote[]> {
  let after = 0;
  for (;;) {
    const rows = query.all(after, pageSize) as Array<VoteRow & { seq: number }>;
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.seq;
    yield rows.map(battleWithVoteOf);
  }
}

function battleWithVoteOfRow(row: VoteRow, layouts: FileLayouts): BattleWithVote {
  return {
    ...recordOf(row),
    winner: row.winner,
    votedAt: new Date(row.voted_at),
    flag: row.flag,
    ...(row.conversation ? { conversation: JSON.parse(row.conversation) as ConversationTurn[] } : {}),
    ...(row.file_fields ? { fileFields: fileFieldsOf(row.file_fields, row.file_layout, layouts) } : {}),
    ...(row.conv_metadata ? { convMetadata: JSON.parse(row.conv_metadata) as Record<string, unknown> } : {}),
  };
}

function fileFieldsOf(text: string, layout: number | null, layouts: FileLayouts): Record<string, unknown> {
  if (layout === null) return JSON.parse(text) as Record<string, unknown>;
  const fields = layouts.join(layout, JSON.parse(text) as unknown[]);
  if (fields === undefined) throw missingLayout(layout);
  return fields;
}

function recordOf(row: BattleRow): BattleRecord {
  return {
    id: row.id,
    sessionHash: row.session_hash,
    prompt: row.prompt,
    language: row.language,
    category: row.category,
    tags: splitTags(row.tags),
    modelA: row.model_a,
    modelB: row.model_b,
    answerA: row.answer_a,
    answerB: row.answer_b,
    source: row.source,
    startedAt: new Date(row.started_at),
  };
}

function splitTags(tags: string): string[] {
  return tags === "" ? [] : tags.split(",");
}
