import assert from "node:assert/strict";

import type { BattleStarted, Side, VoteResult } from "@arena/shared/protocol";

import {
  type BattleAction,
  type BattleFailure,
  battleReducer,
  type BattleState,
  initialBattleState,
  viewBattle,
} from "../../client/src/hooks/battleReducer.ts";

function started(overrides: Partial<BattleStarted> = {}): BattleStarted {
  return {
    battleId: "b1",
    prompt: "Why is the sky blue?",
    language: "en",
    category: null,
    mode: "pack",
    maxTurns: 1,
    ...overrides,
  };
}
const chunk = (side: Side, text: string, battleId = "b1", turn = 1): BattleAction => ({
  type: "chunk",
  chunk: { battleId, side, text, turn },
});
const end = (side: Side, ok = true, battleId = "b1", turn = 1, error?: string): BattleAction => ({
  type: "end",
  end: { battleId, side, ok, turn, ...(error === undefined ? {} : { error }) },
});
const failure = (code: string, origin: BattleFailure["origin"]): BattleFailure => ({ code, message: code, origin });
const result: VoteResult = {
  models: { a: "alpha", b: "beta" },
  elo: { a: { before: 1000, after: 1016 }, b: { before: 1000, after: 984 } },
};

function run(actions: BattleAction[], from: BattleState = initialBattleState): BattleState {
  return actions.reduce(battleReducer, from);
}
const startBattle = (battle = started()): BattleAction[] => [
  { type: "start-requested", generation: 1, keepCurrent: false },
  { type: "start-succeeded", generation: 1, battle },
];
const answered = (battle = started()): BattleAction[] => [
  ...startBattle(battle),
  chunk("a", "A"),
  chunk("b", "B"),
  end("a"),
  end("b"),
];

