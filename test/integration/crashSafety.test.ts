/**
 * Contract rule 4: an acknowledged vote is durable. Voters play battle → vote loops against a real
 * server process, which is SIGKILLed at a random moment (no shutdown hook runs); a new process on
 * the same database file must hold every acknowledged vote exactly once, with the answers the
 * voter saw, and count them all. Half the voters write their own prompts, answered by live models
 * (a fake OpenAI server in this process): their answers reach the database only in the vote's
 * transaction. CRASH_SEED=<n> replays the kill moments of a failed run.
 */
import assert from "node:assert/strict";

import type {
  Ack,
  BattleChunk,
  BattleEnd,
  BattleStarted,
  Leaderboard,
  VoteResult,
  Winner,
} from "@arena/shared/protocol";
import Database from "better-sqlite3";
import { io as connect, type Socket } from "socket.io-client";

import { type ChildServer, startChildServer, tempArenaDir } from "../support/childServer.ts";
import { type FakeOpenAI, startFakeOpenAI } from "../support/fakeOpenAI.ts";
import { TINY_PACK } from "../support/server.ts";

const ROUNDS = 3;
const VOTERS = 8;
const WINNERS: Winner[] = ["a", "b", "tie", "bothbad"];

/** mulberry32: the same kill moments for the same seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Answers = { a: string; b: string };
/** Every vote sent, with the answers its voter saw; every vote acknowledged. */
type Tally = { sent: Map<string, Answers>; acked: Set<string> };

/**
 * One voter: battle → vote until its connection drops. With `prompt`, its battles are live ones.
 * Every vote sent and every ok ack is recorded.
 */
async function voteUntilDisconnected(
  url: string,
  tally: Tally & { onAck(): void },
  random: () => number,
  prompt?: string,
): Promise<void> {
  const socket: Socket = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false });
  const gone = new Promise<"gone">((resolve) => {
    socket.once("disconnect", () => resolve("gone"));
    socket.once("connect_error", () => resolve("gone"));
  });
  const ended = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const answers = new Map<string, Answers>();
  socket.on("battle:chunk", (chunk: BattleChunk) => {
    const seen = answers.get(chunk.battleId) ?? { a: "", b: "" };
    seen[chunk.side] += chunk.text;
    answers.set(chunk.battleId, seen);
  });
  socket.on("battle:end", (end: BattleEnd) => {
    assert.ok(end.ok, JSON.stringify(end));
    const count = (ended.get(end.battleId) ?? 0) + 1;
    ended.set(end.battleId, count);
    if (count === 2) waiters.get(end.battleId)?.();
  });
  const ask = <T>(event: string, payload: unknown) =>
    Promise.race([new Promise<Ack<T>>((resolve) => socket.emit(event, payload, resolve)), gone]);
  try {
    if (
      (await Promise.race([new Promise<"up">((resolve) => socket.once("connect", () => resolve("up"))), gone])) ===
      "gone"
    )
      return;
    for (;;) {
      const started = await ask<BattleStarted>("battle:start", prompt === undefined ? {} : { prompt });
      if (started === "gone") return;
      assert.ok(started.ok, JSON.stringify(started));
      const { battleId } = started.data;
      const bothEnded = new Promise<void>((resolve) => {
        if (ended.get(battleId) === 2) resolve();
        else waiters.set(battleId, resolve);
      });
      if ((await Promise.race([bothEnded, gone])) === "gone") return;
      waiters.delete(battleId);
      tally.sent.set(battleId, answers.get(battleId)!);
      answers.delete(battleId);
      const voted = await ask<VoteResult>("battle:vote", { battleId, winner: WINNERS[Math.floor(random() * 4)] });
      if (voted === "gone") return;
      assert.ok(voted.ok, JSON.stringify(voted));
      tally.acked.add(battleId);
      tally.onAck();
    }
  } finally {
    socket.disconnect();
  }
}

type StoredVote = {
  battle_id: string;
  model_a: string;
  model_b: string;
  answer_a: string | null;
  answer_b: string | null;
  source: string;
  winner: Winner;
  flag: string | null;
};

/**
 * Reads the database file (read-only, beside the running server) and checks it against what
 * voters were told. Returns the votes stored.
 */
