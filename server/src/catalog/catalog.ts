/**
 * What the operator says about the models (the models file's `catalog`) and the reasons voters may
 * give: each model's lifecycle (paused and archived ones are never drawn; archived ones stay on the
 * board, marked) and how a vote's reasons are credited to its two models.
 */
import type {
  CatalogEntry,
  LifecycleStatus,
  ReasonDefinition,
  ReasonInfo,
  ReasonLanguage,
  ReasonPolarity,
} from "@arena/shared/depth";
import type { Winner } from "@arena/shared/protocol";

import { ArenaError } from "../errors.ts";

export class Catalog {
  private readonly reasonsById: ReadonlyMap<string, ReasonDefinition>;

  constructor(
    private readonly entries: Readonly<Record<string, CatalogEntry>>,
    readonly reasons: readonly ReasonDefinition[],
  ) {
    this.reasonsById = new Map(reasons.map((reason) => [reason.id, reason]));
  }

  /** The models the catalogue names (each must be a model of the arena; see unknownModels). */
  get models(): string[] {
    return Object.keys(this.entries);
  }

  entryOf(model: string): CatalogEntry {
    return Object.hasOwn(this.entries, model) ? this.entries[model]! : {};
  }

  statusOf(model: string): LifecycleStatus {
    return this.entryOf(model).status ?? "active";
  }

  /** Whether battles may draw this model (paused and archived ones are never drawn). */
  isDrawn(model: string): boolean {
    return this.statusOf(model) === "active";
  }

  /** Catalogue keys that name none of `known` (a configuration error). */
  unknownModels(known: ReadonlySet<string>): string[] {
    return this.models.filter((model) => !known.has(model));
  }

  /** The reasons as `GET /api/reasons` lists them, `label` in `language`. */
  describeReasons(language: ReasonLanguage = "en"): ReasonInfo[] {
    return this.reasons.map(({ id, polarity, labels }) => {
      const all = { en: labels.en, fr: labels.fr ?? labels.en, zh: labels.zh ?? labels.en };
      return { id, polarity, label: all[language], labels: all };
    });
  }

  polarityOf(reasonId: string): ReasonPolarity | undefined {
    return this.reasonsById.get(reasonId)?.polarity;
  }

  /** Refuses (invalid_payload) a list naming a reason this arena does not define. */
  assertKnownReasons(reasons: readonly string[]): void {
    const unknown = reasons.filter((id) => !this.reasonsById.has(id));
    if (unknown.length > 0) {
      throw new ArenaError(
        "invalid_payload",
        `reasons: unknown reason ${unknown.map((id) => `"${id}"`).join(", ")} (see GET /api/reasons)`,
      );
    }
  }

  /**
   * Which side each reason is credited to: positive ones to the chosen answer, negative ones to
   * the other; after "bothbad" negatives to both (positives to neither); after "tie" every reason
   * to both. Reasons this arena no longer defines are credited to no one.
   */
  creditsOf(
    winner: Winner,
    reasons: readonly string[],
  ): Array<{ id: string; polarity: ReasonPolarity; sides: Array<"a" | "b"> }> {
    return reasons.flatMap((id) => {
      const polarity = this.polarityOf(id);
      if (polarity === undefined) return [];
      return [{ id, polarity, sides: creditedSides(winner, polarity) }];
    });
  }
}

function creditedSides(winner: Winner, polarity: ReasonPolarity): Array<"a" | "b"> {
  switch (winner) {
    case "a":
      return polarity === "positive" ? ["a"] : ["b"];
    case "b":
      return polarity === "positive" ? ["b"] : ["a"];
    case "tie":
      return ["a", "b"];
    case "bothbad":
      return polarity === "negative" ? ["a", "b"] : [];
  }
}
