/**
 * FastChat's Python side for the tests: a python3 with pandas, a FastChat checkout when one is at
 * hand, and `fastchat_reads.py`, which reads battle files the way FastChat's `elo_analysis.py` does.
 *
 * - python3: `ARENA_TEST_PYTHON`, else `/usr/bin/python3` (Debian's, where `python3-pandas
 *   python3-scipy python3-tqdm` install), else `python3` on the PATH; the first that imports pandas.
 * - FastChat: `FASTCHAT_DIR` (a checkout: the folder holding `fastchat/`), else the `fastchat/`
 *   folder of `HEAD` in the git directory `FASTCHAT_GIT` (default: this machine's mirror,
 *   /work/.mirror/lm-sys+FastChat/repo), extracted with `git archive` into a temporary folder.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const READER = fileURLToPath(new URL("fastchat_reads.py", import.meta.url));
const DEFAULT_FASTCHAT_GIT = "/work/.mirror/lm-sys+FastChat/repo";

/** What `clean_battle_data.py` writes, in its order (FastChat 0e6d3e4, fastchat/serve/monitor). */
export const CLEAN_BATTLE_KEYS = [
  "question_id",
  "model_a",
  "model_b",
  "winner",
  "judge",
  "conversation_a",
  "conversation_b",
  "turn",
  "anony",
  "language",
  "tstamp",
];

export type PythonSide =
  | { python: string; fastChat: FastChatCheckout | null; missing: null }
  | { python: null; fastChat: null; missing: string };

export type FastChatCheckout = { dir: string; commit: string | null; from: string };

/** What a run of FastChat's filters selected (and, with FastChat's code, what it computed). */
export type FastChatRun = {
  question_ids: string[];
  battles: number;
  num_battles: Record<string, number>;
  elo_online?: Record<string, number>;
  rating?: Record<string, number | null>;
  rating_q025?: Record<string, number | null>;
  rating_q975?: Record<string, number | null>;
  last_updated_tstamp?: number;
};

export type FastChatReading = {
  engine: "fastchat" | "pandas";
  shimmed: string[];
  columns: string[];
  dtypes: Record<string, string>;
  runs: Record<string, FastChatRun> & {
    "style-control"?: { rating: Record<string, number | null>; coefficients: Array<number | null> };
    "style-features"?: number[][];
  };
};

const imports = (python: string, modules: string) =>
  spawnSync(python, ["-c", `import ${modules}`], { stdio: "ignore" }).status === 0;

/** Finds python3 with pandas, and FastChat's code when it can run (it also needs numpy, scipy, tqdm). */
export function findPythonSide(scratch: string): PythonSide {
  const candidates = [process.env.ARENA_TEST_PYTHON, "/usr/bin/python3", "python3"].filter(
    (candidate): candidate is string => Boolean(candidate),
  );
  const python = candidates.find((candidate) => imports(candidate, "pandas"));
  if (!python)
    return { python: null, fastChat: null, missing: `no python3 with pandas (tried ${candidates.join(", ")})` };
  const fastChat = imports(python, "numpy, scipy, tqdm") ? fastChatCheckout(scratch) : null;
  return { python, fastChat, missing: null };
}

function fastChatCheckout(scratch: string): FastChatCheckout | null {
  const given = process.env.FASTCHAT_DIR;
  if (given) {
    // Asked for by name: a wrong folder is an error, not a quiet fallback to our own steps.
    if (!fs.existsSync(path.join(given, "fastchat", "serve", "monitor", "elo_analysis.py"))) {
      throw new Error(`FASTCHAT_DIR=${given} holds no fastchat/serve/monitor/elo_analysis.py`);
    }
    const commit = spawnSync("git", ["-C", given, "rev-parse", "HEAD"], { encoding: "utf8" });
    return { dir: given, commit: commit.status === 0 ? commit.stdout.trim() : null, from: "FASTCHAT_DIR" };
  }
  const gitDir = process.env.FASTCHAT_GIT ?? DEFAULT_FASTCHAT_GIT;
  if (!fs.existsSync(gitDir)) return null;
  const commit = spawnSync("git", ["-C", gitDir, "rev-parse", "HEAD"], { encoding: "utf8" });
  const archive = spawnSync("git", ["-C", gitDir, "archive", "--format=tar", "HEAD", "fastchat"], {
    maxBuffer: 256 * 1024 * 1024,
  });
  if (commit.status !== 0 || archive.status !== 0)
    throw new Error(`cannot extract fastchat/ from ${gitDir}: ${archive.stderr}`);
  const dir = fs.mkdtempSync(path.join(scratch, "fastchat-"));
  const untar = spawnSync("tar", ["-x", "-C", dir], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`cannot unpack FastChat into ${dir}: ${untar.stderr}`);
  return { dir, commit: commit.stdout.trim(), from: gitDir };
}

/** Runs `fastchat_reads.py` on the files (FastChat's code when `side.fastChat`); one reading per file. */
export function readAsFastChat(
  side: Extract<PythonSide, { missing: null }>,
  files: string[],
  runs?: string[],
): FastChatReading[] {
  const args = [READER, ...files];
  if (side.fastChat) args.push("--fastchat", side.fastChat.dir);
  if (runs) args.push("--runs", ...runs);
  const run = spawnSync(side.python, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`fastchat_reads.py failed (exit ${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout) as FastChatReading[];
}
