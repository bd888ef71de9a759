import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { ConfigError, DEMO_PACK, ENVIRONMENT_VARIABLES, readConfig, readStoreConfig } from "../../server/src/config.ts";

const CONFIGURATION_DOC = fileURLToPath(new URL("../../docs/CONFIGURATION.md", import.meta.url));

const SECRET = "s".repeat(32);

describe("config", () => {
  const write = (content: string) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "arena-config-")), "arena.json");
    fs.writeFileSync(file, content);
    return file;
  };

  it("defaults to port 3000, ./data/arena.db and the demo pack", () => {
    const config = readConfig({ INIT_CWD: "/srv/arena" });
    assert.equal(config.server.port, 3000);
    assert.equal(config.store.databaseFile, "/srv/arena/data/arena.db");
    assert.deepEqual(config.models.packs, [DEMO_PACK]);
  });

  it("stops on a bad value, naming the variable", () => {
    assert.throws(
      () => readConfig({ PORT: "http" }),
      (e: Error) => e instanceof ConfigError && /PORT/.test(e.message),
    );
    assert.throws(() => readConfig({ PORT: "70000" }), /PORT/);
    assert.throws(() => readConfig({ LOG_LEVEL: "loud" }), /LOG_LEVEL/);
    assert.throws(
      () => readConfig({ DATABASE_URL: "mysql://db/arena", ARENA_SESSION_SECRET: SECRET }),
      /DATABASE_URL: must be a postgres/,
    );
  });

  it("stores in PostgreSQL with DATABASE_URL, and then requires ARENA_SESSION_SECRET", () => {
    assert.equal(readConfig({}).store.databaseUrl, undefined);
    assert.equal(readConfig({ DATABASE_URL: "" }).store.databaseUrl, undefined);
    for (const url of ["postgres://arena:pw@db:5432/arena", "postgresql://db/arena?sslmode=require"]) {
      assert.equal(readConfig({ DATABASE_URL: url, ARENA_SESSION_SECRET: SECRET }).store.databaseUrl, url);
    }
    assert.throws(
      () => readConfig({ DATABASE_URL: "postgres://db/arena" }),
      (e: Error) =>
        e instanceof ConfigError && /ARENA_SESSION_SECRET: must be set when DATABASE_URL is/.test(e.message),
    );
    assert.deepEqual(readStoreConfig({ DATABASE_URL: "postgres://db/arena", ARENA_DB: "x.db", INIT_CWD: "/srv" }), {
      databaseFile: "/srv/x.db",
      databaseUrl: "postgres://db/arena",
    });
  });

  it("limits battles, votes, connections and /api requests by default, per address ten times a session", () => {
    const config = readConfig({});
    assert.deepEqual(config.limits.rates, {
      battlesPerMinute: 60,
      votesPerMinute: 60,
      ipBattlesPerMinute: 600,
      ipVotesPerMinute: 600,
      connectionsPerIp: 100,
      apiRequestsPerMinute: 600,
    });
    assert.equal(config.limits.trustProxy, 0);
  });

  it("reads every rate limit variable, and ARENA_RATE_LIMITS=off turns them all off", () => {
    const config = readConfig({
      ARENA_BATTLES_PER_MINUTE: "20",
      ARENA_VOTES_PER_MINUTE: "30",
      ARENA_IP_FACTOR: "4",
      ARENA_CONNECTIONS_PER_IP: "8",
      ARENA_API_REQUESTS_PER_MINUTE: "100",
      ARENA_TRUST_PROXY: "2",
    });
    assert.deepEqual(config.limits.rates, {
      battlesPerMinute: 20,
      votesPerMinute: 30,
      ipBattlesPerMinute: 80,
      ipVotesPerMinute: 120,
      connectionsPerIp: 8,
      apiRequestsPerMinute: 100,
    });
    assert.equal(config.limits.trustProxy, 2);
    assert.equal(readConfig({ ARENA_RATE_LIMITS: "off", ARENA_BATTLES_PER_MINUTE: "20" }).limits.rates, null);
    assert.notEqual(readConfig({ ARENA_RATE_LIMITS: "on" }).limits.rates, null);
  });

  it("lists every bad rate limit value together", () => {
    const bad = {
      ARENA_RATE_LIMITS: "maybe",
      ARENA_BATTLES_PER_MINUTE: "0",
      ARENA_VOTES_PER_MINUTE: "lots",
      ARENA_IP_FACTOR: "1.5",
      ARENA_CONNECTIONS_PER_IP: "-1",
      ARENA_API_REQUESTS_PER_MINUTE: "",
      ARENA_TRUST_PROXY: "yes",
    };
    assert.throws(
      () => readConfig(bad),
      (e: Error) => e instanceof ConfigError && Object.keys(bad).every((name) => e.message.includes(`${name}:`)),
    );
  });

  it("reads packs from ARENA_CONFIG relative to that file", () => {
    const file = write(JSON.stringify({ packs: ["packs/mine"] }));
    assert.deepEqual(readConfig({ ARENA_CONFIG: file }).models.packs, [path.join(path.dirname(file), "packs/mine")]);
  });

  it("stops on a models file that does not parse or validate, naming the file and the field", () => {
    const broken = write("{ nope");
    assert.throws(
      () => readConfig({ ARENA_CONFIG: broken }),
      (e: Error) => e.message.startsWith(broken) && /not valid JSON/.test(e.message),
    );
    const typo = write(JSON.stringify({ pack: ["x"] }));
    assert.throws(
      () => readConfig({ ARENA_CONFIG: typo }),
      (e: Error) => e.message.includes(typo) && /pack/.test(e.message),
    );
    const wrongType = write(JSON.stringify({ packs: "x" }));
    assert.throws(() => readConfig({ ARENA_CONFIG: wrongType }), /packs/);
    assert.throws(() => readConfig({ ARENA_CONFIG: "/no/such/file.json" }), /\/no\/such\/file\.json: cannot be read/);
  });

  it("reads live models with their defaults, and names the field of a bad one", () => {
    const good = write(
      JSON.stringify({
        models: [
          { id: "llama3-local", type: "openai", baseURL: "http://127.0.0.1:11434/v1", model: "llama3.1:8b" },
          {
            id: "gpt-4o",
            type: "openai",
            baseURL: "https://api.openai.com/v1",
            model: "gpt-4o",
            apiKeyEnv: "TEST_OPENAI_KEY",
            weight: 2,
          },
        ],
      }),
    );
    const config = readConfig({ ARENA_CONFIG: good, TEST_OPENAI_KEY: "sk-test" });
    assert.deepEqual(config.models.packs, []);
    assert.deepEqual(
      config.live.models.map((m) => [m.id, m.weight, m.maxConcurrent]),
      [
        ["llama3-local", 1, 4],
        ["gpt-4o", 2, 4],
      ],
    );
    assert.throws(
      () => readConfig({ ARENA_CONFIG: good }),
      /models\.1\.apiKeyEnv: the environment variable TEST_OPENAI_KEY is not set/,
    );

    const cases: Array<[object, RegExp]> = [
      [{ models: [{ id: "x", type: "openai", model: "m" }] }, /models\.0\.baseURL/],
      [{ models: [{ id: "x", type: "ollama", baseURL: "http://h/v1", model: "m" }] }, /models\.0\.type/],
      [{ models: [{ id: "x", type: "openai", baseURL: "ftp://h/v1", model: "m" }] }, /models\.0\.baseURL/],
      [{ models: [{ id: "x", type: "openai", baseURL: "http://h/v1", model: "m", apiKey: "sk-secret" }] }, /apiKey/],
      [
        { models: [1, 2].map(() => ({ id: "same", type: "openai", baseURL: "http://h/v1", model: "m" })) },
        /models\.1\.id: "same" is listed twice/,
      ],
      [{}, /neither models nor packs/],
    ];
    for (const [file, problem] of cases)
      assert.throws(() => readConfig({ ARENA_CONFIG: write(JSON.stringify(file)) }), problem);
  });
});

