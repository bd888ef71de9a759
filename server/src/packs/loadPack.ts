/**
 * Reads an answer pack in FastChat's MT-bench layout:
 *   <folder>/question.jsonl             {question_id, category, turns: [...]}
 *   <folder>/model_answer/<model>.jsonl {question_id, model_id, choices: [{turns: [...]}]}
 * Multi-turn questions contribute their first turn to the arena (`prompt`, `text`); every turn is
 * kept too (`turns`), for the offline judge (`arena judge --pack`). Every problem names the file and line.
 */
import fs from "node:fs";
import path from "node:path";

import { describeIssues } from "@arena/shared/protocol";
import { z } from "zod";

export type PackQuestion = { id: string; category: string | null; prompt: string; turns: string[] };
export type PackAnswer = { questionId: string; model: string; text: string; turns: string[] };
export type Pack = { folder: string; questions: PackQuestion[]; answers: PackAnswer[] };

const questionIdSchema = z.union([z.number().int(), z.string().min(1).max(100)]).transform(String);
const nonEmptyTurns = z.array(z.string()).min(1, "needs at least one turn");

const questionLineSchema = z.looseObject({
  question_id: questionIdSchema,
  category: z.string().min(1).max(100).optional(),
  turns: nonEmptyTurns,
});

const answerLineSchema = z.looseObject({
  question_id: questionIdSchema,
  model_id: z.string().min(1).max(200),
  choices: z.array(z.looseObject({ turns: nonEmptyTurns })).min(1, "needs at least one choice"),
});

export class PackError extends Error {}

export function loadPack(folder: string): Pack {
  const questionFile = path.join(folder, "question.jsonl");
  const answerFolder = path.join(folder, "model_answer");
  if (!fs.existsSync(questionFile)) throw new PackError(`${questionFile}: not found (a pack needs question.jsonl)`);
  if (!fs.existsSync(answerFolder)) throw new PackError(`${answerFolder}: not found (a pack needs model_answer/)`);

  const questions = readJsonLines(questionFile, questionLineSchema).map((q) => ({
    id: q.question_id,
    category: q.category ? normaliseCategory(q.category) : null,
    prompt: q.turns[0]!,
    turns: q.turns,
  }));
  const answerFiles = fs
    .readdirSync(answerFolder)
    .filter((name) => name.endsWith(".jsonl"))
    .sort();
  const answers = answerFiles.flatMap((name) =>
    readJsonLines(path.join(answerFolder, name), answerLineSchema).map((a) => ({
      questionId: a.question_id,
      model: a.model_id,
      text: a.choices[0]!.turns[0]!,
      turns: a.choices[0]!.turns,
    })),
  );
  return { folder, questions, answers };
}

/** Categories become filter values, so they follow the filter's alphabet. */
function normaliseCategory(category: string): string {
  return category
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "")
    .slice(0, 40);
}

function readJsonLines<T extends z.ZodType>(file: string, schema: T): Array<z.output<T>> {
  const rows: Array<z.output<T>> = [];
  fs.readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, index) => {
      if (line.trim() === "") return;
      const where = `${file}:${index + 1}`;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new PackError(`${where}: not valid JSON`);
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new PackError(`${where}: ${describeIssues(parsed.error)}`);
      rows.push(parsed.data);
    });
  return rows;
}
