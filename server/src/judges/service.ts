/**
 * What the judges said, read for people: one table per judge (its final verdicts over the battles
 * the people's tables count, rated like them), agreement with the people on the same battles
 * (MT-bench's two setups), and the progress of each judge. Rebuilt from the store — the people's
 * counted votes and the stored judgings — after judgings, votes and standings change (at most once
 * per `pollMs` while busy), and on a timer so that every server of a cluster follows the leader's.
 */
import type {
  AdminJudgeStatus,
  AgreementCount,
  JudgesQuery,
  JudgeSummary,
  JudgeVerdict,
  JudgmentRecord as JudgmentAnswer,
} from "@arena/shared/judges";
import type { Leaderboard, LeaderboardFilter, Winner } from "@arena/shared/protocol";

import type { JudgmentStore, StoredVerdict } from "../domain/judgment.ts";
import type { StoredVote } from "../domain/vote.ts";
import { ArenaError } from "../errors.ts";
import { VoteGate } from "../integrity/votePolicy.ts";
import { categoriesOf } from "../leaderboard/filters.ts";
import { LeaderboardService, type LeaderboardSettings } from "../leaderboard/service.ts";
import type { Logger } from "../logger.ts";
import { combineOrders } from "./pairwisePrompt.ts";
import type { JudgeRunner } from "./runner.ts";

export type JudgeServiceDeps = {
  judgments: JudgmentStore;
  judgeIds: readonly string[];
  /** The judges' endpoints' model names, for the admin API. */
  judgeModels: ReadonlyMap<string, string>;
  /** Whether the people's tables count a stored vote now (the integrity gate's view). */
  counts: (vote: StoredVote) => boolean;
  clock: () => Date;
  logger: Logger;
  settings: LeaderboardSettings;
  /** A judge's tables changed (filters carry `judge`): push them. */
  tablesChanged: (filters: LeaderboardFilter[]) => void;
  pollMs: number;
};

type JudgeView = {
  /** Final verdict per counted battle judged in both orders (null: no verdict). */
  finals: Map<string, JudgeVerdict | null>;
  table: LeaderboardService;
  pending: number;
};

/** The people's winner as a judge could give it: both-bad is a tie (MT-bench's reading). */
function peopleVerdict(winner: Winner): JudgeVerdict {
  return winner === "bothbad" ? "tie" : winner;
}

function agreementCount(agree: number, total: number): AgreementCount {
  return { agree, total, ratio: total === 0 ? null : agree / total };
}

export class JudgeService {
  private readonly views = new Map<string, JudgeView>();
  private counted: StoredVote[] = [];
  private refreshing: Promise<void> | null = null;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private waiting: NodeJS.Timeout | undefined;
  private lastRefreshAt = 0;
  private closed = false;
  private runner: JudgeRunner | undefined;

  constructor(private readonly deps: JudgeServiceDeps) {
    for (const id of deps.judgeIds) {
      this.views.set(id, { finals: new Map(), table: new LeaderboardService(deps.clock, deps.settings), pending: 0 });
    }
  }

  get hasJudges(): boolean {
    return this.views.size > 0;
  }

  /** Builds the views once, then follows the store. */
  async start(runner: JudgeRunner): Promise<void> {
    this.runner = runner;
    if (!this.hasJudges) return;
    this.lastRefreshAt = Date.now();
    await this.refresh();
    this.timer = setInterval(() => this.changed(), this.deps.pollMs);
    this.timer.unref();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    clearTimeout(this.waiting);
  }

  /**
   * Something the views depend on changed: refresh soon. Bursts become one refresh, and refreshes
   * are at least `pollMs` apart — each reads every judged battle's vote, on the event loop with SQLite.
   */
  changed(): void {
    if (!this.hasJudges || this.closed) return;
    if (this.refreshing || this.waiting) {
      this.dirty = true;
      return;
    }
    const wait = this.lastRefreshAt + this.deps.pollMs - Date.now();
    if (wait > 0) {
      this.waiting = setTimeout(() => {
        this.waiting = undefined;
        this.dirty = false;
        this.changed();
      }, wait);
      return;
    }
    this.lastRefreshAt = Date.now();
    this.refreshing = this.refresh()
      .catch((error: unknown) => this.deps.logger.warn({ err: error }, "could not refresh the judges' tables"))
      .finally(() => {
        this.refreshing = null;
        if (this.dirty) {
          this.dirty = false;
          this.changed();
        }
      });
  }

  /** Resolves once the refreshes asked for so far are done (tests, the admin API). */
  async settled(): Promise<void> {
    while (this.refreshing) await this.refreshing;
  }

  /** One judge's table; an unknown judge is `not_found`. */
  table(filter: LeaderboardFilter & { judge: string }): Leaderboard {
    const { judge, ...people } = filter;
    return { ...this.viewOf(judge).table.get(people), judge };
  }

  summaries(query: JudgesQuery): JudgeSummary[] {
    const votes = this.counted.filter(
      (vote) =>
        (query.language === undefined || vote.language === query.language) &&
        (query.category === undefined || categoriesOf(vote).includes(query.category)),
    );
    return [...this.views].map(([id, view]) => this.summaryOf(id, view, votes));
  }