describe("config: judges", () => {
  const write = (content: object) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "arena-config-")), "arena.json");
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
  };
  const live = { id: "llama3-local", type: "openai", baseURL: "http://127.0.0.1:11434/v1", model: "llama3.1:8b" };
  const judge = { id: "gpt-4o-judge", type: "openai", baseURL: "https://api.openai.com/v1", model: "gpt-4o" };

  it("has no judges by default, and reads them with their defaults", () => {
    assert.deepEqual(readConfig({}).judges.judges, []);
    const file = write({ models: [live], judges: [{ ...judge, apiKeyEnv: "TEST_JUDGE_KEY" }] });
    const [read] = readConfig({ ARENA_CONFIG: file, TEST_JUDGE_KEY: "sk-test" }).judges.judges;
    assert.deepEqual(
      [read!.id, read!.temperature, read!.maxTokens, read!.maxConcurrent, read!.apiKeyEnv],
      ["gpt-4o-judge", 0, 2048, 2, "TEST_JUDGE_KEY"],
    );
    assert.throws(
      () => readConfig({ ARENA_CONFIG: file }),
      /judges\.0\.apiKeyEnv: the environment variable TEST_JUDGE_KEY is not set/,
    );
  });

  it("refuses a judge named like a model, twice the same judge, a key in the file, and a bad field", () => {
    const cases: Array<[object, RegExp]> = [
      [{ models: [live], judges: [{ ...judge, id: live.id }] }, /judges\.0\.id: "llama3-local" is a model's id too/],
      [{ models: [live], judges: [judge, judge] }, /judges\.1\.id: "gpt-4o-judge" is listed twice/],
      [{ models: [live], judges: [{ ...judge, apiKey: "sk-secret" }] }, /judges\.0: .*apiKey/],
      [{ models: [live], judges: [{ ...judge, baseURL: "ftp://h/v1" }] }, /judges\.0\.baseURL/],
      [{ models: [live], judges: [{ ...judge, maxConcurrent: 0 }] }, /judges\.0\.maxConcurrent/],
    ];
    for (const [file, problem] of cases) assert.throws(() => readConfig({ ARENA_CONFIG: write(file) }), problem);
  });
});

