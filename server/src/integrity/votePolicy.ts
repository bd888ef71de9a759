/**
 * Which stored votes count in the leaderboard tables. Raw votes are always kept; the tables are
 * computed through a VoteGate that replays the policies in stored order, so a restart (or a
 * rebuild after a standing changes) gives the same tables as the live additions did.
 */
import type { StoredVote } from "../domain/vote.ts";

export type VotePolicy = {
  /** Votes per voter session per UTC day that count; later ones are stored only. 0 = no cap. */
  dailyVoteCap: number;
  /** Votes that count per voter-written prompt (by prompt key); later ones are stored only. 0 = no cap. */
  duplicatePromptCap: number;
};

/**
 * 100 a day: a careful vote (reading two answers) takes half a minute or more, so 100 is close to
 * an hour of voting — more than any ordinary visit — while one session can add at most 100 votes a
 * day to any table. 10 per prompt: people do ask the same thing ("hi", a famous riddle), and those
 * votes are real, but a prompt repeated past ten votes says more about whoever repeats it than
 * about the models, and a flood of one easy prompt would otherwise weigh like many prompts.
 */
export const DEFAULT_VOTE_POLICY: VotePolicy = { dailyVoteCap: 100, duplicatePromptCap: 10 };

/** Why a stored vote does not count. */
export type NotCountedReason = "session_excluded" | "daily_cap" | "duplicate_prompt";

type Gated = Pick<StoredVote, "battleId" | "sessionHash" | "promptKey" | "votedAt" | "source">;

export class VoteGate {
  private readonly days = new Map<string, { day: string; votes: number }>();
  private readonly prompts = new Map<string, number>();
  private readonly counted = new Map<string, number>();
  private refusals = 0;

  constructor(
    readonly policy: VotePolicy = { dailyVoteCap: 0, duplicatePromptCap: 0 },
    /** Sessions whose votes count nowhere (admin or anomaly exclusions not overridden). */
    readonly excludedSessions: ReadonlySet<string> = new Set(),
  ) {}

  /** A gate with the same policy and exclusions, that has seen no vote yet (for a rebuild). */
  fresh(): VoteGate {
    return new VoteGate(this.policy, this.excludedSessions);
  }

  /** Decides one vote; call once per vote, in stored order. */
  verdict(vote: Gated): NotCountedReason | null {
    const reason = this.decide(vote);
    if (reason === null) this.counted.set(vote.sessionHash, (this.counted.get(vote.sessionHash) ?? 0) + 1);
    else this.refusals++;
    return reason;
  }

  admit(vote: Gated): boolean {
    return this.verdict(vote) === null;
  }

  /** Votes of a session that counted so far. */
  countedOf(sessionHash: string): number {
    return this.counted.get(sessionHash) ?? 0;
  }

  /**
   * How many votes were refused so far. Which ones is not kept — on a busy arena that list grows
   * with every capped vote; replaying a `fresh()` gate over the stored votes tells (as
   * IntegrityService.uncountedVotes does).
   */
  get refusedVotes(): number {
    return this.refusals;
  }

  private decide(vote: Gated): NotCountedReason | null {
    if (this.excludedSessions.has(vote.sessionHash)) return "session_excluded";
    // Imported battles were collected (and filtered, if at all) elsewhere; an admin may still exclude their voters.
    if (vote.source === "import") return null;
    const { dailyVoteCap, duplicatePromptCap } = this.policy;
    // Every vote cast that day spends the day's budget, counted or damped.
    const day = vote.votedAt.toISOString().slice(0, 10);
    let today = this.days.get(vote.sessionHash);
    if (!today || today.day !== day) this.days.set(vote.sessionHash, (today = { day, votes: 0 }));
    today.votes++;
    if (dailyVoteCap > 0 && today.votes > dailyVoteCap) return "daily_cap";
    if (vote.promptKey === null) return null; // pack prompts: the server drew them
    // Only votes that would otherwise count take one of a prompt's places.
    const seen = (this.prompts.get(vote.promptKey) ?? 0) + 1;
    this.prompts.set(vote.promptKey, seen);
    if (duplicatePromptCap > 0 && seen > duplicatePromptCap) return "duplicate_prompt";
    return null;
  }
}
