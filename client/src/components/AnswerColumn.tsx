import type { RatingMove, Side } from "@arena/shared/protocol";
import { type CSSProperties, memo, useDeferredValue, useEffect } from "react";

import { formatRatingDelta, formatRatingMove } from "../format.ts";
import type { AnswerState, Turn } from "../hooks/battleReducer.ts";
import { useT } from "../i18n/index.ts";
import { AnswerText, preloadAnswerText } from "./AnswerText.tsx";

type AnswerColumnProps = {
  side: Side;
  turns: Turn[];
  /** Set once a battle exists; before that the column shows a placeholder. */
  active: boolean;
  reveal: { model: string; elo: RatingMove } | null;
};

export function AnswerColumn({ side, turns, active, reveal }: AnswerColumnProps) {
  const { t } = useT();
  const label = side === "a" ? t("battle.modelA") : t("battle.modelB");
  const streaming = active && turns.some((turn) => turn.answers[side].status === "streaming");
  // On wide screens both columns share one grid whose rows are the turns (CSS subgrid), so each
  // follow-up starts at the same height in both columns however long the previous answers were.
  const rows = Math.max(1, turns.length);
  const columnStyle = { "--turn-rows": rows, "--column-rows": rows + 1 } as CSSProperties;
  // The Markdown renderer is fetched while the first battle starts, not when its first chunk arrives.
  useEffect(preloadAnswerText, []);

  return (
    // A tab stop of its own (prompt → answer A → answer B → votes), so keyboard readers can reach it,
    // and scroll through it, before voting.
    <section className="answer-column" aria-labelledby={`answer-${side}-heading`} style={columnStyle} tabIndex={0}>
      <header className="answer-column__header">
        <h2 id={`answer-${side}-heading`}>{label}</h2>
        {/* The line is always there, so the reveal does not push the answers down. */}
        <p className="reveal">
          {reveal ? (
            <>
              {/* The hook holds the bare model id, so tests can compare it with /api/models. */}
              <span className="reveal__model" data-testid={`reveal-${side}`}>
                {reveal.model}
              </span>{" "}
              <span className="reveal__elo">
                {t("battle.elo", {
                  move: formatRatingMove(reveal.elo),
                  delta: formatRatingDelta(reveal.elo.after - reveal.elo.before),
                })}
              </span>
            </>
          ) : (
            <span className="reveal__hidden">{t("battle.hiddenUntilVote")}</span>
          )}
        </p>
      </header>
      <div className="answer" data-testid={`answer-${side}`} aria-busy={streaming}>
        {turns.length === 0 ? (
          <div className="answer-turn" />
        ) : (
          turns.map((turn, index) => (
            <TurnAnswer
              key={index}
              number={index + 1}
              // The first prompt is in the prompt card above both columns.
              prompt={index === 0 ? null : turn.prompt}
              answer={turn.answers[side]}
              label={label}
              active={active}
            />
          ))
        )}
      </div>
    </section>
  );
}

type TurnAnswerProps = {
  number: number;
  prompt: string | null;
  answer: AnswerState;
  label: string;
  active: boolean;
};

/**
 * One turn's answer. Memoised: a chunk changes only the streaming turn's `answer` object, so the
 * finished turns above it are not rendered (nor their Markdown parsed) again.
 */
const TurnAnswer = memo(function TurnAnswer({ number, prompt, answer, label, active }: TurnAnswerProps) {
  // Re-parsing the Markdown on every chunk is the costly part of streaming; deferring it lets React
  // skip intermediate texts when chunks come faster than it can render.
  const { t } = useT();
  const text = useDeferredValue(answer.text);
  const streaming = active && answer.status === "streaming";

  return (
    <div className={`answer-turn${streaming ? " answer-turn--streaming" : ""}`}>
      {number > 1 && (
        <div className="answer-turn__prompt">
          <p className="answer-turn__label">{t("battle.followUpTurn", { turn: number })}</p>
          {prompt !== null && <p className="answer-turn__prompt-text">{prompt}</p>}
        </div>
      )}
      {text === "" ? (
        streaming && (
          <p className="answer__waiting">
            <span className="cursor" aria-hidden="true" />
            <span className="visually-hidden">{t("battle.waitingFor", { label })}</span>
          </p>
        )
      ) : (
        <AnswerText text={text} />
      )}
      {answer.status === "failed" && (
        <p className="answer-turn__failure">
          <strong>{t("battle.couldNotAnswer", { label })}</strong> {answer.error ?? t("battle.stoppedWithError")}
        </p>
      )}
    </div>
  );
});