  /** The admin's view: the queue counted afresh (the public figures follow the throttled refresh). */
  async adminStatuses(): Promise<AdminJudgeStatus[]> {
    const queued = await Promise.all([...this.views.keys()].map((id) => this.deps.judgments.countPending(id)));
    return [...this.views].map(([id, view], index) => {
      const status = this.runner!.status(id);
      const { judged, failed } = this.progressOf(view);
      return {
        id,
        model: this.deps.judgeModels.get(id) ?? id,
        queued: queued[index]!,
        inFlight: status.inFlight,
        judged,
        failed,
        lastError: status.lastError && { message: status.lastError.message, at: status.lastError.at.toISOString() },
        coolDown: {
          active: status.coolingUntil !== null,
          until: status.coolingUntil === null ? null : status.coolingUntil.toISOString(),
        },
      };
    });
  }

  async judgmentsOf(battleId: string): Promise<JudgmentAnswer[]> {
    return (await this.deps.judgments.ofBattle(battleId)).map((row) => ({
      judge: row.judge,
      order: row.order,
      verdict: row.verdict,
      raw: row.raw,
      ...(row.error === null ? {} : { error: row.error }),
      judgedAt: row.judgedAt.toISOString(),
    }));
  }

  /** Forgets a judge's failed judgings, so that they are judged again; how many. */
  async retryFailed(judge: string): Promise<number> {
    this.viewOf(judge);
    const forgotten = await this.deps.judgments.forgetFailed(judge);
    this.changed();
    this.runner?.nudge();
    return forgotten;
  }

  private viewOf(judge: string): JudgeView {
    const view = this.views.get(judge);
    if (!view) throw new ArenaError("not_found", `No judge "${judge}" on this arena.`);
    return view;
  }

  private progressOf(view: JudgeView): { judged: number; failed: number } {
    let judged = 0;
    let failed = 0;
    for (const vote of this.counted) {
      if (!view.finals.has(vote.battleId)) continue;
      if (view.finals.get(vote.battleId) === null) failed++;
      else judged++;
    }
    return { judged, failed };
  }

  private summaryOf(id: string, view: JudgeView, votes: StoredVote[]): JudgeSummary {
    let withTies = 0;
    let withTiesTotal = 0;
    let withoutTies = 0;
    let withoutTiesTotal = 0;
    let failed = 0;
    const pairs = new Map<string, { modelA: string; modelB: string; agree: number; total: number }>();
    for (const vote of votes) {
      if (!view.finals.has(vote.battleId)) continue;
      const judge = view.finals.get(vote.battleId)!;
      if (judge === null) {
        failed++;
        continue;
      }
      const people = peopleVerdict(vote.winner);
      const agree = people === judge ? 1 : 0;
      withTies += agree;
      withTiesTotal++;
      if (people !== "tie" && judge !== "tie") {
        withoutTies += agree;
        withoutTiesTotal++;
      }
      const [modelA, modelB] = [vote.modelA, vote.modelB].sort();
      const key = `${modelA}\u0000${modelB}`;
      const pair = pairs.get(key) ?? { modelA: modelA!, modelB: modelB!, agree: 0, total: 0 };
      pair.agree += agree;
      pair.total++;
      pairs.set(key, pair);
    }
    const counts = {
      withTies: agreementCount(withTies, withTiesTotal),
      withoutTies: agreementCount(withoutTies, withoutTiesTotal),
    };
    return {
      id,
      judged: withTiesTotal,
      pending: view.pending,
      failed,
      agreement: { withTies: counts.withTies.ratio, withoutTies: counts.withoutTies.ratio },
      counts,
      pairs: [...pairs.values()]
        .map(({ modelA, modelB, agree, total }) => ({ modelA, modelB, withTies: agreementCount(agree, total) }))
        .sort(
          (x, y) =>
            x.withTies.ratio! - y.withTies.ratio! ||
            y.withTies.total - x.withTies.total ||
            x.modelA.localeCompare(y.modelA) ||
            x.modelB.localeCompare(y.modelB),
        ),
    };
  }

  private async refresh(): Promise<void> {
    const [judged, verdicts] = await Promise.all([this.deps.judgments.judgedVotes(), this.deps.judgments.verdicts()]);
    const counted = judged.filter(this.deps.counts);
    const byJudge = new Map<string, StoredVerdict[]>();
    for (const verdict of verdicts) {
      const list = byJudge.get(verdict.judge) ?? [];
      list.push(verdict);
      byJudge.set(verdict.judge, list);
    }
    const pushes: LeaderboardFilter[] = [];
    for (const [id, view] of this.views) {
      const orders = new Map<string, Partial<Record<"ab" | "ba", JudgeVerdict | null>>>();
      for (const { battleId, order, verdict } of byJudge.get(id) ?? []) {
        orders.set(battleId, { ...orders.get(battleId), [order]: verdict });
      }
      view.finals.clear();
      for (const [battleId, both] of orders) {
        if (both.ab !== undefined && both.ba !== undefined) view.finals.set(battleId, combineOrders(both.ab, both.ba));
        // One order failed for good: the battle has no verdict, whatever the other says.
        else if (both.ab === null || both.ba === null) view.finals.set(battleId, null);
      }
      const judgeVotes = counted.flatMap((vote) => {
        const verdict = view.finals.get(vote.battleId);
        return verdict ? [{ ...vote, winner: verdict as Winner }] : [];
      });
      for (const filter of view.table.rebuild(judgeVotes, new VoteGate())) pushes.push({ ...filter, judge: id });
      view.pending = await this.deps.judgments.countPending(id);
    }
    this.counted = counted;
    if (pushes.length > 0) this.deps.tablesChanged(pushes);
  }
}
