/** The judgings in PostgreSQL (see domain/judgment.ts). */
import type pg from "pg";

import type { JudgmentStore, StoredVerdict } from "../domain/judgment.ts";
import type { StoredVote } from "../domain/vote.ts";
import { JUDGEABLE, JUDGED_VOTES, judgeTaskOf, judgmentOf, type JudgmentRow, type PendingRow } from "./judgmentRows.ts";
import { pgText, pgTextOrNull } from "./pgValues.ts";

const LACKING = `FROM battles b JOIN votes v ON v.battle_id = b.id
  WHERE ${JUDGEABLE}
    AND (SELECT count(*) FROM judgments j WHERE j.battle_id = b.id AND j.judge = $1) < 2`;

const SELECT_PENDING = `
  SELECT b.id, b.prompt, b.answer_a, b.answer_b, b.conversation,
    (SELECT string_agg(j.order_shown, ',') FROM judgments j WHERE j.battle_id = b.id AND j.judge = $1) AS done
  ${LACKING} AND NOT (b.id = ANY($3::text[]))
  ORDER BY v.seq LIMIT $2`;

/** ON CONFLICT: of two servers recording the same judging (a leadership handover), one row stays. */
const INSERT = `
  INSERT INTO judgments (battle_id, judge, order_shown, verdict, raw, error, judged_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (battle_id, judge, order_shown) DO NOTHING`;

/** `votes` runs a query of STORED_VOTE_COLUMNS and reads its rows as the store's stored votes. */
export function postgresJudgments(pool: pg.Pool, votes: (sql: string) => Promise<StoredVote[]>): JudgmentStore {
  return {
    async pending(judge, limit, skip) {
      const { rows } = await pool.query<PendingRow<unknown>>(SELECT_PENDING, [judge, limit, [...skip]]);
      return rows.map((row) => judgeTaskOf(row, judge, (value) => value));
    },
    async countPending(judge) {
      const { rows } = await pool.query<{ count: number }>(`SELECT count(*)::int AS count ${LACKING}`, [judge]);
      return rows[0]!.count;
    },
    async record(judgment) {
      const { rowCount } = await pool.query(INSERT, [
        judgment.battleId,
        judgment.judge,
        judgment.order,
        judgment.verdict,
        pgText(judgment.raw),
        pgTextOrNull(judgment.error),
        judgment.judgedAt,
      ]);
      return rowCount === 1 ? "recorded" : "duplicate";
    },
    async verdicts() {
      const { rows } = await pool.query<StoredVerdict>(
        'SELECT battle_id AS "battleId", judge, order_shown AS "order", verdict FROM judgments',
      );
      return rows;
    },
    judgedVotes() {
      return votes(JUDGED_VOTES);
    },
    async ofBattle(battleId) {
      const { rows } = await pool.query<JudgmentRow<Date>>(
        "SELECT * FROM judgments WHERE battle_id = $1 ORDER BY judge, order_shown",
        [battleId],
      );
      return rows.map((row) => judgmentOf(row, (time) => time));
    },
    async forgetFailed(judge) {
      const { rowCount } = await pool.query("DELETE FROM judgments WHERE judge = $1 AND verdict IS NULL", [judge]);
      return rowCount ?? 0;
    },
  };
}
