/**
 * Vote reasons as the pages group them. On the battle page: after a verdict, which reasons are
 * offered for which answer (positive ones for the chosen answer, negative ones for the other; for
 * "both bad" negative ones for both; for a tie both kinds, about both). On a model's page: its
 * counts split into "won because" and "lost because", most frequent first.
 */
import type { ModelReasonsResponse, ReasonLanguage, ReasonPolarity, ReasonsResponse } from "@arena/shared/depth";
import type { Winner } from "@arena/shared/protocol";

export type { ReasonPolarity };

/** One reason of `GET /api/reasons`, its label already in the page's language. */
export type ReasonOption = { id: string; polarity: ReasonPolarity; label: string };

/**
 * The reasons of `GET /api/reasons` with their labels in `language` (the server's `label`, English,
 * where the operator gave none in that language).
 */
export function localizeReasons(response: ReasonsResponse, language: ReasonLanguage): ReasonOption[] {
  return response.reasons.map((reason) => ({
    id: reason.id,
    polarity: reason.polarity,
    label: reason.labels[language] || reason.label,
  }));
}

/** Which answer a group of reasons is about: one side, or both at once. */
export type ReasonTarget = "a" | "b" | "both";

export type ReasonGroup = { target: ReasonTarget; polarity: ReasonPolarity; reasons: ReasonOption[] };

/** The groups of reasons to offer after `winner`, in the order they are shown. */
export function reasonGroupsFor(winner: Winner, reasons: readonly ReasonOption[]): ReasonGroup[] {
  const of = (polarity: ReasonPolarity) => reasons.filter((reason) => reason.polarity === polarity);
  const groups: ReasonGroup[] =
    winner === "a"
      ? [
          { target: "a", polarity: "positive", reasons: of("positive") },
          { target: "b", polarity: "negative", reasons: of("negative") },
        ]
      : winner === "b"
        ? [
            { target: "b", polarity: "positive", reasons: of("positive") },
            { target: "a", polarity: "negative", reasons: of("negative") },
          ]
        : winner === "bothbad"
          ? [{ target: "both", polarity: "negative", reasons: of("negative") }]
          : [
              { target: "both", polarity: "positive", reasons: of("positive") },
              { target: "both", polarity: "negative", reasons: of("negative") },
            ];
  return groups.filter((group) => group.reasons.length > 0);
}

/**
 * `selected` with `id` added or removed, in the order of `reasons` (so the same ticks always send
 * the same list, whatever order they were ticked in).
 */
export function toggleReason(selected: readonly string[], id: string, reasons: readonly ReasonOption[]): string[] {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return reasons.map((reason) => reason.id).filter((reasonId) => next.has(reasonId));
}

/** A model's count for one reason, as `GET /api/models/<id>/reasons` answers. */
export type ReasonCount = ModelReasonsResponse["reasons"][number];

export type CountedReason = {
  id: string;
  label: string;
  count: number;
  /** Share of the model's battles in the table that gave this reason, 0–1; null without battles. */
  share: number | null;
};

export type ModelReasonGroups = { won: CountedReason[]; lost: CountedReason[] };

/**
 * A model's reason counts as "won because" (positive) and "lost because" (negative), most frequent
 * first (then by label), reasons never given left out. A reason the arena no longer offers keeps its
 * id as its label, so old votes still show.
 */
export function groupModelReasons(
  counts: readonly ReasonCount[],
  reasons: readonly ReasonOption[],
  battles: number,
): ModelReasonGroups {
  const labels = new Map(reasons.map((reason) => [reason.id, reason.label]));
  const sortedOf = (polarity: ReasonPolarity) =>
    counts
      .filter((entry) => entry.polarity === polarity && entry.count > 0)
      .map((entry) => ({
        id: entry.id,
        label: labels.get(entry.id) ?? entry.id,
        count: entry.count,
        share: battles > 0 ? entry.count / battles : null,
      }))
      .sort((x, y) => y.count - x.count || x.label.localeCompare(y.label));
  return { won: sortedOf("positive"), lost: sortedOf("negative") };
}
