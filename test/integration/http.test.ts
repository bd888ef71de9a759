import assert from "node:assert/strict";

import type { ModelsResponse } from "@arena/shared/protocol";

import { getJson, MT_BENCH, startTestServer, type TestServer, TINY_PACK } from "../support/server.ts";

describe("HTTP API", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ packs: [TINY_PACK, MT_BENCH] });
  });
  after(() => server.close());

  it("GET /api/health answers ok", async () => {
    assert.deepEqual(await getJson(`${server.url}/api/health`), { status: 200, body: { ok: true } });
  });

  it("GET /api/models lists every model of every pack, available, and no live prompts", async () => {
    const { body } = await getJson<ModelsResponse>(`${server.url}/api/models`);
    assert.deepEqual(
      body.models.map((m) => m.id),
      [
        "alpaca-13b",
        "claude-v1",
        "gpt-3.5-turbo",
        "gpt-4",
        "llama-13b",
        "tiny-alpha",
        "tiny-beta",
        "tiny-gamma",
        "vicuna-13b-v1.2",
      ],
    );
    assert.ok(body.models.every((m) => m.kind === "pack" && m.availability === "available" && m.status === "active"));
    assert.equal(body.livePrompts, false);
  });

  it("answers unknown API routes with a JSON 404", async () => {
    const { status, body } = await getJson<{ error: { code: string } }>(`${server.url}/api/nope`);
    assert.equal(status, 404);
    assert.equal(body.error.code, "not_found");
  });

  it("sends security headers: a same-origin content-security policy, no framing, no x-powered-by", async () => {
    const response = await fetch(`${server.url}/api/health`);
    const policy = response.headers.get("content-security-policy") ?? "";
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
    ]) {
      assert.ok(policy.includes(directive), `${directive} missing from ${policy}`);
    }
    assert.equal(response.headers.get("x-powered-by"), null);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.equal(response.headers.get("access-control-allow-origin"), null);
  });
});
