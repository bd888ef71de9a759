/**
 * The battle page's state machine wired to the server: socket events and acknowledgements become
 * actions of the pure reducer in battleReducer.ts.
 */
import type { BattleChunk, BattleEnd, Winner } from "@arena/shared/protocol";
import { useCallback, useEffect, useReducer, useRef } from "react";

import { describeFailure, request, socket } from "../socket.ts";
import { battleReducer, type BattleView, initialBattleState, viewBattle } from "./battleReducer.ts";

export type BattleController = BattleView & {
  /** Starts a battle on a pool prompt (clearing the page) or on the voter's own prompt. */
  start: (prompt?: string) => Promise<boolean>;
  /** Asks both models a follow-up; resolves true once the server accepted it. */
  continueBattle: (prompt: string) => Promise<boolean>;
  vote: (winner: Winner) => void;
  /** Clears the page without starting a battle (for an arena whose battles all start from own prompts). */
  reset: () => void;
  dismissError: () => void;
};

export function useBattle(): BattleController {
  const [state, dispatch] = useReducer(battleReducer, initialBattleState);
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
    const own = prompt !== undefined;
    // An own prompt may be refused (no live models, busy), so the current battle stays until it is accepted.
    dispatch({ type: "start-requested", generation, keepCurrent: own });
    try {
      const battle = await request("battle:start", own ? { prompt } : {});
      dispatch({ type: "start-succeeded", generation, battle });
      return true;
    } catch (error) {
      const failure = { ...describeFailure(error), origin: own ? "own-prompt" : "start" } as const;
      dispatch({ type: "start-failed", generation, error: failure });
      return false;
    }
  }, []);

  const view = viewBattle(state);
  const { canVote, canContinue } = view;
  const battleId = view.battle?.battleId ?? null;

  const vote = useCallback(
    (winner: Winner) => {
      if (!canVote || battleId === null) return;
      dispatch({ type: "vote-requested", winner });
      request("battle:vote", { battleId, winner }).then(
        (result) => dispatch({ type: "vote-succeeded", battleId, winner, result }),
        (error: unknown) =>
          dispatch({ type: "vote-failed", battleId, error: { ...describeFailure(error), origin: "vote" } }),
      );
    },
    [battleId, canVote],
  );

  const nextTurn = view.turns.length + 1;
  const continueBattle = useCallback(
    async (prompt: string): Promise<boolean> => {
      if (!canContinue || battleId === null) return false;
      dispatch({ type: "continue-requested", battleId, turn: nextTurn, prompt });
      try {
        const { turn } = await request("battle:continue", { battleId, prompt });
        dispatch({ type: "continue-succeeded", battleId, expectedTurn: nextTurn, turn });
        return true;
      } catch (error) {
        const failure = { ...describeFailure(error), origin: "follow-up" } as const;
        dispatch({ type: "continue-failed", battleId, turn: nextTurn, error: failure });
        return false;
      }
    },
    [battleId, canContinue, nextTurn],
  );

  const reset = useCallback(() => {
    dispatch({ type: "reset", generation: ++generationRef.current });
  }, []);
  const dismissError = useCallback(() => dispatch({ type: "error-dismissed" }), []);

  return { ...view, start, continueBattle, vote, reset, dismissError };
}
