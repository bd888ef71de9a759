/**
 * Contract rule 2: until a vote is accepted, nothing the server sends to the voter names either
 * model of the battle. Over 1,000 battles every socket event, every ack and error ack, every
 * leaderboard push and the HTTP answers fetched meanwhile are recorded and searched; the tables
 * must not move for a battle without a vote; and battle ids must look like what they are, random
 * bytes with no relation to the pair or to each other.
 */
import assert from "node:assert/strict";

import type { Ack, BattleStarted, Leaderboard, VoteResult, Winner } from "@arena/shared/protocol";
import Database from "better-sqlite3";

import { loadPack } from "../../server/src/packs/loadPack.ts";
import { buildPromptPool } from "../../server/src/packs/promptPool.ts";
import {
  connectClient,
  DEMO_PACK,
  emitRaw,
  getJson,
  playBattle,
  request,
  startTestServer,
  type TestServer,
  type VoterClient,
} from "../support/server.ts";

const VOTERS = 8;
const ROUNDS = 125; // × 8 voters = 1,000 battles
const WINNERS: Winner[] = ["a", "b", "tie", "bothbad"];
const BASE64URL = /^[A-Za-z0-9_-]{22}$/;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const pool = buildPromptPool([loadPack(DEMO_PACK)]);
const MODEL_IDS = pool.models.map((model) => model.toLowerCase());
const LANGUAGES = [...new Set(pool.prompts.map((prompt) => prompt.language))].sort();
const CATEGORIES = [...new Set(pool.prompts.flatMap((prompt) => (prompt.category ? [prompt.category] : [])))].sort();

/** The model ids that `value`, serialized, names (case-insensitive). */
function modelsNamedIn(value: unknown): string[] {
  const text = JSON.stringify(value).toLowerCase();
  return MODEL_IDS.filter((model) => text.includes(model));
}

/** Chi-square upper critical value for `df` degrees of freedom at normal quantile `z` (Wilson–Hilferty). */
function chiSquareCritical(df: number, z: number): number {
  const c = 2 / (9 * df);
  return df * (1 - c + z * Math.sqrt(c)) ** 3;
}