describe("config: vote integrity and the admin API", () => {
  it("caps 100 votes per session per day and 10 per repeated prompt, checks every 10 minutes at 1e-4, no admin API", () => {
    const config = readConfig({});
    assert.equal(config.admin.token, undefined);
    assert.equal(config.integrity.dailyVoteCap, 100);
    assert.equal(config.integrity.duplicatePromptCap, 10);
    assert.equal(config.integrity.anomalyLevel, 1e-4);
    assert.equal(config.integrity.anomalyCheckMinutes, 10);
  });

  it("reads the admin token, the caps (0 = none), the level and the check interval", () => {
    const token = "t".repeat(32);
    const config = readConfig({
      ARENA_ADMIN_TOKEN: token,
      ARENA_DAILY_VOTE_CAP: "0",
      ARENA_DUPLICATE_PROMPT_CAP: "3",
      ARENA_ANOMALY_LEVEL: "1e-6",
      ARENA_ANOMALY_CHECK_MINUTES: "0",
    });
    assert.equal(config.admin.token, token);
    assert.equal(config.integrity.dailyVoteCap, 0);
    assert.equal(config.integrity.duplicatePromptCap, 3);
    assert.equal(config.integrity.anomalyLevel, 1e-6);
    assert.equal(config.integrity.anomalyCheckMinutes, 0);
  });

  it("refuses a short admin token and out-of-range values, naming each variable", () => {
    assert.throws(
      () => readConfig({ ARENA_ADMIN_TOKEN: "short" }),
      /ARENA_ADMIN_TOKEN: must be at least 32 characters/,
    );
    assert.throws(() => readConfig({ ARENA_DAILY_VOTE_CAP: "-1" }), /ARENA_DAILY_VOTE_CAP/);
    assert.throws(() => readConfig({ ARENA_DUPLICATE_PROMPT_CAP: "2.5" }), /ARENA_DUPLICATE_PROMPT_CAP/);
    assert.throws(() => readConfig({ ARENA_ANOMALY_LEVEL: "0.5" }), /ARENA_ANOMALY_LEVEL/);
    assert.throws(() => readConfig({ ARENA_ANOMALY_LEVEL: "often" }), /ARENA_ANOMALY_LEVEL/);
    assert.throws(() => readConfig({ ARENA_ANOMALY_CHECK_MINUTES: "-5" }), /ARENA_ANOMALY_CHECK_MINUTES/);
    const all = (() => {
      try {
        readConfig({ ARENA_ADMIN_TOKEN: "x", ARENA_DAILY_VOTE_CAP: "many" });
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    })();
    assert.match(all, /ARENA_ADMIN_TOKEN[\s\S]*ARENA_DAILY_VOTE_CAP|ARENA_DAILY_VOTE_CAP[\s\S]*ARENA_ADMIN_TOKEN/);
  });
});

describe("config: docs/CONFIGURATION.md", () => {
  it("documents exactly the variables config.ts reads, once each, in its configuration table", () => {
    const doc = fs.readFileSync(CONFIGURATION_DOC, "utf8");
    const section = /^## Configuration\n([\s\S]*?)^#/m.exec(doc)?.[1] ?? "";
    const documented = [...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((match) => match[1]!);
    assert.deepEqual([...documented].sort(), [...ENVIRONMENT_VARIABLES].sort());
  });
});
