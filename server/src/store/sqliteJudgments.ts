/** The judgings in SQLite (see domain/judgment.ts); writes go through the store's group commit. */
import type Database from "better-sqlite3";

import type { JudgmentStore, StoredVerdict } from "../domain/judgment.ts";
import type { StoredVote } from "../domain/vote.ts";
import type { GroupCommit } from "./groupCommit.ts";
import { JUDGEABLE, JUDGED_VOTES, judgeTaskOf, judgmentOf, type JudgmentRow, type PendingRow } from "./judgmentRows.ts";

/** `votes` runs a query of STORED_VOTE_COLUMNS and reads its rows as the store's stored votes. */
export function sqliteJudgments(
  db: Database.Database,
  writes: GroupCommit,
  votes: (sql: string) => StoredVote[],
): JudgmentStore {
  const lacking = `FROM battles b INDEXED BY battles_own CROSS JOIN votes v ON v.battle_id = b.id
    WHERE ${JUDGEABLE}
      AND (SELECT count(*) FROM judgments j WHERE j.battle_id = b.id AND j.judge = @judge) < 2`;
  const selectPending = db.prepare(
    `SELECT b.id, b.prompt, b.answer_a, b.answer_b, b.conversation,
       (SELECT group_concat(j.order_shown) FROM judgments j WHERE j.battle_id = b.id AND j.judge = @judge) AS done
     ${lacking} AND b.id NOT IN (SELECT value FROM json_each(@skip))
     ORDER BY v.seq LIMIT @limit`,
  );
  const countPending = db.prepare(`SELECT count(*) ${lacking}`).pluck();
  const insert = db.prepare(
    `INSERT INTO judgments (battle_id, judge, order_shown, verdict, raw, error, judged_at)
     VALUES (@battleId, @judge, @order, @verdict, @raw, @error, @judgedAt)
     ON CONFLICT (battle_id, judge, order_shown) DO NOTHING`,
  );
  const selectVerdicts = db.prepare(
    'SELECT battle_id AS battleId, judge, order_shown AS "order", verdict FROM judgments',
  );
  const selectOfBattle = db.prepare("SELECT * FROM judgments WHERE battle_id = ? ORDER BY judge, order_shown");
  const deleteFailed = db.prepare("DELETE FROM judgments WHERE judge = ? AND verdict IS NULL");

  return {
    async pending(judge, limit, skip) {
      const rows = selectPending.all({ judge, limit, skip: JSON.stringify(skip) }) as Array<PendingRow<string>>;
      return rows.map((row) => judgeTaskOf(row, judge, (text) => JSON.parse(text) as unknown));
    },
    async countPending(judge) {
      return countPending.get({ judge }) as number;
    },
    async record(judgment) {
      const changes = await writes.run(
        () => insert.run({ ...judgment, order: judgment.order, judgedAt: judgment.judgedAt.toISOString() }).changes,
      );
      return changes === 1 ? "recorded" : "duplicate";
    },
    async verdicts() {
      return selectVerdicts.all() as StoredVerdict[];
    },
    async judgedVotes() {
      return votes(JUDGED_VOTES);
    },
    async ofBattle(battleId) {
      return (selectOfBattle.all(battleId) as Array<JudgmentRow<string>>).map((row) =>
        judgmentOf(row, (iso) => new Date(iso)),
      );
    },
    async forgetFailed(judge) {
      return writes.run(() => deleteFailed.run(judge).changes);
    },
  };
}