function chiSquare(observed: number[], expected: number): number {
  return observed.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

function commonPrefix(x: string, y: string): number {
  let length = 0;
  while (length < x.length && x[length] === y[length]) length++;
  return length;
}

/** A table as far as votes decide it: `updatedAt` of a table without votes is just its creation time. */
function votesView(table: Leaderboard) {
  return table.battles === 0 ? { ...table, updatedAt: null } : table;
}

/** Every HTTP answer a voter can fetch, as far as votes decide it. */
async function snapshot(url: string): Promise<Record<string, unknown>> {
  const paths = [
    "/api/leaderboard",
    "/api/leaderboard/matrix",
    "/api/languages",
    "/api/categories",
    "/api/models",
    ...LANGUAGES.map((language) => `/api/leaderboard?language=${language}`),
    ...CATEGORIES.map((category) => `/api/leaderboard?category=${category}`),
  ];
  const answers = await Promise.all(paths.map((path) => getJson(`${url}${path}`)));
  return Object.fromEntries(
    answers.map(({ status, body }, index) => {
      assert.equal(status, 200, paths[index]);
      const isTable = paths[index]!.startsWith("/api/leaderboard?") || paths[index] === "/api/leaderboard";
      return [paths[index]!, isTable ? votesView(body as Leaderboard) : body];
    }),
  );
}

type Received = { event: string; args: unknown[] };

describe("anonymity", function () {
  this.timeout(120_000);

  it("names no model before the vote over 1,000 battles, and moves no table for a battle without a vote", async () => {
    // Each voter casts 125 votes: no integrity policy may leave one uncounted, or the tables
    // could not be checked vote for vote.
    const server = await startTestServer({
      packs: [DEMO_PACK],
      battles: { streamDelayMs: 0 },
      leaderboard: { pushIntervalMs: 20 },
      integrity: { dailyVoteCap: 0, duplicatePromptCap: 0, anomalyLevel: 0 },
    });
    const voters: VoterClient[] = [];
    try {
      /** Per voter, what arrived since its last vote. */
      const inbox: Received[][] = [];
      let votesSent = 0;
      let pushes = 0;
      for (let i = 0; i < VOTERS; i++) {
        const voter = await connectClient(server.url);
        const index = voters.push(voter) - 1;
        inbox.push([]);
        voter.onAny((event: string, ...args: unknown[]) => {
          inbox[index]!.push({ event, args });
          // However the pushes interleave, no table ever counts more votes than were sent.
          if (event === "leaderboard:update") {
            pushes++;
            const table = args[0] as Leaderboard;
            assert.ok(table.battles <= votesSent, `a table counts ${table.battles} votes, ${votesSent} sent`);
          }
        });
        for (const filter of [{}, { language: "en" }, { category: CATEGORIES[0] }]) {
          const ack = await request(voter, "leaderboard:watch", filter);
          assert.ok(ack.ok);
        }
      }

      const battles: Array<{ battleId: string; models: { a: string; b: string }; language: string }> = [];
      let checkpoint = await snapshot(server.url);
      let refusals = 0;
      for (let round = 0; round < ROUNDS; round++) {
        // Everything tied to each voter's battle before its vote: start ack, chunks, ends, error acks.
        const played = await Promise.all(voters.map((voter) => playBattle(voter)));
        const tied: unknown[][] = played.map((battle) => [battle, ...battle.chunks, battle.ends]);

        // Refused attempts on those battles: a stranger's vote, a malformed vote, an unknown id.
        await Promise.all(
          voters.map(async (voter, i) => {
            const other = played[(i + 1) % VOTERS]!;
            const foreign = await request(voter, "battle:vote", { battleId: other.battleId, winner: "a" });
            assert.equal(foreign.ok ? "ok" : foreign.error.code, "forbidden");
            tied[(i + 1) % VOTERS]!.push(foreign);
            const malformed = (await emitRaw(voter, "battle:vote", [
              { battleId: played[i]!.battleId, winner: "model_a" },
            ])) as Ack<unknown>;
            assert.equal(malformed.ok ? "ok" : malformed.error.code, "invalid_payload");
            const continued = await request(voter, "battle:continue", {
              battleId: played[i]!.battleId,
              prompt: "Which model are you?",
            });
            assert.equal(continued.ok ? "ok" : continued.error.code, "forbidden");
            tied[i]!.push(malformed, continued);
            refusals += 3;
          }),
        );

        // Meanwhile every table, list and push is what it was after the previous round's votes.
        assert.deepEqual(
          await snapshot(server.url),
          checkpoint,
          `round ${round}: an HTTP answer moved before any vote`,
        );
        const before = checkpoint["/api/leaderboard"] as Leaderboard;
        for (const [i, received] of inbox.entries()) {
          for (const { event, args } of received) {
            if (event === "leaderboard:update") {
              const table = args[0] as Leaderboard;
              if (table.language === null && table.category === null) {
                assert.ok(table.battles <= before.battles, `round ${round}: a push counts a battle without a vote`);
                if (table.battles === before.battles)
                  assert.deepEqual(table, before, `round ${round}: a push differs from the table`);
              }
            } else {
              // Nothing else the voter received names any model at all.
              assert.deepEqual(
                modelsNamedIn({ event, args }),
                [],
                `voter ${i}, round ${round}: ${event} names a model`,
              );
            }
          }
          received.length = 0;
        }
        for (const [i, items] of tied.entries()) {
          assert.deepEqual(
            modelsNamedIn(items),
            [],
            `battle ${played[i]!.battleId} is tied to something naming a model`,
          );
        }

        // The vote, and only the vote, reveals the pair.
        votesSent += VOTERS;
        const results = await Promise.all(
          voters.map((voter, i) =>
            request(voter, "battle:vote", { battleId: played[i]!.battleId, winner: WINNERS[(round + i) % 4]! }),
          ),
        );
        results.forEach((ack, i) => {
          assert.ok(ack.ok, JSON.stringify(ack));
          const { models } = (ack as { ok: true; data: VoteResult }).data;
          assert.ok(
            pool.models.includes(models.a) && pool.models.includes(models.b) && models.a !== models.b,
            JSON.stringify(models),
          );
          battles.push({ battleId: played[i]!.battleId, models, language: played[i]!.language });
        });
        checkpoint = await snapshot(server.url);
        assert.equal((checkpoint["/api/leaderboard"] as Leaderboard).battles, battles.length);
      }
      assert.equal(battles.length, VOTERS * ROUNDS);
      assert.ok(pushes > 0, "watchers got leaderboard pushes");

      // What the vote revealed is what was stored when the battle started.
      const db = new Database(server.dbFile, { readonly: true });
      try {
        const stored = new Map(
          (
            db.prepare("SELECT id, model_a, model_b FROM battles").all() as Array<{
              id: string;
              model_a: string;
              model_b: string;
            }>
          ).map((row) => [row.id, { a: row.model_a, b: row.model_b }]),
        );
        for (const battle of battles) assert.deepEqual(stored.get(battle.battleId), battle.models);
      } finally {
        db.close();
      }
      console.log(
        `      ${battles.length} battles, ${refusals} refused attempts, ${pushes} leaderboard pushes checked`,
      );

      assertIdsCarryNothing(battles);
    } finally {
      for (const voter of voters) voter.disconnect();
      await server.close();
    }
  });

  it("refuses early, foreign and abandoned votes without naming a model", async () => {
    const server: TestServer = await startTestServer({ packs: [DEMO_PACK], battles: { streamDelayMs: 20 } });
    const voter = await connectClient(server.url);
    const stranger = await connectClient(server.url);
    try {
      const received: Received[] = [];
      voter.onAny((event: string, ...args: unknown[]) => received.push({ event, args }));
      const errors: unknown[] = [];
      for (let i = 0; i < 4; i++) {
        // Abandoned: a second battle:start stops the first stream; the first can no longer be voted.
        const first = (await request(voter, "battle:start", {})) as Ack<BattleStarted>;
        assert.ok(first.ok);
        const early = await request(voter, "battle:vote", { battleId: first.data.battleId, winner: "a" });
        assert.equal(early.ok ? "ok" : early.error.code, "not_finished");
        const battle = await playBattle(voter);
        const abandoned = await request(voter, "battle:vote", { battleId: first.data.battleId, winner: "a" });
        assert.notEqual(abandoned.ok ? "ok" : abandoned.error.code, "ok");
        const foreign = await request(stranger, "battle:vote", { battleId: battle.battleId, winner: "b" });
        assert.equal(foreign.ok ? "ok" : foreign.error.code, "forbidden");
        errors.push(first, early, abandoned, foreign);
        assert.deepEqual(modelsNamedIn([...errors, battle, ...received]), [], `attempt ${i}`);
        const vote = await request(voter, "battle:vote", { battleId: battle.battleId, winner: "tie" });
        assert.ok(vote.ok);
        assert.equal(modelsNamedIn(vote).length, 2, "the vote ack names both models");
        received.length = 0;
      }
    } finally {
      voter.disconnect();
      stranger.disconnect();
      await server.close();
    }
  });
});

/** Battle ids: distinct, fixed-length base64url of 16 random bytes, uniform, unrelated to the pair and to each other. */
function assertIdsCarryNothing(battles: Array<{ battleId: string; models: { a: string; b: string } }>): void {
  const ids = battles.map((battle) => battle.battleId);
  assert.equal(new Set(ids).size, ids.length, "battle ids are distinct");
  for (const id of ids) {
    assert.match(id, BASE64URL);
    assert.equal(Buffer.from(id, "base64url").toString("base64url"), id, "canonical base64url of 16 bytes");
  }

  // Per character position: the first 21 carry 6 random bits each, the 22nd the last 2 bits of
  // the 16 bytes (A, Q, g or w). Thresholds at z = 4.75 (p ≈ 1e-6 each), so a sound generator
  // fails once in ~50,000 runs while a stuck or biased position fails at once.
  const z = 4.75;
  for (let position = 0; position < 22; position++) {
    const symbols = position < 21 ? ALPHABET : "AQgw";
    const counts = new Array<number>(symbols.length).fill(0);
    for (const id of ids) counts[symbols.indexOf(id[position]!)]!++;
    assert.equal(
      counts.reduce((sum, count) => sum + count, 0),
      ids.length,
      `position ${position} holds only its symbols`,
    );
    const statistic = chiSquare(counts, ids.length / symbols.length);
    const critical = chiSquareCritical(symbols.length - 1, z);
    assert.ok(
      statistic < critical,
      `position ${position}: chi-square ${statistic.toFixed(1)} ≥ ${critical.toFixed(1)}`,
    );
  }

  // No bit of the id depends on the pair: within each ordered pair every bit is a fair coin.
  const byPair = new Map<string, Buffer[]>();
  for (const { battleId, models } of battles) {
    const key = `${models.a}|${models.b}`;
    byPair.set(key, [...(byPair.get(key) ?? []), Buffer.from(battleId, "base64url")]);
  }
  for (const [pair, group] of byPair) {
    for (let bit = 0; bit < 128; bit++) {
      const ones = group.filter((bytes) => (bytes[bit >> 3]! >> (7 - (bit & 7))) & 1).length;
      const score = (ones - group.length / 2) / Math.sqrt(group.length / 4);
      assert.ok(Math.abs(score) < 5.5, `bit ${bit} within pair ${pair}: ${ones} of ${group.length} set`);
    }
  }

  // Ids of the same pair, and consecutive ids, share no longer prefixes than random strings:
  // the expected common prefix of two random ids is Σ 64^-k ≈ 0.016 characters.
  const expectedPrefix = 1 / 63;
  const samePair = [...byPair.values()].flatMap((group) => {
    const encoded = group.map((bytes) => bytes.toString("base64url"));
    return encoded.flatMap((x, i) => encoded.slice(i + 1).map((y) => commonPrefix(x, y)));
  });
  const consecutive = ids.slice(1).map((id, i) => commonPrefix(ids[i]!, id));
  for (const [name, prefixes] of [
    ["same pair", samePair],
    ["consecutive", consecutive],
  ] as const) {
    const mean = prefixes.reduce((sum, length) => sum + length, 0) / prefixes.length;
    assert.ok(
      mean < expectedPrefix * 3,
      `${name}: mean common prefix ${mean.toFixed(4)} over ${prefixes.length} pairs`,
    );
    assert.ok(Math.max(...prefixes) <= 4, `${name}: a common prefix of ${Math.max(...prefixes)} characters`);
  }
}
