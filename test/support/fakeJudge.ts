/**
 * A scripted LLM judge: an OpenAI-compatible chat-completions server on 127.0.0.1 port 0 whose
 * answer to each request is a function of the messages (the judge prompt). Unlike fakeOpenAI.ts it
 * sends the token `usage` chunk that `stream_options.include_usage` asks for, when the script gives one.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type JudgeMessage = { role: string; content: string };

/** What the judge does with one request. */
export type JudgeReply =
  { text: string; usage?: { prompt_tokens: number; completion_tokens: number } } | { status: number };

export type JudgeRequest = { model: string; messages: JudgeMessage[]; body: Record<string, unknown> };

export type FakeJudge = {
  baseURL: string;
  requests: JudgeRequest[];
  /** Replaces the script (for a second run against the same endpoint). */
  script: (request: JudgeRequest) => JudgeReply;
  close(): Promise<void>;
};

export async function startFakeJudge(script: (request: JudgeRequest) => JudgeReply): Promise<FakeJudge> {
  const requests: JudgeRequest[] = [];
  const judge = { script } as FakeJudge;
  const server = http.createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (piece: string) => (text += piece));
    req.on("end", () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      const request = { model: String(body.model), messages: body.messages as JudgeMessage[], body };
      requests.push(request);
      const reply = judge.script(request);
      if ("status" in reply) {
        res.writeHead(reply.status, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "scripted failure", type: "server_error" } }));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      const event = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
      event({ choices: [{ index: 0, delta: { role: "assistant", content: "" } }] });
      event({ choices: [{ index: 0, delta: { content: reply.text } }] });
      event({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
      const options = body.stream_options as { include_usage?: boolean } | undefined;
      if (options?.include_usage && reply.usage) event({ choices: [], usage: reply.usage });
      res.end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  judge.baseURL = `http://127.0.0.1:${port}/v1`;
  judge.requests = requests;
  judge.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return judge;
}
