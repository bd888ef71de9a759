/**
 * A file battle as Arena stores it (`BattleWithVote`): Arena's own columns filled from the file
 * (prompt, answers, every turn, language as an ISO code, category, tags), and the record's other
 * fields kept as given in `fileFields`, so that an export gives the file back.
 */
import { createHash } from "node:crypto";

import { BATTLE_ID_PATTERN, CATEGORY_PATTERN } from "@arena/shared/limits";
import { tagPrompt } from "@arena/shared/promptTags";

import type { BattleWithVote } from "../domain/battle.ts";
import {
  answerOf,
  type LanguageDetector,
  languageOf,
  promptOf,
  secondsToDate,
  turnsOf,
  turnsOfConversations,
} from "./battleContent.ts";
import type { FileBattle } from "./fileBattle.ts";

/** Imported battles without a judge are one "voter" (imports are exempt from per-voter policies). */
const NO_JUDGE = "import";

export class StoredBattleMapper {
  private readonly sessionHashes = new Map<string, string>();

  /** `importedAt` stands in for the vote time of battles whose file gives none (kept apart: the export says "none"). */
  constructor(
    private readonly importedAt: Date,
    private readonly detect: LanguageDetector,
  ) {}

  toStored(battle: FileBattle): BattleWithVote {
    const prompt = promptOf(battle);
    const at = battle.tstamp === null ? this.importedAt : secondsToDate(battle.tstamp);
    const category = battle.category?.toLowerCase() ?? null;
    const conversation = turnsOfConversations(battle);
    return {
      id: battleIdOf(battle),
      sessionHash: this.sessionHashOf(battle.judge ?? NO_JUDGE),
      prompt,
      language: languageOf(battle, this.detect),
      category: category !== null && CATEGORY_PATTERN.test(category) ? category : null,
      tags: prompt === "" ? [] : tagPrompt(prompt, turnsOf(battle)),
      modelA: battle.modelA,
      modelB: battle.modelB,
      answerA: answerOf(battle.conversationA),
      answerB: answerOf(battle.conversationB),
      source: "import",
      startedAt: at,
      winner: battle.winner,
      votedAt: at,
      flag: battle.flag,
      ...(battle.reasons ? { reasons: battle.reasons } : {}),
      ...(conversation && conversation.length > 1 ? { conversation } : {}),
      fileFields: battle.given,
      convMetadata: battle.convMetadata,
    };
  }

  private sessionHashOf(judge: string): string {
    let hash = this.sessionHashes.get(judge);
    if (hash === undefined) {
      hash = sha256(judge);
      this.sessionHashes.set(judge, hash);
    }
    return hash;
  }
}

/**
 * The file's id when it has the shape of an Arena battle id (LMArena's UUIDs, FastChat's hex
 * conversation ids, Arena's own exports); otherwise a hash of the record's line and text, so that
 * importing the same file again adds nothing. Short ids are not taken: MT-bench's `question_id`
 * names a question that many votes share, not a battle.
 */
export function battleIdOf(battle: FileBattle): string {
  if (battle.id !== null && BATTLE_ID_PATTERN.test(battle.id)) return battle.id;
  return sha256(`${battle.line}\n${battle.raw ?? ""}`);
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
