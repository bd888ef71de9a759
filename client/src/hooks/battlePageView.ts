/**
 * What the battle page shows, as a pure function of the battle and of what the server offers:
 * which prompt box goes where, where a refusal is shown, and the status line. useBattlePage.ts
 * calls it on every render; the components only draw its answer.
 */
import { MAX_TURNS } from "@arena/shared/limits";

import { t } from "../i18n/translate.ts";
import type { BattleFailure, BattleView } from "./battleReducer.ts";

export type BattlePageInput = {
  battle: BattleView;
  /** Whether voters may send their own prompts (the server has live models); null until known. */
  livePrompts: boolean | null;
  /** The server said it has no prompt pool: every battle starts from the voter's own prompt. */
  poolEmpty: boolean;
};

export type BattlePageView = {
  /** The own-prompt box is offered. */
  showOwnPrompt: boolean;
  /** Every battle starts from an own prompt, so "New battle" clears the page and waits for one. */
  ownPromptsOnly: boolean;
  /** No battle yet in such an arena: the prompt box takes the prompt card's place at the top. */
  startsHere: boolean;
  /** The own-prompt box is sending (only while its request would replace something on screen). */
  ownPromptBusy: boolean;
  /** Refusals shown beside the box that was used; the others, or those of a box now gone, at the top. */
  pageError: BattleFailure | null;
  ownPromptError: BattleFailure | null;
  followUpError: BattleFailure | null;
  maxTurns: number;
  /** The number the next follow-up would get. */
  nextTurn: number;
  showFollowUp: boolean;
  showTurnLimit: boolean;
  newBattleDisabled: boolean;
  /** One sentence on what the page is waiting for, announced politely to screen readers. */
  status: string;
  statusFailed: boolean;
};

export function battlePageView({ battle, livePrompts, poolEmpty }: BattlePageInput): BattlePageView {
  const showOwnPrompt = livePrompts === true;
  const ownPromptsOnly = poolEmpty && showOwnPrompt;
  const startsHere = ownPromptsOnly && battle.battle === null;
  const { error } = battle;
  const live = battle.battle?.mode === "live";
  const conversationOpen = live && battle.result === null && !battle.failed;
  return {
    showOwnPrompt,
    ownPromptsOnly,
    startsHere,
    ownPromptBusy: battle.starting && (battle.battle !== null || startsHere),
    pageError: pageErrorOf(battle, livePrompts),
    ownPromptError: error?.origin === "own-prompt" ? error : null,
    followUpError: error?.origin === "follow-up" ? error : null,
    maxTurns: battle.battle?.maxTurns ?? MAX_TURNS,
    nextTurn: battle.turns.length + 1,
    showFollowUp: conversationOpen && !battle.atTurnLimit,
    showTurnLimit: conversationOpen && battle.atTurnLimit,
    newBattleDisabled: battle.starting && battle.battle === null,
    status: describeStatus(battle, ownPromptsOnly),
    statusFailed: battle.failed && battle.result === null,
  };
}

function pageErrorOf({ error, battle }: BattleView, livePrompts: boolean | null): BattleFailure | null {
  if (error === null || error.origin === "follow-up") return null;
  if (error.origin === "own-prompt" && livePrompts === true) return null;
  // While /api/models has not answered, an arena without a pool is probably one of own prompts.
  if (error.code === "no_prompts" && livePrompts !== false && battle === null) return null;
  return error;
}

function describeStatus(battle: BattleView, ownPromptsOnly: boolean): string {
  if (battle.starting && battle.battle === null) return t("battle.status.starting");
  if (battle.battle === null) {
    if (ownPromptsOnly) return "";
    return battle.error ? t("battle.status.noBattle") : "";
  }
  if (battle.result) {
    const verdict = battle.verdict ? t(`vote.${battle.verdict}`) : t("battle.status.yourVerdict");
    return t("battle.status.thanks", { verdict, a: battle.result.models.a, b: battle.result.models.b });
  }
  if (battle.voting) return t("battle.status.sendingVote");
  if (battle.failed) return t("battle.status.failed");
  if (battle.canVote) {
    return battle.battle.mode === "live" && battle.turns.length > 1
      ? t("battle.status.voteConversation")
      : t("battle.status.vote");
  }
  return t("battle.status.answering");
}
