/**
 * The battle page's state as a pure reducer: a battle starts, both answers stream in turn by turn,
 * follow-ups are asked (live battles), a vote is given and the models revealed. useBattle.ts feeds
 * it socket events and acknowledgements; `viewBattle` derives what the page shows and allows.
 */
import { MAX_TURNS } from "@arena/shared/limits";
import type { BattleChunk, BattleEnd, BattleStarted, Side, VoteResult, Winner } from "@arena/shared/protocol";

export type AnswerState = {
  text: string;
  status: "streaming" | "done" | "failed";
  error: string | null;
};
export type Answers = Record<Side, AnswerState>;
/** One voter turn: the prompt (null if the page never learnt it) and both answers to it. */
export type Turn = { prompt: string | null; answers: Answers };
/** What a refusal interrupted, so the page can show it beside the control that was used. */
export type FailureOrigin = "start" | "own-prompt" | "follow-up" | "vote";
export type Failure = { code: string; message: string };
export type BattleFailure = Failure & { origin: FailureOrigin };

export type BattleState = {
  /** Number of the latest start request; answers to older ones are stale and dropped. */
  generation: number;
  starting: boolean;
  battle: BattleStarted | null;
  /**
   * Answers by battle id, then by turn (index 0 is turn 1). Chunks can overtake the `battle:start`
   * acknowledgement, so they are kept under their battle id even before the page knows that id is
   * the current battle.
   */
  answers: Record<string, Answers[]>;
  /** The current battle's follow-up prompts, by turn number (2, 3, …). */
  followUps: Record<number, string>;
  /** A follow-up was sent and not yet acknowledged. */
  continuing: boolean;
  /** The server refused a follow-up with `turn_limit` (its limit can be below MAX_TURNS). */
  turnLimitReached: boolean;
  voting: boolean;
  verdict: Winner | null;
  result: VoteResult | null;
  error: BattleFailure | null;
};

export type BattleAction =
  | { type: "start-requested"; generation: number; keepCurrent: boolean }
  | { type: "start-succeeded"; generation: number; battle: BattleStarted }
  | { type: "start-failed"; generation: number; error: BattleFailure }
  | { type: "chunk"; chunk: BattleChunk }
  | { type: "end"; end: BattleEnd }
  | { type: "continue-requested"; battleId: string; turn: number; prompt: string }
  | { type: "continue-succeeded"; battleId: string; expectedTurn: number; turn: number }
  | { type: "continue-failed"; battleId: string; turn: number; error: BattleFailure }
  | { type: "vote-requested"; winner: Winner }
  | { type: "vote-succeeded"; battleId: string; winner: Winner; result: VoteResult }
  | { type: "vote-failed"; battleId: string; error: BattleFailure }
  /** Clears the page; `generation` is a new request number, so a start still in flight is dropped. */
  | { type: "reset"; generation: number }
  | { type: "error-dismissed" };

export const initialBattleState: BattleState = {
  generation: 0,
  starting: false,
  battle: null,
  answers: {},
  followUps: {},
  continuing: false,
  turnLimitReached: false,
  voting: false,
  verdict: null,
  result: null,
  error: null,
};

const emptyAnswer: AnswerState = { text: "", status: "streaming", error: null };
const emptyAnswers: Answers = { a: emptyAnswer, b: emptyAnswer };

/** Whether an event for `battleId` can still matter: the current battle, or one being started. */
function isWanted(state: BattleState, battleId: string): boolean {
  return state.starting || state.battle?.battleId === battleId;
}

/** The event's turn as an index into the turn list; a missing or odd value counts as the first turn. */
function turnIndex(turn: unknown): number {
  return typeof turn === "number" && Number.isInteger(turn) && turn >= 1 && turn <= MAX_TURNS ? turn - 1 : 0;
}

function updateAnswer(
  state: BattleState,
  battleId: string,
  turn: unknown,
  side: Side,
  change: (answer: AnswerState) => AnswerState,
): BattleState {
  const index = turnIndex(turn);
  // Only the changed turn gets a new object, so the finished turns keep theirs and are not re-rendered.
  const turns = [...(state.answers[battleId] ?? [])];
  for (let i = turns.length; i <= index; i++) turns[i] = emptyAnswers;
  const answers = turns[index]!;
  turns[index] = { ...answers, [side]: change(answers[side]) };
  return { ...state, answers: { ...state.answers, [battleId]: turns } };
}

