/**
 * The counted votes, read back from the store: every unflagged stored vote that the integrity gate
 * (with the current policy and standings) counts, in stored order, each with its reasons. What the
 * tables of the past (`?at=`, history) and the reason counts are computed from — the votes
 * themselves, not a second store of snapshots that could drift from them. Read once per change
 * (a vote, a standing, a change of reasons), then shared by every question until the next one.
 *
 * They are read a page at a time (`votePages`, as the start-up reads them) and kept as typed
 * columns holding only what those questions use, names and lists interned: about 30 bytes a vote
 * (plus 64 for one with style counts), so that a history question on an arena of millions of votes
 * stays within its memory (docs/BENCHMARKS.md).
 */
import type { Winner } from "@arena/shared/protocol";
import type { StyleCounts, StylePair } from "@arena/shared/ratings/styleFeatures";

import type { StoredVote } from "../domain/vote.ts";
import type { VoteGate } from "../integrity/votePolicy.ts";
import type { ArenaStore } from "../store/store.ts";
import { categoriesOf } from "./filters.ts";

const WINNERS: readonly Winner[] = ["a", "b", "tie", "bothbad"];
/** Values of a vote's style counts: both answers' four. */
const STYLE_VALUES = 8;

/** Strings numbered in first-seen order (model names, languages, lists of categories or reasons). */
class Interned<T> {
  readonly values: T[] = [];
  private readonly numberOf = new Map<string, number>();

  numberFor(key: string, value: () => T): number {
    let number = this.numberOf.get(key);
    if (number === undefined) {
      number = this.values.length;
      this.numberOf.set(key, number);
      this.values.push(value());
    }
    return number;
  }
}

/**
 * The counted votes as columns, in stored order: vote `i` is `modelA[i]` (a number into `models`)
 * against `modelB[i]`, and so on. Read-only once built.
 */
export class CountedVoteColumns {
  private votes = 0;
  private readonly modelNames = new Interned<string>();
  private readonly languageNames = new Interned<string>();
  private readonly categoryLists = new Interned<readonly string[]>();
  private readonly reasonLists = new Interned<readonly string[]>();
  private modelA = new Int32Array(1024);
  private modelB = new Int32Array(1024);
  private winners = new Uint8Array(1024);
  private times = new Float64Array(1024);
  private languages = new Int32Array(1024);
  private categories = new Int32Array(1024);
  private reasonNumbers = new Int32Array(1024);
  /** Per vote, its row of `styleValues` (−1: no style counts). */
  private styleRows = new Int32Array(1024);
  private styleValues = new Float64Array(0);
  private styled = 0;

  add(vote: StoredVote): void {
    if (this.votes === this.modelA.length) this.grow();
    const i = this.votes++;
    this.modelA[i] = this.modelNames.numberFor(vote.modelA, () => vote.modelA);
    this.modelB[i] = this.modelNames.numberFor(vote.modelB, () => vote.modelB);
    this.winners[i] = WINNERS.indexOf(vote.winner);
    this.times[i] = vote.votedAt.getTime();
    this.languages[i] = this.languageNames.numberFor(vote.language, () => vote.language);
    const categories = categoriesOf(vote);
    this.categories[i] = this.categoryLists.numberFor(listKey(categories), () => [...categories]);
    const reasons = vote.reasons ?? [];
    this.reasonNumbers[i] = this.reasonLists.numberFor(listKey(reasons), () => [...reasons]);
    this.styleRows[i] = vote.style ? this.addStyle(vote.style) : -1;
  }

  get length(): number {
    return this.votes;
  }

  modelAOf(i: number): string {
    return this.modelNames.values[this.modelA[i]!]!;
  }

  modelBOf(i: number): string {
    return this.modelNames.values[this.modelB[i]!]!;
  }

  /** Whether the vote is a model against itself (no name comparison needed). */
  sameModels(i: number): boolean {
    return this.modelA[i] === this.modelB[i];
  }

  winnerOf(i: number): Winner {
    return WINNERS[this.winners[i]!]!;
  }

  /** When the vote was cast (epoch ms). */
  timeOf(i: number): number {
    return this.times[i]!;
  }

  reasonsOf(i: number): readonly string[] {
    return this.reasonLists.values[this.reasonNumbers[i]!]!;
  }

