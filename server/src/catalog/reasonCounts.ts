/**
 * How often each reason was credited to a model in its counted battles (positive: "won because",
 * negative: "lost because"), by language and category; computed from the counted votes and kept
 * per filter until they change.
 */
import type { ModelReasonsResponse, ReasonPolarity } from "@arena/shared/depth";
import type { LeaderboardFilter } from "@arena/shared/protocol";

import type { CountedVotes } from "../leaderboard/countedVotes.ts";
import { filterKey } from "../leaderboard/filters.ts";
import { LruCache } from "../leaderboard/timeTables.ts";
import type { Catalog } from "./catalog.ts";

type ModelCounts = { battles: number; withReasons: number; counts: Map<string, number> };
type FilterCounts = Map<string, ModelCounts>;

export class ReasonCounts {
  private readonly cache = new LruCache<Promise<FilterCounts>>(32);

  constructor(
    private readonly counted: CountedVotes,
    private readonly catalog: Catalog,
  ) {}

  async of(model: string, filter: Pick<LeaderboardFilter, "language" | "category">): Promise<ModelReasonsResponse> {
    const own = (await this.countsOf(filter)).get(model);
    const reasons: ModelReasonsResponse["reasons"] = [];
    for (const [id, count] of own?.counts ?? []) {
      reasons.push({ id, polarity: this.catalog.polarityOf(id) as ReasonPolarity, count });
    }
    reasons.sort((x, y) => y.count - x.count || x.id.localeCompare(y.id));
    return {
      model,
      language: filter.language ?? null,
      category: filter.category ?? null,
      battles: own?.battles ?? 0,
      withReasons: own?.withReasons ?? 0,
      reasons,
    };
  }

  private countsOf(filter: Pick<LeaderboardFilter, "language" | "category">): Promise<FilterCounts> {
    const key = `${this.counted.version}|${filterKey(filter)}`;
    let counts = this.cache.get(key);
    if (!counts) {
      counts = this.counted.list().then((votes) => {
        const byModel: FilterCounts = new Map();
        const of = (model: string) => {
          let own = byModel.get(model);
          if (!own) byModel.set(model, (own = { battles: 0, withReasons: 0, counts: new Map() }));
          return own;
        };
        const inFilter = votes.inFilter(filter);
        for (let vote = 0; vote < votes.length; vote++) {
          // A battle of a model against itself says nothing about it (as in the tables).
          if (votes.sameModels(vote) || !inFilter(vote)) continue;
          const models = { a: votes.modelAOf(vote), b: votes.modelBOf(vote) };
          of(models.a).battles++;
          of(models.b).battles++;
          const credited = { a: false, b: false };
          for (const { id, sides } of this.catalog.creditsOf(votes.winnerOf(vote), votes.reasonsOf(vote))) {
            for (const side of sides) {
              const own = of(models[side]);
              own.counts.set(id, (own.counts.get(id) ?? 0) + 1);
              credited[side] = true;
            }
          }
          if (credited.a) of(models.a).withReasons++;
          if (credited.b) of(models.b).withReasons++;
        }
        return byModel;
      });
      this.cache.set(key, counts);
      counts.catch(() => this.cache.delete(key));
    }
    return counts;
  }
}
