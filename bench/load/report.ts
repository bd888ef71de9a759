/** The human-readable summary of a load run: one table, arena beside echo, then errors and hot spots. */
import { count, formatBytes, formatMs } from "../measure.ts";
import type { LoadRun } from "./index.ts";
import type { Latency, PhaseResult } from "./phase.ts";

const latencyText = (latency: Latency | null) =>
  latency ? `${formatMs(latency.p50)} / ${formatMs(latency.p99)} / ${formatMs(latency.max)}` : "—";
const percent = (value: number | null) => (value === null ? "—" : `${value.toFixed(0)} %`);
/** CPU time per vote, ms: (share of a core) × 1000 ms / (votes per second). */
const perVote = (cpuPercent: number | null, votesPerSecond: number) =>
  cpuPercent === null || votesPerSecond === 0 ? "—" : ((cpuPercent * 10) / votesPerSecond).toFixed(2);
const errorsText = (errors: Record<string, number>) =>
  Object.keys(errors).length === 0
    ? "none"
    : Object.entries(errors)
        .sort((x, y) => y[1] - x[1])
        .map(([code, n]) => `${code} × ${count(n)}`)
        .join(", ");

export function formatReport(run: LoadRun): string {
  const { arena, echo, stored } = run;
  const both = (pick: (phase: PhaseResult) => string) => `${pick(arena)} | ${echo ? pick(echo) : "—"} |`;
  const rows = [
    `| clients connected | ${both((phase) => count(phase.connected))}`,
    `| **votes/s** (acked ok, ${arena.measuredSeconds.toFixed(0)} s after ${run.options.warmup} s warm-up) | ${both((phase) => `**${count(Math.round(phase.votesPerSecond))}**`)}`,
    `| battle:vote ack p50 / p99 / max | ${both((phase) => latencyText(phase.voteAck))}`,
    `| battle:start ack p50 / p99 / max | ${both((phase) => latencyText(phase.startAck))}`,
    `| start ack → both battle:end p50 / p99 / max | ${both((phase) => latencyText(phase.stream))}`,
    `| server → client per battle: chunks (+ 2 ends), text | ${both((phase) => `${phase.chunksPerBattle.toFixed(1)}, ${count(Math.round(phase.textCharsPerBattle))} chars`)}`,
    `| errors by code | ${both((phase) => errorsText(phase.errors))}`,
    `| votes acked ok (whole phase) / stored / **lost** | ${count(arena.okVotes)} / ${stored ? `${count(stored.stored)} / **${count(stored.lost)}**` : "not checked (no database given)"} | — |`,
    `| loops unfinished at the end (drain 10 s) | ${both((phase) => count(phase.unfinished))}`,
    `| server CPU (% of one core, measured window) | ${both((phase) => percent(phase.serverCpuPercent))}`,
    `| client worker CPU (% of one core) | ${both((phase) => percent(phase.clientCpuPercent))}`,
    `| CPU per acked vote: server / clients (ms, whole loop) | ${both((phase) => `${perVote(phase.serverCpuPercent, phase.votesPerSecond)} / ${perVote(phase.clientCpuPercent, phase.votesPerSecond)}`)}`,
    `| server peak RSS (VmRSS sampled every 250 ms) | ${both((phase) => (phase.serverPeakRss === null ? "—" : formatBytes(phase.serverPeakRss)))}`,
    `| server RSS 20 s into the phase / at its end | ${both((phase) => `${phase.serverRssAt20s === null ? "—" : formatBytes(phase.serverRssAt20s)} / ${phase.serverLastRss === null ? "—" : formatBytes(phase.serverLastRss)}`)}`,
  ];
  const lines = [
    "",
    `## Load: ${run.options.clients} clients — ${run.machine}`,
    "",
    "| | arena | echo |",
    "|---|---|---|",
    ...rows,
    "",
    run.ratio === null
      ? "arena/echo: — (no echo phase)"
      : `arena/echo votes/s: **${run.ratio.toFixed(2)}** (${count(Math.round(arena.votesPerSecond))} / ${count(Math.round(echo!.votesPerSecond))})`,
    `goal (issue #6): ≥ 2,000 durable votes/s with 500 clients, p99 vote ack ≤ 100 ms, 0 lost → ` +
      `${count(Math.round(arena.votesPerSecond))} votes/s, p99 ${arena.voteAck ? formatMs(arena.voteAck.p99) : "—"}, ` +
      `${stored ? `${count(stored.lost)} lost` : "lost not checked"}`,
    "",
    `(\`${run.command}\`)`,
    "",
  ];
  if (run.profile) {
    const { profile } = run;
    lines.push(
      `### Server CPU profile: ${formatMs(profile.totalMs)} of samples (idle left out), ${profile.file}`,
      "",
      "| self time by package / folder | ms | share |",
      "|---|---|---|",
      ...profile.packages
        .slice(0, 12)
        .map((entry) => `| ${entry.name} | ${entry.ms.toFixed(0)} | ${(entry.share * 100).toFixed(1)} % |`),
      "",
      "| self time by function | ms | share |",
      "|---|---|---|",
      ...profile.functions.map(
        (entry) => `| \`${entry.name}\` | ${entry.ms.toFixed(0)} | ${(entry.share * 100).toFixed(1)} % |`,
      ),
      "",
    );
  }
  return lines.join("\n");
}
