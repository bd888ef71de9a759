import type { BattleStarted } from "@arena/shared/protocol";
import type { ReactNode, Ref } from "react";

import { categoryName, languageName } from "../format.ts";
import { useT } from "../i18n/index.ts";

type BattlePromptCardProps = {
  battle: BattleStarted | null;
  starting: boolean;
  /** Turns so far: a live battle past its first says "turn 2 of 10". */
  turnCount: number;
  maxTurns: number;
  /** In an arena without a pool, before its first battle, the prompt box stands in the card's place. */
  composer: ReactNode | null;
  cardRef: Ref<HTMLElement>;
};

/** The top of the battle page: the prompt both models answer, with its language and category. */
export function BattlePromptCard({ battle, starting, turnCount, maxTurns, composer, cardRef }: BattlePromptCardProps) {
  const { t } = useT();
  if (composer !== null) {
    return (
      <section className="prompt-card" aria-label={t("battle.yourPrompt")} ref={cardRef}>
        {composer}
      </section>
    );
  }
  const live = battle?.mode === "live";
  return (
    <section className="prompt-card" aria-label={t("battle.prompt")} ref={cardRef}>
      <p className="prompt-card__meta">
        {live ? t("battle.yourPrompt") : t("battle.prompt")}
        {battle && <> · {languageName(battle.language)}</>}
        {battle?.category && <> · {categoryName(battle.category)}</>}
        {live && turnCount > 1 && <> · {t("battle.turnsOf", { count: turnCount, max: maxTurns })}</>}
      </p>
      {battle ? (
        // Focusable: a long prompt scrolls in its box, and keyboard readers go prompt → answers → votes.
        <p className="prompt-card__text" data-testid="battle-prompt" tabIndex={0}>
          {battle.prompt}
        </p>
      ) : (
        <p className="prompt-card__text prompt-card__text--placeholder">
          {starting ? t("battle.pickingPrompt") : t("battle.noBattle")}
        </p>
      )}
    </section>
  );
}
