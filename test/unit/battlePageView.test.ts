import assert from "node:assert/strict";

import { MAX_TURNS } from "@arena/shared/limits";
import type { BattleStarted } from "@arena/shared/protocol";

import { type BattlePageInput, battlePageView } from "../../client/src/hooks/battlePageView.ts";
import {
  type BattleFailure,
  type BattleView,
  initialBattleState,
  viewBattle,
} from "../../client/src/hooks/battleReducer.ts";

const pack: BattleStarted = { battleId: "b1", prompt: "Hi", language: "en", category: null, mode: "pack", maxTurns: 1 };
const live: BattleStarted = { ...pack, mode: "live", maxTurns: 4 };
const done = { text: "x", status: "done", error: null } as const;
const turn = { prompt: "Hi", answers: { a: done, b: done } };

/** A battle as the reducer would show it; by default none, nothing starting. */
function battle(overrides: Partial<BattleView> = {}): BattleView {
  return { ...viewBattle(initialBattleState), ...overrides };
}
function view(input: Partial<BattlePageInput> & { battle: BattleView }) {
  return battlePageView({ livePrompts: false, poolEmpty: false, ...input });
}
const refusal = (code: string, origin: BattleFailure["origin"]): BattleFailure => ({ code, message: code, origin });

describe("battlePageView", () => {
  describe("the own-prompt box", () => {
    it("is offered only when the server takes own prompts", () => {
      assert.equal(view({ battle: battle(), livePrompts: null }).showOwnPrompt, false);
      assert.equal(view({ battle: battle(), livePrompts: true }).showOwnPrompt, true);
    });

    it("takes the prompt card's place in an arena without a pool, until a battle runs", () => {
      const empty = view({ battle: battle(), livePrompts: true, poolEmpty: true });
      assert.equal(empty.ownPromptsOnly, true);
      assert.equal(empty.startsHere, true);
      assert.equal(
        view({ battle: battle({ battle: live, turns: [turn] }), livePrompts: true, poolEmpty: true }).startsHere,
        false,
      );
    });

    it("says it is sending only while its request would replace what is on screen", () => {
      const input = { livePrompts: true, poolEmpty: false };
      assert.equal(view({ ...input, battle: battle({ starting: true }) }).ownPromptBusy, false);
      assert.equal(
        view({ ...input, battle: battle({ starting: true, battle: pack, turns: [turn] }) }).ownPromptBusy,
        true,
      );
      assert.equal(view({ ...input, poolEmpty: true, battle: battle({ starting: true }) }).ownPromptBusy, true);
    });
  });

  describe("refusals", () => {
    it("shows a refused own prompt beside its box, and at the top once the box is gone", () => {
      const refused = battle({ battle: pack, turns: [turn], error: refusal("busy", "own-prompt") });
      const withBox = view({ battle: refused, livePrompts: true });
      assert.equal(withBox.ownPromptError?.code, "busy");
      assert.equal(withBox.pageError, null);
      assert.equal(view({ battle: refused, livePrompts: false }).pageError?.code, "busy");
    });

    it("shows a refused follow-up beside its box only", () => {
      const refused = view({
        battle: battle({ battle: live, turns: [turn], error: refusal("turn_limit", "follow-up") }),
      });
      assert.equal(refused.followUpError?.code, "turn_limit");
      assert.equal(refused.pageError, null);
    });

    it("keeps quiet about an empty pool while the arena may be one of own prompts", () => {
      const noPool = battle({ error: refusal("no_prompts", "start") });
      assert.equal(view({ battle: noPool, livePrompts: null }).pageError, null);
      assert.equal(view({ battle: noPool, livePrompts: true }).pageError, null);
      assert.equal(view({ battle: noPool, livePrompts: false }).pageError?.code, "no_prompts");
    });

    it("shows a refused start or vote at the top", () => {
      assert.equal(view({ battle: battle({ error: refusal("busy", "start") }) }).pageError?.code, "busy");
      const refusedVote = battle({
        battle: pack,
        turns: [turn],
        canVote: true,
        error: refusal("already_voted", "vote"),
      });
      assert.equal(view({ battle: refusedVote, livePrompts: true }).pageError?.code, "already_voted");
    });
  });

  describe("follow-ups", () => {
    it("offers a follow-up in a live battle not yet voted on, numbering the next turn", () => {
      const page = view({ battle: battle({ battle: live, turns: [turn, turn], canVote: true, canContinue: true }) });
      assert.equal(page.showFollowUp, true);
      assert.equal(page.nextTurn, 3);
      assert.equal(page.maxTurns, 4);
    });

    it("says the turn limit instead of offering another turn", () => {
      const page = view({ battle: battle({ battle: live, turns: [turn], atTurnLimit: true }) });
      assert.equal(page.showFollowUp, false);
      assert.equal(page.showTurnLimit, true);
    });

    it("offers nothing after a vote, a failure, or in a pack battle", () => {
      const result = { models: { a: "x", b: "y" }, elo: { a: { before: 1, after: 2 }, b: { before: 2, after: 1 } } };
      for (const over of [{ battle: live, result }, { battle: live, failed: true }, { battle: pack }]) {
        const page = view({ battle: battle({ turns: [turn], ...over }) });
        assert.equal(page.showFollowUp || page.showTurnLimit, false);
      }
    });

    it("counts MAX_TURNS before the battle says its own limit", () => {
      assert.equal(view({ battle: battle() }).maxTurns, MAX_TURNS);
    });
  });

  describe("status", () => {
    it("says a battle is starting, and disables New battle until it is there", () => {
      const page = view({ battle: battle({ starting: true }) });
      assert.equal(page.status, "Starting a battle…");
      assert.equal(page.newBattleDisabled, true);
    });

    it("says there is no battle after a failed start, except in an arena of own prompts", () => {
      const failedStart = battle({ error: refusal("busy", "start") });
      assert.equal(view({ battle: failedStart }).status, "No battle is running. Press “New battle” to try again.");
      assert.equal(view({ battle: failedStart, livePrompts: true, poolEmpty: true }).status, "");
      assert.equal(view({ battle: battle() }).status, "");
    });

    it("follows the battle from answering to the vote", () => {
      assert.equal(view({ battle: battle({ battle: pack, turns: [turn] }) }).status, "The models are answering…");
      assert.equal(
        view({ battle: battle({ battle: pack, turns: [turn], canVote: true }) }).status,
        "Which answer is better? Vote to reveal the models.",
      );
      assert.equal(
        view({ battle: battle({ battle: live, turns: [turn, turn], canVote: true }) }).status,
        "Which side did better over the whole conversation? Vote to reveal the models.",
      );
      assert.equal(
        view({ battle: battle({ battle: pack, turns: [turn], voting: true }) }).status,
        "Sending your vote…",
      );
    });

    it("marks a failed battle", () => {
      const page = view({ battle: battle({ battle: pack, turns: [turn], failed: true }) });
      assert.equal(page.status, "One model could not answer, so this battle can't be counted.");
      assert.equal(page.statusFailed, true);
    });

    it("thanks the voter and names the models after the vote", () => {
      const result = {
        models: { a: "alpha", b: "beta" },
        elo: { a: { before: 1, after: 2 }, b: { before: 2, after: 1 } },
      };
      const page = view({ battle: battle({ battle: pack, turns: [turn], verdict: "tie", result }) });
      assert.equal(page.status, "Thanks for voting “Tie”. Model A was alpha, Model B was beta.");
      assert.equal(page.statusFailed, false);
    });
  });
});
