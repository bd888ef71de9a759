import { useDeferredValue } from "react";
import type { RatingMove, Side } from "@arena/shared/protocol";
import type { AnswerState } from "../hooks/useBattle.ts";
import { formatRatingDelta, formatRatingMove } from "../format.ts";
import { MarkdownAnswer } from "./MarkdownAnswer.tsx";

type AnswerColumnProps = {
  side: Side;
  answer: AnswerState;
  /** Set once a battle exists; before that the column shows a placeholder. */
  active: boolean;
  reveal: { model: string; elo: RatingMove } | null;
};

export function AnswerColumn({ side, answer, active, reveal }: AnswerColumnProps) {
  // Re-parsing the Markdown on every chunk is the costly part of streaming; deferring it lets React
  // skip intermediate texts when chunks come faster than it can render.
  const text = useDeferredValue(answer.text);
  const streaming = active && answer.status === "streaming";
  const label = side === "a" ? "Model A" : "Model B";

  return (
    <section className="answer-column" aria-labelledby={`answer-${side}-heading`}>
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
                Elo {formatRatingMove(reveal.elo)} ({formatRatingDelta(reveal.elo.after - reveal.elo.before)})
              </span>
            </>
          ) : (
            <span className="reveal__hidden">Hidden until you vote</span>
          )}
        </p>
      </header>
      <div
        className={`answer${streaming ? " answer--streaming" : ""}`}
        data-testid={`answer-${side}`}
        aria-busy={streaming}
      >
        {text === "" ? (
          active && answer.status === "streaming" ? (
            <p className="answer__waiting">
              <span className="cursor" aria-hidden="true" />
              <span className="visually-hidden">Waiting for {label}…</span>
            </p>
          ) : null
        ) : (
          <MarkdownAnswer text={text} />
        )}
        {answer.status === "failed" && <p className="answer__error">This answer failed: {answer.error}</p>}
      </div>
    </section>
  );
}