export function battleReducer(state: BattleState, action: BattleAction): BattleState {
  switch (action.type) {
    case "start-requested":
      return action.keepCurrent
        ? { ...state, generation: action.generation, starting: true, error: null }
        : { ...initialBattleState, generation: action.generation, starting: true };
    case "start-succeeded": {
      if (action.generation !== state.generation) return state;
      const { battleId } = action.battle;
      return {
        ...initialBattleState,
        generation: state.generation,
        battle: action.battle,
        // Keep what already streamed for the new battle; drop everything else.
        answers: { [battleId]: state.answers[battleId] ?? [] },
      };
    }
    case "start-failed":
      if (action.generation !== state.generation) return state;
      return { ...state, starting: false, error: action.error };
    case "chunk": {
      const { battleId, side, text, turn } = action.chunk;
      if (!isWanted(state, battleId)) return state;
      return updateAnswer(state, battleId, turn, side, (answer) => ({ ...answer, text: answer.text + text }));
    }
    case "end": {
      const { battleId, side, ok, error, turn } = action.end;
      if (!isWanted(state, battleId)) return state;
      return updateAnswer(state, battleId, turn, side, (answer) => ({
        ...answer,
        status: ok ? "done" : "failed",
        // Without a reason from the server the column says so in the interface language.
        error: ok ? null : error || null,
      }));
    }
    case "continue-requested":
      if (state.battle?.battleId !== action.battleId) return state;
      // The prompt shows at once; chunks of its turn may arrive before the acknowledgement.
      return {
        ...state,
        continuing: true,
        error: null,
        followUps: { ...state.followUps, [action.turn]: action.prompt },
      };
    case "continue-succeeded": {
      if (state.battle?.battleId !== action.battleId) return state;
      const { expectedTurn, turn } = action;
      if (turn === expectedTurn || turn < 2) return { ...state, continuing: false };
      // The server numbers turns; should it disagree with the page's count, its number wins.
      const { [expectedTurn]: prompt = "", ...others } = state.followUps;
      return { ...state, continuing: false, followUps: { ...others, [turn]: prompt } };
    }
    case "continue-failed": {
      if (state.battle?.battleId !== action.battleId) return state;
      const { [action.turn]: _withdrawn, ...followUps } = state.followUps;
      const turnLimitReached = state.turnLimitReached || action.error.code === "turn_limit";
      return { ...state, continuing: false, followUps, turnLimitReached, error: action.error };
    }
    case "vote-requested":
      return { ...state, voting: true, verdict: action.winner, error: null };
    case "vote-succeeded":
      if (state.battle?.battleId !== action.battleId) return state;
      return { ...state, voting: false, verdict: action.winner, result: action.result };
    case "vote-failed":
      if (state.battle?.battleId !== action.battleId) return state;
      return { ...state, voting: false, verdict: null, error: action.error };
    case "reset":
      return { ...initialBattleState, generation: action.generation };
    case "error-dismissed":
      return { ...state, error: null };
  }
}

/** The turns to show: every turn with a prompt or an answer, in order. */
function listTurns(state: BattleState): Turn[] {
  const { battle } = state;
  if (battle === null) return [];
  const answers = state.answers[battle.battleId] ?? [];
  const lastPrompted = Math.max(1, ...Object.keys(state.followUps).map(Number));
  const count = Math.max(lastPrompted, answers.length);
  const turns: Turn[] = [];
  for (let i = 0; i < count; i++) {
    turns.push({
      prompt: i === 0 ? battle.prompt : (state.followUps[i + 1] ?? null),
      answers: answers[i] ?? emptyAnswers,
    });
  }
  return turns;
}

/** What the battle page shows and allows, derived from the state. */
export type BattleView = {
  starting: boolean;
  battle: BattleStarted | null;
  /** The conversation so far; one turn for a pack battle. */
  turns: Turn[];
  /** Some turn is still being answered (or a follow-up is on its way). */
  streaming: boolean;
  /** A follow-up was sent and not yet acknowledged. */
  sendingFollowUp: boolean;
  /** A side failed on some turn: the battle cannot be voted on. */
  failed: boolean;
  voting: boolean;
  verdict: Winner | null;
  result: VoteResult | null;
  error: BattleFailure | null;
  /** Every answer ended well and no vote was given yet. */
  canVote: boolean;
  /** A live battle whose answers all ended well, not voted on, with turns left. */
  canContinue: boolean;
  /** A live battle that used all its turns (MAX_TURNS, or fewer if the server says so). */
  atTurnLimit: boolean;
};

export function viewBattle(state: BattleState): BattleView {
  const turns = listTurns(state);
  const sides = turns.flatMap((turn) => [turn.answers.a, turn.answers.b]);
  const failed = sides.some((answer) => answer.status === "failed");
  const streaming = state.continuing || sides.some((answer) => answer.status === "streaming");
  const allDone = turns.length > 0 && !streaming && !failed;
  const open = state.battle !== null && !state.starting && !state.voting && state.result === null;
  const canVote = open && allDone;
  const live = state.battle?.mode === "live";
  const atTurnLimit = live && (state.turnLimitReached || turns.length >= (state.battle?.maxTurns ?? MAX_TURNS));
  return {
    starting: state.starting,
    battle: state.battle,
    turns,
    streaming,
    sendingFollowUp: state.continuing,
    failed,
    voting: state.voting,
    verdict: state.verdict,
    result: state.result,
    error: state.error,
    canVote,
    canContinue: canVote && live && !atTurnLimit,
    atTurnLimit,
  };
}