  styleOf(i: number): StylePair | null {
    const row = this.styleRows[i]!;
    if (row < 0) return null;
    const at = row * STYLE_VALUES;
    const values = this.styleValues;
    const side = (from: number): StyleCounts => [
      values[from]!,
      values[from + 1]!,
      values[from + 2]!,
      values[from + 3]!,
    ];
    return { a: side(at), b: side(at + 4) };
  }

  /**
   * A test of whether a vote is in a filter's table (its language; its pack category or automatic
   * tags), worked out once per language and list of categories rather than once per vote.
   */
  inFilter({ language, category }: { language?: string; category?: string }): (i: number) => boolean {
    const languageNumber = language === undefined ? -1 : this.languageNames.values.indexOf(language);
    if (language !== undefined && languageNumber < 0) return () => false;
    const listHas =
      category === undefined ? null : this.categoryLists.values.map((categories) => categories.includes(category));
    return (i) =>
      (languageNumber < 0 || this.languages[i] === languageNumber) && (!listHas || listHas[this.categories[i]!]!);
  }

  private addStyle(style: StylePair): number {
    const row = this.styled++;
    if (this.styleValues.length < this.styled * STYLE_VALUES) {
      const grown = new Float64Array(Math.max(1024, this.styled * 2) * STYLE_VALUES);
      grown.set(this.styleValues);
      this.styleValues = grown;
    }
    const at = row * STYLE_VALUES;
    for (let k = 0; k < 4; k++) {
      this.styleValues[at + k] = style.a[k]!;
      this.styleValues[at + 4 + k] = style.b[k]!;
    }
    return row;
  }

  private grow(): void {
    const size = this.modelA.length * 2;
    const grown = <A extends Int32Array | Uint8Array | Float64Array>(array: A): A => {
      const next = new (array.constructor as new (length: number) => A)(size);
      next.set(array);
      return next;
    };
    this.modelA = grown(this.modelA);
    this.modelB = grown(this.modelB);
    this.winners = grown(this.winners);
    this.times = grown(this.times);
    this.languages = grown(this.languages);
    this.categories = grown(this.categories);
    this.reasonNumbers = grown(this.reasonNumbers);
    this.styleRows = grown(this.styleRows);
  }
}

/** A text that names a list of strings (its length, then the strings, NUL-separated). */
function listKey(list: readonly string[]): string {
  return list.length === 0 ? "" : `${list.length}\u0000${list.join("\u0000")}`;
}

export class CountedVotes {
  private generation = 0;
  private loaded: { generation: number; votes: Promise<CountedVoteColumns>; at: number } | null = null;

  constructor(
    private readonly store: Pick<ArenaStore, "votePages">,
    /** The gate of the current tables; a fresh copy decides, so its counts start from nothing. */
    private readonly currentGate: () => VoteGate,
    /**
     * Reads again after this long even without a change heard of (servers sharing PostgreSQL hear
     * of each other's votes, not of each other's changes of reasons); undefined = never.
     */
    private readonly maxAgeMs?: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Changes with every invalidation: a cache key for anything computed from the counted votes. */
  get version(): number {
    return this.generation;
  }

  /** The stored votes or standings changed: the next question reads them again. */
  invalidate(): void {
    this.generation++;
    // Released at once: a busy arena must not hold a second copy of the votes between questions.
    this.loaded = null;
  }

  list(): Promise<CountedVoteColumns> {
    if (this.loaded && this.maxAgeMs !== undefined && this.now() - this.loaded.at > this.maxAgeMs) this.invalidate();
    if (this.loaded?.generation === this.generation) return this.loaded.votes;
    const generation = this.generation;
    const votes = this.read();
    this.loaded = { generation, votes, at: this.now() };
    // A failed read is not kept: the next question tries again.
    votes.catch(() => {
      if (this.loaded?.votes === votes) this.loaded = null;
    });
    return votes;
  }

  private async read(): Promise<CountedVoteColumns> {
    const gate = this.currentGate().fresh();
    const columns = new CountedVoteColumns();
    for await (const page of this.store.votePages()) {
      for (const vote of page) if (gate.admit(vote)) columns.add(vote);
    }
    return columns;
  }
}
