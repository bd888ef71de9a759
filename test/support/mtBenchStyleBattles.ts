/**
 * The MT-Bench expert votes (../shared/data/mt-bench) as FastChat-shaped battles with style
 * features: each vote's two conversations up to the voted turn, from the questions and the
 * models' pre-generated answers, and their `conv_metadata` counted by our markdownStyle.
 * The style-control test fits them; test/fixtures/style-control/dumpMtBenchBattles.ts writes
 * them out for FastChat's own fit.
 */
import fs from "node:fs";

import {
  type ChatTurn,
  conversationMetadata,
  type ConvMetadata,
  loadTokenCounter,
} from "@arena/shared/ratings/markdownStyle";
import type { Score } from "@arena/shared/ratings/pairCounts";
import { readStyleFeatures, StyleBattles, type StyleData } from "@arena/shared/ratings/styleFeatures";

const MT_BENCH = new URL("../../../shared/data/mt-bench/", import.meta.url);

export type MtBenchWinner = "model_a" | "model_b" | "tie";

/** One vote in FastChat's battle shape (what `compute_style_control` reads). */
export interface MtBenchBattle {
  question_id: number;
  model_a: string;
  model_b: string;
  winner: MtBenchWinner;
  judge: string;
  turn: number;
  conversation_a: ChatTurn[];
  conversation_b: ChatTurn[];
  conv_metadata: ConvMetadata;
}

const SCORE_OF_WINNER: Record<MtBenchWinner, Score> = { model_a: 1, model_b: 0, tie: 0.5 };

function readJsonLines<T>(file: URL): T[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);
}

/** Every vote of human_judgments.csv, in file order. */
export async function readMtBenchBattles(): Promise<MtBenchBattle[]> {
  const countTokens = await loadTokenCounter();
  // Each answer turn appears in many votes: count each distinct text once.
  const tokensOf = new Map<string, number>();
  const countOnce = (text: string) => {
    let tokens = tokensOf.get(text);
    if (tokens === undefined) {
      tokens = countTokens(text);
      tokensOf.set(text, tokens);
    }
    return tokens;
  };

  const questionLines = readJsonLines<{ question_id: number; turns: string[] }>(new URL("question.jsonl", MT_BENCH));
  const questions = new Map(questionLines.map((question) => [question.question_id, question.turns]));
  const answers = new Map<string, string[]>();
  for (const file of fs.readdirSync(new URL("model_answer/", MT_BENCH))) {
    const model = file.replace(/\.jsonl$/, "");
    for (const answer of readJsonLines<{ question_id: number; choices: { turns: string[] }[] }>(
      new URL(`model_answer/${file}`, MT_BENCH),
    )) {
      answers.set(`${model}/${answer.question_id}`, answer.choices[0]!.turns);
    }
  }
  const conversation = (questionId: number, model: string, turns: number): ChatTurn[] => {
    const prompts = questions.get(questionId);
    const replies = answers.get(`${model}/${questionId}`);
    if (prompts === undefined || replies === undefined)
      throw new Error(`no answer of ${model} to question ${questionId}`);
    return prompts.slice(0, turns).flatMap((prompt, turn) => [
      { role: "user", content: prompt },
      { role: "assistant", content: replies[turn]! },
    ]);
  };

  const [header, ...lines] = fs.readFileSync(new URL("human_judgments.csv", MT_BENCH), "utf8").trim().split("\n");
  if (header !== "question_id,model_a,model_b,winner,judge,turn") throw new Error(`unexpected header ${header}`);
  return lines.map((line) => {
    const [questionId, modelA, modelB, winner, judge, turn] = line.split(",");
    if (!(winner! in SCORE_OF_WINNER)) throw new Error(`unknown winner in ${line}`);
    const conversationA = conversation(Number(questionId), modelA!, Number(turn));
    const conversationB = conversation(Number(questionId), modelB!, Number(turn));
    return {
      question_id: Number(questionId),
      model_a: modelA!,
      model_b: modelB!,
      winner: winner as MtBenchWinner,
      judge: judge!,
      turn: Number(turn),
      conversation_a: conversationA,
      conversation_b: conversationB,
      conv_metadata: conversationMetadata(conversationA, conversationB, countOnce),
    };
  });
}

/** The battles as style data, features read back from their `conv_metadata`. */
export function styleDataOf(battles: readonly MtBenchBattle[]): StyleData {
  const table = new StyleBattles();
  for (const battle of battles) {
    const features = readStyleFeatures(battle.conv_metadata);
    if (!features.ok) throw new Error(features.error);
    table.add(battle.model_a, battle.model_b, SCORE_OF_WINNER[battle.winner], features.value);
  }
  return table.toData();
}
