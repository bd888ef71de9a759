import { useEffect, useRef } from "react";
import type { Side } from "@arena/shared/protocol";
import { AnswerColumn } from "../components/AnswerColumn.tsx";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { PromptForm } from "../components/PromptForm.tsx";
import { VoteButtons, voteOptions } from "../components/VoteButtons.tsx";
import { languageName } from "../format.ts";
import { useBattle, type BattleController } from "../hooks/useBattle.ts";
import { useKeyboardShortcuts, type ShortcutMap } from "../hooks/useKeyboardShortcuts.ts";
import { socket } from "../socket.ts";

type BattlePageProps = {
  /** False while another page is shown: the battle is kept, but its shortcuts are off. */
  visible: boolean;
};

// Not the protocol's SIDES: importing a value from the protocol module would also bundle the zod
// schemas built beside it, which the page never uses.
const columns: readonly Side[] = ["a", "b"];

export function BattlePage({ visible }: BattlePageProps) {
  const battle = useBattle();
  const { start, vote } = battle;

  // Exactly one battle per page load: the ref survives StrictMode's rehearsal unmount, so
  // development does not start (and abandon) a second one.
  const startedRef = useRef(false);
  useEffect(() => {
    if (startedRef.current) return;
    startedRef.current = true;
    void start();
  }, [start]);

  // A start that failed while the server was away is retried once the socket is back.
  const needsRetryRef = useRef(false);
  useEffect(() => {
    needsRetryRef.current = battle.battle === null && !battle.starting && battle.error !== null;
  });
  useEffect(() => {
    const onConnect = () => {
      if (needsRetryRef.current) void start();
    };
    socket.on("connect", onConnect);
    return () => {
      socket.off("connect", onConnect);
    };
  }, [start]);

  const shortcuts: ShortcutMap = { n: () => void start() };
  for (const option of voteOptions) shortcuts[option.shortcut] = () => vote(option.winner);
  useKeyboardShortcuts(shortcuts, visible);

  const noLiveModels = battle.error?.code === "no_live_models";

  return (
    <main className="page battle-page" hidden={!visible}>
      <h1 className="visually-hidden">Battle</h1>

      <section className="prompt-card" aria-label="Prompt">
        <p className="prompt-card__meta">
          Prompt
          {battle.battle && <> · {languageName(battle.battle.language)}</>}
          {battle.battle?.category && <> · {battle.battle.category}</>}
        </p>
        {battle.battle ? (
          <p className="prompt-card__text" data-testid="battle-prompt">
            {battle.battle.prompt}
          </p>
        ) : (
          <p className="prompt-card__text prompt-card__text--placeholder">
            {battle.starting ? "Picking a prompt…" : "No battle yet."}
          </p>
        )}
      </section>

      {/* no_live_models has its own friendly note beside the prompt form. */}
      <ErrorAlert error={noLiveModels ? null : battle.error} onDismiss={battle.dismissError} />

      <div className="answers">
        {columns.map((side) => (
          <AnswerColumn
            key={side}
            side={side}
            answer={battle.answers[side]}
            active={battle.battle !== null}
            reveal={battle.result && { model: battle.result.models[side], elo: battle.result.elo[side] }}
          />
        ))}
      </div>

      <div className="vote-bar">
        <VoteButtons enabled={battle.canVote} chosen={battle.verdict} onVote={vote} />
        <button
          type="button"
          className="button button--primary new-battle"
          data-testid="new-battle"
          aria-keyshortcuts="N"
          disabled={battle.starting && battle.battle === null}
          onClick={() => void start()}
        >
          New battle <kbd>N</kbd>
        </button>
      </div>
      <p className="battle-status" role="status" aria-live="polite">
        {describeStatus(battle)}
      </p>

      <PromptForm busy={battle.starting} onSubmit={start} noLiveModels={noLiveModels} />
    </main>
  );
}

/** One sentence on what the page is waiting for, announced politely to screen readers. */
function describeStatus(battle: BattleController): string {
  if (battle.starting && battle.battle === null) return "Starting a battle…";
  if (battle.battle === null) return battle.error ? "No battle is running. Press “New battle” to try again." : "";
  const { a, b } = battle.answers;
  if (battle.result) {
    const verdict = voteOptions.find((option) => option.winner === battle.verdict)?.label ?? "your verdict";
    return `Thanks for voting “${verdict}”. Model A was ${battle.result.models.a}, Model B was ${battle.result.models.b}.`;
  }
  if (battle.voting) return "Sending your vote…";
  if (a.status === "failed" || b.status === "failed") {
    return "One answer failed, so this battle cannot be judged. Start a new battle.";
  }
  if (battle.canVote) return "Which answer is better? Vote to reveal the models.";
  return "The models are answering…";
}
