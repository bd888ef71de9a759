/**
 * The operator's numbers, in Prometheus' text format at GET /metrics. One registry per arena (not
 * prom-client's global one), so that several servers in one process — the tests — keep theirs
 * apart. The services never see this class: they announce what happened (ArenaEvents, the store's
 * and the transports' hooks) and the composition root reports it here.
 *
 * Labels stay few and bounded: an ack's event is one of the protocol's and its outcome `ok` or one
 * of the whitelisted error codes; a model label only ever holds a configured live model; no
 * session, battle or address ever becomes a label.
 */
import type { Winner } from "@arena/shared/protocol";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

import type { LiveAnswerTiming } from "../battles/service.ts";
import type { BattleSource } from "../domain/battle.ts";

/** Socket acks: most take a millisecond, a battle start waits for the store (and live slots). */
const ACK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Live models: first chunk within a second or a few, whole answers up to the total time-out. */
const LIVE_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120];
/** Refits: warm-started pair-count fits take milliseconds; style control over many battles longer. */
const REFIT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** Store writes: a group commit on SQLite, a round trip (or a queue) on PostgreSQL. */
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

/** Gauges read at scrape time from the running server. */
export type ScrapedGauges = {
  openSockets: () => number;
  watchedTables: () => number;
  cachedTables: () => number;
};

export class ArenaMetrics {
  readonly registry = new Registry();
  private defaultsStarted = false;

  private readonly votes = new Counter({
    name: "arena_votes_total",
    help: "Votes accepted (acknowledged and stored) by this server, by winner; flagged ones are stored but count in no table.",
    labelNames: ["winner", "flagged"] as const,
    registers: [this.registry],
  });

  private readonly battles = new Counter({
    name: "arena_battles_started_total",
    help: "Battles started on this server, by where the answers come from (pack or live models).",
    labelNames: ["source"] as const,
    registers: [this.registry],
  });

  private readonly acks = new Histogram({
    name: "arena_ack_duration_seconds",
    help: "Time from a socket event's arrival to its ack, by event and outcome (ok or the error code); _count counts acks.",
    labelNames: ["event", "outcome"] as const,
    buckets: ACK_BUCKETS,
    registers: [this.registry],
  });

  private readonly liveFirstChunk = new Histogram({
    name: "arena_live_first_chunk_seconds",
    help: "Time from asking a live model to its first chunk of answer.",
    labelNames: ["model"] as const,
    buckets: LIVE_BUCKETS,
    registers: [this.registry],
  });

  private readonly liveAnswer = new Histogram({
    name: "arena_live_answer_seconds",
    help: "Time from asking a live model to the end of a complete answer.",
    labelNames: ["model"] as const,
    buckets: LIVE_BUCKETS,
    registers: [this.registry],
  });

  private readonly liveAnswers = new Counter({
    name: "arena_live_answers_total",
    help: "Live model answers by outcome: ok, failed (error, time-out, refusal) or aborted (the voter left).",
    labelNames: ["model", "outcome"] as const,
    registers: [this.registry],
  });

  private readonly refits = new Histogram({
    name: "arena_leaderboard_refit_seconds",
    help: "Time to refit and build a changed table before it is pushed to its watchers, plain or under style control.",
    labelNames: ["style"] as const,
    buckets: REFIT_BUCKETS,
    registers: [this.registry],
  });

  private readonly storeWrites = new Histogram({
    name: "arena_store_write_seconds",
    help: "Time until a store write is durable, by operation.",
    labelNames: ["operation"] as const,
    buckets: STORE_BUCKETS,
    registers: [this.registry],
  });

  private readonly storeFailures = new Counter({
    name: "arena_store_write_failures_total",
    help: "Store writes that failed, by operation.",
    labelNames: ["operation"] as const,
    registers: [this.registry],
  });

  voteAccepted(winner: Winner, flagged: boolean): void {
    this.votes.inc({ winner, flagged: String(flagged) });
  }

  battleStarted(source: BattleSource): void {
    this.battles.inc({ source });
  }

  ack(event: string, outcome: string, seconds: number): void {
    this.acks.observe({ event, outcome }, seconds);
  }

  liveAnswered({ model, outcome, firstChunkSeconds, totalSeconds }: LiveAnswerTiming): void {
    this.liveAnswers.inc({ model, outcome });
    if (firstChunkSeconds !== null) this.liveFirstChunk.observe({ model }, firstChunkSeconds);
    if (outcome === "ok") this.liveAnswer.observe({ model }, totalSeconds);
  }

  refitted(style: boolean, seconds: number): void {
    this.refits.observe({ style: style ? "control" : "plain" }, seconds);
  }

  storeWrite(operation: string, seconds: number, ok: boolean): void {
    if (ok) this.storeWrites.observe({ operation }, seconds);
    else this.storeFailures.inc({ operation });
  }

  /**
   * Gauges that read the server when scraped, and every label a dashboard expects at zero from the
   * start (a counter that appears only with its first vote hides a rate() of the first minutes).
   */
  observe(gauges: ScrapedGauges, liveModels: readonly string[]): void {
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    gauge("arena_open_sockets", "socket.io connections open on this server.", gauges.openSockets);
    gauge("arena_leaderboard_tables_watched", "Tables with at least one watcher on this server.", gauges.watchedTables);
    gauge(
      "arena_leaderboard_tables_cached",
      "Tables this server keeps up to date (every language and category with votes).",
      gauges.cachedTables,
    );
    for (const winner of ["a", "b", "tie", "bothbad"] as const) this.votes.inc({ winner, flagged: "false" }, 0);
    for (const source of ["pack", "live"] as const) this.battles.inc({ source }, 0);
    for (const model of liveModels) {
      for (const outcome of ["ok", "failed", "aborted"] as const) this.liveAnswers.inc({ model, outcome }, 0);
    }
  }

  /**
   * The text a scrape gets. The process metrics (memory, CPU, event-loop lag, GC, handles) start
   * with the first scrape: a server nobody scrapes keeps no observers for them.
   */
  async scrape(): Promise<{ contentType: string; body: string }> {
    if (!this.defaultsStarted) {
      this.defaultsStarted = true;
      collectDefaultMetrics({ register: this.registry });
    }
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
