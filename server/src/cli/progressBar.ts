/**
 * A progress bar on stderr for long command-line work. On a terminal it redraws one line (at most
 * ten times a second); into a file or pipe it writes a plain line at every tenth of the work, so a
 * log stays short and readable.
 */
export type ProgressStream = { isTTY?: boolean; write(text: string): unknown };

const WIDTH = 30;
const REDRAW_MS = 100;

export class ProgressBar {
  private done = 0;
  private lastDraw = 0;
  private lastTenth = 0;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: ProgressStream = process.stderr,
  ) {}

  /** `done` steps are done now; `detail` follows the counts (failures, tokens…). */
  advance(done: number, detail: string): void {
    this.done = done;
    const now = Date.now();
    if (this.stream.isTTY) {
      if (now - this.lastDraw < REDRAW_MS && this.done < this.total) return;
      this.lastDraw = now;
      this.stream.write(`\r${this.line(detail, now)}\u001b[K`);
      return;
    }
    const tenth = this.total === 0 ? 10 : Math.floor((this.done * 10) / this.total);
    if (tenth > this.lastTenth) {
      this.lastTenth = tenth;
      this.stream.write(`${this.line(detail, now)}\n`);
    }
  }

  /** Ends the redrawn line so that what follows starts on its own. */
  finish(): void {
    if (this.stream.isTTY && this.lastDraw > 0) this.stream.write("\n");
  }

  private line(detail: string, now: number): string {
    const share = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(share * WIDTH);
    const elapsed = now - this.started;
    const left =
      this.done === 0 || this.done >= this.total
        ? ""
        : `, ${duration((elapsed / this.done) * (this.total - this.done))} left`;
    return `${this.label} [${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${this.done}/${this.total}${detail ? `, ${detail}` : ""}${left}`;
  }
}

/** 75 s → "1m15s". */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}
