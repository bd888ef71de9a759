/**
 * How far a judge agrees with the people, as the judge panel tells it: the agreement figures with
 * their uncertainty, the model pairs where they disagree most, and the reasons not to trust a judge
 * yet. Pure, so it is tested without a browser; the words come from the interface language.
 */
import type { AgreementCount, JudgeSummary } from "@arena/shared/judges";

import { formatCount, formatPercent } from "./format.ts";
import { t } from "./i18n/translate.ts";

/**
 * Human–human agreement among MT-bench's experts (Zheng et al. 2023, table 2, first turn): what a
 * judge can at best be expected to reach, since people disagree with each other too.
 */
export const HUMAN_AGREEMENT = { withTies: 0.63, withoutTies: 0.81 } as const;

/** Below this many battles an agreement figure is too uncertain to lean on (its 95% interval spans ±14 points or more). */
export const FEW_BATTLES = 50;

/** A share of failed judgings above which the judged battles may no longer stand for all of them. */
export const MANY_FAILURES = 0.1;

/** The model pairs the panel lists as "where they disagree most". */
export const DISAGREEMENT_PAIRS = 5;

export type Interval = { lower: number; upper: number };

/**
 * The 95% Wilson score interval of an agreement ratio: unlike ratio ± 1.96·SE it stays within [0, 1]
 * and is honest for small counts (2 of 2 is not "100% ± 0"). Null when there is no battle.
 */
export function agreementInterval({ agree, total }: Pick<AgreementCount, "agree" | "total">): Interval | null {
  if (total <= 0) return null;
  const z = 1.959963984540054;
  const p = agree / total;
  const z2n = (z * z) / total;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / total + z2n / (4 * total))) / (1 + z2n);
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/** `66.7%`, or a dash when there is no battle to agree on. */
export function formatAgreementRatio(count: AgreementCount): string {
  return count.ratio === null || count.total === 0 ? "—" : formatPercent(count.ratio);
}

/** `2 of 3 battles`: what the ratio stands on. */
export function formatAgreementCount(count: AgreementCount): string {
  return t("judges.agreeOf", { agree: formatCount(count.agree), total: formatCount(count.total), count: count.total });
}

/** `95% interval 21%–94%`, or null when there is no battle. */
export function formatAgreementInterval(count: AgreementCount): string | null {
  const interval = agreementInterval(count);
  if (!interval) return null;
  return t("judges.interval", { lower: formatPercent(interval.lower, 0), upper: formatPercent(interval.upper, 0) });
}

export type DisagreementPair = JudgeSummary["pairs"][number];

/**
 * The pairs where judge and people agree least, at most `limit`: pairs without a shared battle are
 * left out; the lowest ratio first and, at equal ratios, the pair with more battles (the firmer
 * finding), then by name so the list does not reshuffle between refreshes.
 */
export function disagreementPairs(pairs: readonly DisagreementPair[], limit = DISAGREEMENT_PAIRS): DisagreementPair[] {
  return pairs
    .filter((pair) => pair.withTies.total > 0 && pair.withTies.ratio !== null)
    .sort(
      (x, y) =>
        x.withTies.ratio! - y.withTies.ratio! ||
        y.withTies.total - x.withTies.total ||
        x.modelA.localeCompare(y.modelA) ||
        x.modelB.localeCompare(y.modelB),
    )
    .slice(0, limit);
}

/** Why a judge's figures should not be trusted (yet); the panel says each in words, not in colour. */
export type TrustWarning =
  | { kind: "noBattles" }
  | { kind: "fewBattles"; total: number }
  | { kind: "manyFailures"; failed: number; share: number }
  | { kind: "belowPeople"; upper: number }
  | { kind: "pending"; pending: number };

/**
 * What the reader should know before leaning on a judge: no shared battle yet; too few to tell; many
 * failed judgings (the failures may be the hard battles, so the rest flatter the judge); agreement
 * whose whole 95% interval lies below the people's agreement among themselves; battles still queued.
 */
export function trustWarnings(judge: JudgeSummary): TrustWarning[] {
  const warnings: TrustWarning[] = [];
  const { withTies } = judge.counts;
  if (withTies.total === 0) warnings.push({ kind: "noBattles" });
  else if (withTies.total < FEW_BATTLES) warnings.push({ kind: "fewBattles", total: withTies.total });
  const attempted = judge.judged + judge.failed;
  if (attempted > 0 && judge.failed / attempted >= MANY_FAILURES) {
    warnings.push({ kind: "manyFailures", failed: judge.failed, share: judge.failed / attempted });
  }
  const interval = agreementInterval(withTies);
  if (interval && interval.upper < HUMAN_AGREEMENT.withTies)
    warnings.push({ kind: "belowPeople", upper: interval.upper });
  if (judge.pending > 0) warnings.push({ kind: "pending", pending: judge.pending });
  return warnings;
}

/** A warning in words. */
export function describeWarning(warning: TrustWarning): string {
  switch (warning.kind) {
    case "noBattles":
      return t("judges.warnings.noBattles");
    case "fewBattles":
      return t("judges.warnings.fewBattles", { total: formatCount(warning.total), minimum: formatCount(FEW_BATTLES) });
    case "manyFailures":
      return t("judges.warnings.manyFailures", {
        failed: formatCount(warning.failed),
        share: formatPercent(warning.share, 0),
      });
    case "belowPeople":
      return t("judges.warnings.belowPeople", {
        upper: formatPercent(warning.upper, 0),
        people: formatPercent(HUMAN_AGREEMENT.withTies, 0),
      });
    case "pending":
      return t("judges.warnings.pending", { pending: formatCount(warning.pending), count: warning.pending });
  }
}
