/**
 * The battle page's state machine: start a battle, collect both streamed answers, vote, reveal.
 */
import { useCallback, useEffect, useReducer, useRef } from "react";
import type { BattleChunk, BattleEnd, BattleStarted, Side, VoteResult, Winner } from "@arena/shared/protocol";
import { describeFailure, request, socket } from "../socket.ts";

export type AnswerState = {
  text: string;
  status: "streaming" | "done" | "failed";
  error: string | null;
};
export type Answers = Record<Side, AnswerState>;
export type Failure = { code: string; message: string };

type State = {
  /** Number of the latest start request; answers to older ones are stale and dropped. */
  generation: number;
  starting: boolean;
  battle: BattleStarted | null;
  /**
   * Answers by battle id. Chunks can overtake the `battle:start` acknowledgement, so they are kept
   * under their battle id even before the page knows that id is the current battle.
   */
  answers: Record<string, Answers>;
  voting: boolean;
  verdict: Winner | null;
  result: VoteResult | null;
  error: Failure | null;
};

type Action =
  | { type: "start-requested"; generation: number; keepCurrent: boolean }
  | { type: "start-succeeded"; generation: number; battle: BattleStarted }
  | { type: "start-failed"; generation: number; error: Failure }
  | { type: "chunk"; chunk: BattleChunk }
  | { type: "end"; end: BattleEnd }
  | { type: "vote-requested"; winner: Winner }
  | { type: "vote-succeeded"; battleId: string; winner: Winner; result: VoteResult }
  | { type: "vote-failed"; battleId: string; error: Failure }
  | { type: "error-dismissed" };

const initialState: State = {
  generation: 0,
  starting: false,
  battle: null,
  answers: {},
  voting: false,
  verdict: null,
  result: null,
  error: null,
};

const emptyAnswer: AnswerState = { text: "", status: "streaming", error: null };
export const emptyAnswers: Answers = { a: emptyAnswer, b: emptyAnswer };

/** Whether an event for `battleId` can still matter: the current battle, or one being started. */
function isWanted(state: State, battleId: string): boolean {
  return state.starting || state.battle?.battleId === battleId;
}

function updateAnswer(state: State, battleId: string, side: Side, change: (answer: AnswerState) => AnswerState): State {
  const answers = state.answers[battleId] ?? emptyAnswers;
  return {
    ...state,
    answers: { ...state.answers, [battleId]: { ...answers, [side]: change(answers[side]) } },
  };
}

function reducer(state: State, action: Action): State {
  switch (action.type) {
    case "start-requested":
      return action.keepCurrent
        ? { ...state, generation: action.generation, starting: true, error: null }
        : { ...initialState, generation: action.generation, starting: true };
    case "start-succeeded": {
      if (action.generation !== state.generation) return state;
      const { battleId } = action.battle;
      return {
        ...initialState,
        generation: state.generation,
        battle: action.battle,
        // Keep what already streamed for the new battle; drop everything else.
        answers: { [battleId]: state.answers[battleId] ?? emptyAnswers },
      };
    }
    case "start-failed":
      if (action.generation !== state.generation) return state;
      return { ...state, starting: false, error: action.error };
    case "chunk": {
      const { battleId, side, text } = action.chunk;
      if (!isWanted(state, battleId)) return state;
      return updateAnswer(state, battleId, side, (answer) => ({ ...answer, text: answer.text + text }));
    }
    case "end": {
      const { battleId, side, ok, error } = action.end;
      if (!isWanted(state, battleId)) return state;
      return updateAnswer(state, battleId, side, (answer) => ({
        ...answer,
        status: ok ? "done" : "failed",
        error: ok ? null : (error ?? "This model stopped with an error."),
      }));
    }
    case "vote-requested":
      return { ...state, voting: true, verdict: action.winner, error: null };
    case "vote-succeeded":
      if (state.battle?.battleId !== action.battleId) return state;
      return { ...state, voting: false, verdict: action.winner, result: action.result };
    case "vote-failed":
      if (state.battle?.battleId !== action.battleId) return state;
      return { ...state, voting: false, verdict: null, error: action.error };
    case "error-dismissed":
      return { ...state, error: null };
  }
}

export type BattleController = {
  starting: boolean;
  battle: BattleStarted | null;
  answers: Answers;
  voting: boolean;
  verdict: Winner | null;
  result: VoteResult | null;
  error: Failure | null;
  /** Both answers ended well and no vote was given yet. */
  canVote: boolean;
  /** Starts a battle on a pool prompt (clearing the page) or on the voter's own prompt. */
  start: (prompt?: string) => Promise<boolean>;
  vote: (winner: Winner) => void;
  dismissError: () => void;
};

export function useBattle(): BattleController {
  const [state, dispatch] = useReducer(reducer, initialState);
  const generationRef = useRef(0);

  // Listening from mount, before any start is emitted, so no chunk can slip past.
  useEffect(() => {
    const onChunk = (chunk: BattleChunk) => dispatch({ type: "chunk", chunk });
    const onEnd = (end: BattleEnd) => dispatch({ type: "end", end });
    socket.on("battle:chunk", onChunk);
    socket.on("battle:end", onEnd);
    return () => {
      socket.off("battle:chunk", onChunk);
      socket.off("battle:end", onEnd);
    };
  }, []);

  const start = useCallback(async (prompt?: string): Promise<boolean> => {
    const generation = ++generationRef.current;
    // An own prompt may be refused (no live models), so the current battle stays until it is accepted.
    dispatch({ type: "start-requested", generation, keepCurrent: prompt !== undefined });
    try {
      const battle = await request("battle:start", prompt === undefined ? {} : { prompt });
      dispatch({ type: "start-succeeded", generation, battle });
      return true;
    } catch (error) {
      dispatch({ type: "start-failed", generation, error: describeFailure(error) });
      return false;
    }
  }, []);

  const battleId = state.battle?.battleId ?? null;
  const answers = (battleId && state.answers[battleId]) || emptyAnswers;
  const canVote =
    battleId !== null &&
    !state.starting &&
    !state.voting &&
    state.result === null &&
    answers.a.status === "done" &&
    answers.b.status === "done";

  const vote = useCallback(
    (winner: Winner) => {
      if (!canVote || battleId === null) return;
      dispatch({ type: "vote-requested", winner });
      request("battle:vote", { battleId, winner }).then(
        (result) => dispatch({ type: "vote-succeeded", battleId, winner, result }),
        (error: unknown) => dispatch({ type: "vote-failed", battleId, error: describeFailure(error) }),
      );
    },
    [battleId, canVote],
  );

  const dismissError = useCallback(() => dispatch({ type: "error-dismissed" }), []);

  return {
    starting: state.starting,
    battle: state.battle,
    answers,
    voting: state.voting,
    verdict: state.verdict,
    result: state.result,
    error: state.error,
    canVote,
    start,
    vote,
    dismissError,
  };
}