describe("battleReducer", () => {
  describe("starting", () => {
    it("shows a new battle with both answers streaming and no vote yet", () => {
      const view = viewBattle(run(startBattle()));
      assert.equal(view.battle?.battleId, "b1");
      assert.equal(view.starting, false);
      assert.equal(view.turns.length, 1);
      assert.equal(view.turns[0]!.prompt, "Why is the sky blue?");
      assert.equal(view.turns[0]!.answers.a.status, "streaming");
      assert.equal(view.streaming, true);
      assert.equal(view.canVote, false);
    });

    it("keeps chunks that overtook the start acknowledgement", () => {
      const state = run([
        { type: "start-requested", generation: 1, keepCurrent: false },
        chunk("a", "Ray"),
        chunk("a", "leigh"),
        { type: "start-succeeded", generation: 1, battle: started() },
      ]);
      assert.equal(viewBattle(state).turns[0]!.answers.a.text, "Rayleigh");
    });

    it("drops the acknowledgement of a start that a newer one replaced", () => {
      const state = run([
        { type: "start-requested", generation: 1, keepCurrent: false },
        { type: "start-requested", generation: 2, keepCurrent: false },
        { type: "start-succeeded", generation: 1, battle: started() },
        { type: "start-failed", generation: 1, error: failure("busy", "start") },
      ]);
      assert.equal(state.battle, null);
      assert.equal(state.starting, true);
      assert.equal(state.error, null);
    });

    it("keeps the current battle while an own prompt waits, and after it is refused", () => {
      const state = run([
        ...answered(),
        { type: "start-requested", generation: 2, keepCurrent: true },
        { type: "start-failed", generation: 2, error: failure("busy", "own-prompt") },
      ]);
      assert.equal(state.battle?.battleId, "b1");
      assert.equal(state.starting, false);
      assert.equal(state.error?.origin, "own-prompt");
      assert.equal(viewBattle(state).canVote, true);
    });

    it("clears the page for a pool start", () => {
      const state = run([...answered(), { type: "start-requested", generation: 2, keepCurrent: false }]);
      assert.equal(state.battle, null);
      assert.deepEqual(state.answers, {});
      assert.equal(viewBattle(state).turns.length, 0);
    });
  });

  describe("streaming", () => {
    it("ignores chunks of a battle that is not the current one", () => {
      const state = run([...startBattle(), chunk("a", "stale", "b0")]);
      assert.equal(state.answers.b0, undefined);
    });

    it("counts a missing or out-of-range turn as the first", () => {
      const state = run([...startBattle(), chunk("a", "x", "b1", 0), chunk("a", "y", "b1", 999)]);
      assert.equal(viewBattle(state).turns[0]!.answers.a.text, "xy");
    });

    it("allows a vote once both sides ended well", () => {
      const view = viewBattle(run(answered()));
      assert.equal(view.streaming, false);
      assert.equal(view.canVote, true);
      // A pack battle has a single turn.
      assert.equal(view.canContinue, false);
      assert.equal(view.atTurnLimit, false);
    });

    it("refuses the vote when a side failed, keeping the server's reason", () => {
      const view = viewBattle(run([...startBattle(), end("a"), end("b", false, "b1", 1, "upstream timeout")]));
      assert.equal(view.failed, true);
      assert.equal(view.canVote, false);
      assert.equal(view.turns[0]!.answers.b.error, "upstream timeout");
    });

    it("leaves the reason empty when the server gave none, for the page's own words", () => {
      const view = viewBattle(run([...startBattle(), end("a", false, "b1", 1, "")]));
      assert.equal(view.turns[0]!.answers.a.error, null);
    });
  });

  describe("follow-ups", () => {
    const live = started({ mode: "live", maxTurns: 3 });

    it("shows the follow-up at once and streams its turn", () => {
      const state = run([
        ...answered(live),
        { type: "continue-requested", battleId: "b1", turn: 2, prompt: "And at dusk?" },
      ]);
      const view = viewBattle(state);
      assert.equal(view.turns.length, 2);
      assert.equal(view.turns[1]!.prompt, "And at dusk?");
      assert.equal(view.sendingFollowUp, true);
      assert.equal(view.canVote, false);
    });

    it("keeps the finished turn's objects while the next one streams", () => {
      const before = run(answered(live));
      const after = run(
        [{ type: "continue-requested", battleId: "b1", turn: 2, prompt: "?" }, chunk("a", "x", "b1", 2)],
        before,
      );
      assert.equal(after.answers.b1![0], before.answers.b1![0]);
    });

    it("moves the prompt to the turn number the server gave", () => {
      const state = run([
        ...answered(live),
        { type: "continue-requested", battleId: "b1", turn: 2, prompt: "And at dusk?" },
        { type: "continue-succeeded", battleId: "b1", expectedTurn: 2, turn: 3 },
      ]);
      assert.deepEqual(state.followUps, { 3: "And at dusk?" });
      assert.equal(state.continuing, false);
    });

    it("withdraws a refused follow-up and stops offering more after turn_limit", () => {
      const view = viewBattle(
        run([
          ...answered(live),
          { type: "continue-requested", battleId: "b1", turn: 2, prompt: "More?" },
          { type: "continue-failed", battleId: "b1", turn: 2, error: failure("turn_limit", "follow-up") },
        ]),
      );
      assert.equal(view.turns.length, 1);
      assert.equal(view.atTurnLimit, true);
      assert.equal(view.canContinue, false);
      assert.equal(view.canVote, true);
      assert.equal(view.error?.code, "turn_limit");
    });

    it("offers another turn until the battle's own limit", () => {
      const twoTurns = started({ mode: "live", maxTurns: 2 });
      assert.equal(viewBattle(run(answered(twoTurns))).canContinue, true);
      const full = run([
        ...answered(twoTurns),
        { type: "continue-requested", battleId: "b1", turn: 2, prompt: "More?" },
        { type: "continue-succeeded", battleId: "b1", expectedTurn: 2, turn: 2 },
        end("a", true, "b1", 2),
        end("b", true, "b1", 2),
      ]);
      assert.equal(viewBattle(full).atTurnLimit, true);
      assert.equal(viewBattle(full).canContinue, false);
    });
  });

  describe("voting", () => {
    it("holds the verdict while the vote is sent, then reveals", () => {
      const sending = run([...answered(), { type: "vote-requested", winner: "a" }]);
      assert.equal(viewBattle(sending).canVote, false);
      assert.equal(sending.verdict, "a");
      const done = run([{ type: "vote-succeeded", battleId: "b1", winner: "a", result }], sending);
      assert.equal(done.voting, false);
      assert.deepEqual(done.result, result);
      assert.equal(viewBattle(done).canVote, false);
    });

    it("withdraws the verdict when the vote is refused, so the voter can vote again", () => {
      const state = run([
        ...answered(),
        { type: "vote-requested", winner: "tie" },
        { type: "vote-failed", battleId: "b1", error: failure("rate_limited", "vote") },
      ]);
      assert.equal(state.verdict, null);
      assert.equal(state.error?.code, "rate_limited");
      assert.equal(viewBattle(state).canVote, true);
    });

    it("ignores the vote acknowledgement of a battle the page has left", () => {
      const state = run([
        ...answered(),
        { type: "vote-requested", winner: "b" },
        { type: "start-requested", generation: 2, keepCurrent: false },
        { type: "vote-succeeded", battleId: "b1", winner: "b", result },
      ]);
      assert.equal(state.result, null);
    });
  });

  it("clears the page on reset and the error on dismissal", () => {
    const withError = run([
      ...answered(),
      { type: "vote-requested", winner: "a" },
      { type: "vote-failed", battleId: "b1", error: failure("x", "vote") },
    ]);
    assert.equal(battleReducer(withError, { type: "error-dismissed" }).error, null);
    const reset = battleReducer(withError, { type: "reset", generation: 2 });
    assert.equal(reset.battle, null);
    assert.equal(viewBattle(reset).turns.length, 0);
  });

  it("drops the acknowledgement of a start that a reset overtook", () => {
    // useBattle.reset() counts as a newer request: an own prompt in flight must not bring its battle back.
    const state = run([
      ...answered(),
      { type: "start-requested", generation: 2, keepCurrent: true },
      { type: "reset", generation: 3 },
      { type: "start-succeeded", generation: 2, battle: started({ battleId: "b2" }) },
    ]);
    assert.equal(state.battle, null);
    assert.equal(state.starting, false);
  });
});
