import type { StyleCoefficients } from "@arena/shared/protocol";

import { formatOddsFactor, oddsFactor } from "../format.ts";
import { useT } from "../i18n/index.ts";

const FEATURES = ["length", "headers", "lists", "bold"] as const;

/**
 * What style control found, in words: for each style feature, how one standard deviation more of
 * it than the rival's answer changes the odds of winning (e^γ), everything else equal.
 */
export function StylePanel({ coefficients }: { coefficients: StyleCoefficients }) {
  const { t } = useT();
  return (
    <section className="style-panel" data-testid="style-coefficients" aria-labelledby="style-panel-heading">
      <h2 id="style-panel-heading">{t("style.panelHeading")}</h2>
      <p>{t("style.panelLead")}</p>
      <dl>
        {FEATURES.map((feature) => (
          <div key={feature} className="style-panel__item" data-feature={feature}>
            <dt>{t(`style.features.${feature}`)}</dt>
            <dd>{describeEffect(coefficients[feature], t)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function describeEffect(coefficient: number, t: ReturnType<typeof useT>["t"]): string {
  // Exactly 0 only for a feature that never varies: the fit leaves it out.
  if (coefficient === 0) return t("style.constant");
  const factor = oddsFactor(coefficient);
  if (Math.round(factor * 100) === 100) return t("style.neutral");
  const shown = formatOddsFactor(factor);
  return factor > 1 ? t("style.raises", { factor: shown }) : t("style.lowers", { factor: shown });
}