async function assertDurable(server: ChildServer, dbFile: string, { sent, acked }: Tally): Promise<StoredVote[]> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  let stored: StoredVote[];
  try {
    assert.deepEqual(db.pragma("integrity_check"), [{ integrity_check: "ok" }]);
    const copies = new Map(
      (
        db.prepare("SELECT battle_id AS id, count(*) AS n FROM votes GROUP BY battle_id").all() as Array<{
          id: string;
          n: number;
        }>
      ).map(({ id, n }) => [id, n]),
    );
    const lost = [...acked].filter((id) => copies.get(id) !== 1);
    assert.deepEqual(lost, [], `acknowledged votes not stored exactly once (${lost.length} of ${acked.size})`);
    const phantoms = [...copies.keys()].filter((id) => !sent.has(id));
    assert.deepEqual(phantoms, [], "votes stored that no voter sent");
    assert.deepEqual(
      db.prepare("SELECT count(*) AS n FROM votes WHERE battle_id NOT IN (SELECT id FROM battles)").get(),
      { n: 0 },
      "every vote has its battle",
    );
    assert.deepEqual(
      db
        .prepare(
          "SELECT count(*) AS n FROM votes v JOIN battles b ON b.id = v.battle_id WHERE b.answer_a IS NULL OR b.answer_b IS NULL",
        )
        .get(),
      { n: 0 },
      "every vote has its answers",
    );
    stored = db
      .prepare(
        "SELECT v.battle_id, b.model_a, b.model_b, b.answer_a, b.answer_b, b.source, v.winner, v.flag FROM votes v JOIN battles b ON b.id = v.battle_id",
      )
      .all() as StoredVote[];
  } finally {
    db.close();
  }
  // Each stored vote keeps the answers its voter saw (live answers are written with the vote).
  const unlike = stored.filter((vote) => {
    const seen = sent.get(vote.battle_id)!;
    return vote.answer_a !== seen.a || vote.answer_b !== seen.b;
  });
  assert.deepEqual(
    unlike.map((vote) => vote.battle_id),
    [],
    "stored answers differ from the streamed ones",
  );

  // The restarted server counts exactly the stored, unflagged votes, per model as well.
  const counted = stored.filter((vote) => vote.flag === null);
  const expected = new Map<string, { battles: number; wins: number; losses: number; ties: number }>();
  const rowOf = (model: string) => {
    if (!expected.has(model)) expected.set(model, { battles: 0, wins: 0, losses: 0, ties: 0 });
    return expected.get(model)!;
  };
  for (const vote of counted) {
    const [a, b] = [rowOf(vote.model_a), rowOf(vote.model_b)];
    a.battles++;
    b.battles++;
    if (vote.winner === "a") [a.wins, b.losses] = [a.wins + 1, b.losses + 1];
    else if (vote.winner === "b") [b.wins, a.losses] = [b.wins + 1, a.losses + 1];
    else [a.ties, b.ties] = [a.ties + 1, b.ties + 1];
  }
  const table = (await (await fetch(`${server.url}/api/leaderboard`)).json()) as Leaderboard;
  assert.equal(table.battles, counted.length, "the leaderboard counts every stored vote");
  assert.deepEqual(
    Object.fromEntries(
      table.rows.map(({ model, battles, wins, losses, ties }) => [model, { battles, wins, losses, ties }]),
    ),
    Object.fromEntries(expected),
  );
  return stored;
}

describe("crash safety", function () {
  this.timeout(90_000);
  const servers: ChildServer[] = [];
  let fake: FakeOpenAI;
  before(async () => {
    fake = await startFakeOpenAI({
      models: {
        "live-one": { chunks: ["Blue light ", "scatters more ", "than red."] },
        "live-two": { chunks: ["Because of ", "Rayleigh scattering."] },
      },
    });
  });
  after(async () => {
    for (const server of servers) await server.kill("SIGKILL");
    await fake?.close();
  });

  it(`keeps every acknowledged vote through ${ROUNDS} SIGKILLs in the middle of voting`, async () => {
    const seed = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : Math.floor(Math.random() * 2 ** 31);
    console.log(`      crash safety seed: CRASH_SEED=${seed}`);
    const random = seededRandom(seed);
    const live = (id: string) => ({ id, type: "openai", baseURL: fake.baseURL, model: id, maxConcurrent: 16 });
    const { dbFile, configFile } = tempArenaDir([TINY_PACK], [live("live-one"), live("live-two")]);
    // Eight voters cast hundreds of votes a minute: no rate limits, and no integrity policy (daily
    // cap, anomaly exclusion) deciding that a stored vote does not count, so every stored,
    // unflagged vote must be in the table.
    const env = {
      ARENA_DB: dbFile,
      ARENA_CONFIG: configFile,
      ARENA_STREAM_DELAY_MS: "0",
      ARENA_RATE_LIMITS: "off",
      ARENA_DAILY_VOTE_CAP: "0",
      ARENA_DUPLICATE_PROMPT_CAP: "0",
      ARENA_ANOMALY_LEVEL: "0",
    };
    const sent = new Map<string, Answers>();
    const acked = new Set<string>();

    let server = await startChildServer(env);
    servers.push(server);
    for (let round = 1; round <= ROUNDS; round++) {
      const ackedBefore = acked.size;
      let onFirstAck!: () => void;
      const firstAck = new Promise<void>((resolve) => (onFirstAck = resolve));
      const tally = { sent, acked, onAck: () => onFirstAck() };
      const voters = Array.from({ length: VOTERS }, (_, i) =>
        voteUntilDisconnected(server.url, tally, random, i % 2 === 0 ? "Why is the sky blue?" : undefined),
      );
      // Somewhere after the first acknowledged vote of the round, at a moment this seed decides.
      await firstAck;
      const killAfterMs = Math.round(150 + random() * 1_000);
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      const exit = await server.kill("SIGKILL");
      assert.equal(exit.signal, "SIGKILL");
      await Promise.all(voters);

      server = await startChildServer(env);
      servers.push(server);
      const stored = await assertDurable(server, dbFile, tally);
      const liveVotes = stored.filter((vote) => vote.source === "live").length;
      console.log(
        `      round ${round}: killed ${killAfterMs} ms after the first ack; ${acked.size - ackedBefore} votes acknowledged, ` +
          `${stored.length} stored in all (${liveVotes} live; ${stored.length - acked.size} sent but unacknowledged)`,
      );
      // At most one vote per voter was in flight at each kill.
      assert.ok(
        stored.length - acked.size <= VOTERS * round,
        `${stored.length - acked.size} unacknowledged votes stored`,
      );
      if (round === ROUNDS) assert.ok(liveVotes > 0, "some votes were on live battles");
    }
    await server.kill("SIGTERM");
  });
});
