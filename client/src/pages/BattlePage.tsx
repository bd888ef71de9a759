import { useEffect, useRef, useState } from "react";
import type { Side } from "@arena/shared/protocol";
import { AnswerColumn } from "../components/AnswerColumn.tsx";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { PromptComposer } from "../components/PromptComposer.tsx";
import { VoteButtons, voteOptions } from "../components/VoteButtons.tsx";
import { MAX_TURNS } from "@arena/shared/limits";
import { categoryName, languageName } from "../format.ts";
import { useBattle, type BattleController } from "../hooks/useBattle.ts";
import { useKeyboardShortcuts, type ShortcutMap } from "../hooks/useKeyboardShortcuts.ts";
import { useLivePrompts } from "../hooks/useLivePrompts.ts";
import { socket } from "../socket.ts";
import { useT, type Translate } from "../i18n/index.ts";

type BattlePageProps = {
  /** False while another page is shown: the battle is kept, but its shortcuts are off. */
  visible: boolean;
};

// Not the protocol's SIDES: importing a value from the protocol module would also bundle the zod
// schemas built beside it, which the page never uses.
const columns: readonly Side[] = ["a", "b"];

function prefersReducedMotion(): boolean {
  return window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
}

/** Whether the voter is in the middle of typing something, which a focus move would interrupt. */
function isTypingText(): boolean {
  const active = document.activeElement;
  return (active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement) && active.value !== "";
}

export function BattlePage({ visible }: BattlePageProps) {
  const { t } = useT();
  const battle = useBattle();
  const { start, vote, reset, continueBattle, dismissError } = battle;
  const { livePrompts, refresh: refreshLivePrompts } = useLivePrompts();
  const promptCardRef = useRef<HTMLElement>(null);
  const ownPromptRef = useRef<HTMLTextAreaElement>(null);
  const newBattleRef = useRef<HTMLButtonElement>(null);

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
    needsRetryRef.current = battle.battle === null && !battle.starting && battle.error?.origin === "start";
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

  const errorCode = battle.error?.code;
  // An arena of live models only has no pool to draw from: its battles start from the voter's prompt.
  const [poolEmpty, setPoolEmpty] = useState(false);
  useEffect(() => {
    if (errorCode === "no_prompts") setPoolEmpty(true);
    // The server's live models went away since the page asked: stop offering the prompt box.
    if (errorCode === "no_live_models") refreshLivePrompts();
  }, [errorCode, refreshLivePrompts]);

  const showOwnPrompt = livePrompts === true;
  // Set by "New battle" in an arena without a pool: the prompt box moves to the top, and is focused
  // once it is there.
  const [ownPromptFocusRequest, setOwnPromptFocusRequest] = useState(0);
  useEffect(() => {
    if (ownPromptFocusRequest > 0) ownPromptRef.current?.focus();
  }, [ownPromptFocusRequest]);
  const newBattle = () => {
    if (poolEmpty && showOwnPrompt) {
      reset();
      setOwnPromptFocusRequest((count) => count + 1);
    } else {
      void start();
    }
  };

  const startOwn = async (prompt: string) => {
    const started = await start(prompt);
    // The box is at the bottom of the page; the new battle begins at the top.
    if (started) promptCardRef.current?.scrollIntoView({ behavior: prefersReducedMotion() ? "auto" : "smooth" });
    return started;
  };

  // A failed side ends the battle: the next step is a new one, so that is where the focus goes.
  useEffect(() => {
    if (battle.failed && visible && !isTypingText()) newBattleRef.current?.focus();
  }, [battle.failed, visible]);

  const shortcuts: ShortcutMap = { n: newBattle };
  for (const option of voteOptions) shortcuts[option.shortcut] = () => vote(option.winner);
  useKeyboardShortcuts(shortcuts, visible);

  const { error } = battle;
  const errorFor = (origin: "own-prompt" | "follow-up") => (error?.origin === origin ? error : null);
  // Refusals of a prompt box show beside it; the rest (and those of a box that is gone) up here.
  const pageError =
    error === null ||
    error.origin === "follow-up" ||
    (error.origin === "own-prompt" && showOwnPrompt) ||
    // (While /api/models has not answered, an arena without a pool is probably one of own prompts.)
    (error.code === "no_prompts" && livePrompts !== false && battle.battle === null)
      ? null
      : error;

  // Without a pool the page has nothing to show until the voter asks: the prompt box takes the
  // prompt card's place, and moves down below the answers once a battle runs.
  const startsHere = poolEmpty && showOwnPrompt && battle.battle === null;
  const ownPrompt = showOwnPrompt && (
    <PromptComposer
      className={startsHere ? "prompt-form--start" : "prompt-form--own"}
      label={startsHere ? t("battle.askAnything") : t("battle.askOwn")}
      placeholder={t("battle.promptPlaceholder")}
      testId="prompt-input"
      sendLabel={t("battle.send")}
      busy={battle.starting && (battle.battle !== null || startsHere)}
      ready={!battle.starting}
      onSubmit={startOwn}
      hint={startsHere ? "" : t("battle.startsNew")}
      error={errorFor("own-prompt")}
      onDismissError={dismissError}
      inputRef={ownPromptRef}
    />
  );

  const live = battle.battle?.mode === "live";
  const showFollowUp = live && battle.result === null && !battle.failed && !battle.atTurnLimit;
  const nextTurn = battle.turns.length + 1;

  return (
    <main className="page battle-page" hidden={!visible}>
      <h1 className="visually-hidden">{t("battle.heading")}</h1>

      {startsHere ? (
        <section className="prompt-card" aria-label={t("battle.yourPrompt")} ref={promptCardRef}>
          {ownPrompt}
        </section>
      ) : (
        <section className="prompt-card" aria-label={t("battle.prompt")} ref={promptCardRef}>
          <p className="prompt-card__meta">
            {live ? t("battle.yourPrompt") : t("battle.prompt")}
            {battle.battle && <> · {languageName(battle.battle.language)}</>}
            {battle.battle?.category && <> · {categoryName(battle.battle.category)}</>}
            {live && battle.turns.length > 1 && (
              <>
                {" "}
                · {t("battle.turnsOf", { count: battle.turns.length, max: battle.battle?.maxTurns ?? MAX_TURNS })}
              </>
            )}
          </p>
          {battle.battle ? (
            // Focusable: a long prompt scrolls in its box, and keyboard readers go prompt → answers → votes.
            <p className="prompt-card__text" data-testid="battle-prompt" tabIndex={0}>
              {battle.battle.prompt}
            </p>
          ) : (
            <p className="prompt-card__text prompt-card__text--placeholder">
              {battle.starting ? t("battle.pickingPrompt") : t("battle.noBattle")}
            </p>
          )}
        </section>
      )}

      <ErrorAlert error={pageError} onDismiss={dismissError} />

      <div className={battle.turns.length > 1 ? "answers answers--conversation" : "answers"}>
        {columns.map((side) => (
          <AnswerColumn
            key={side}
            side={side}
            turns={battle.turns}
            active={battle.battle !== null}
            reveal={battle.result && { model: battle.result.models[side], elo: battle.result.elo[side] }}
          />
        ))}
      </div>

      {showFollowUp && (
        <PromptComposer
          className="prompt-form--follow-up"
          label={t("battle.followUp")}
          placeholder={t("battle.followUpPlaceholder")}
          testId="follow-up-input"
          sendLabel={t("battle.ask")}
          busy={battle.sendingFollowUp}
          ready={battle.canContinue}
          onSubmit={continueBattle}
          hint={
            battle.canContinue
              ? t("battle.turnOf", { turn: nextTurn, max: battle.battle?.maxTurns ?? MAX_TURNS })
              : t("battle.sendWhenFinished")
          }
          error={errorFor("follow-up")}
          onDismissError={dismissError}
        />
      )}
      {live && battle.result === null && !battle.failed && battle.atTurnLimit && (
        <p className="notice turn-limit" role="status">
          {t("battle.turnLimit", { count: battle.turns.length })}
        </p>
      )}

      <div className="vote-bar">
        <VoteButtons enabled={battle.canVote} chosen={battle.verdict} onVote={vote} />
        <button
          type="button"
          ref={newBattleRef}
          className="button button--primary new-battle"
          data-testid="new-battle"
          aria-keyshortcuts="N"
          disabled={battle.starting && battle.battle === null}
          onClick={newBattle}
        >
          {t("battle.newBattle")} <kbd aria-hidden="true">N</kbd>
        </button>
      </div>
      <p
        className={`battle-status${battle.failed && battle.result === null ? " battle-status--failed" : ""}`}
        role="status"
        aria-live="polite"
      >
        {describeStatus(battle, poolEmpty && showOwnPrompt, t)}
      </p>

      {!startsHere && ownPrompt}
    </main>
  );
}

/** One sentence on what the page is waiting for, announced politely to screen readers. */
function describeStatus(battle: BattleController, ownPromptsOnly: boolean, t: Translate): string {
  if (battle.starting && battle.battle === null) return t("battle.status.starting");
  if (battle.battle === null) {
    if (ownPromptsOnly) return "";
    return battle.error ? t("battle.status.noBattle") : "";
  }
  if (battle.result) {
    const verdict = battle.verdict ? t(`vote.${battle.verdict}`) : t("battle.status.yourVerdict");
    return t("battle.status.thanks", { verdict, a: battle.result.models.a, b: battle.result.models.b });
  }
  if (battle.voting) return t("battle.status.sendingVote");
  if (battle.failed) return t("battle.status.failed");
  if (battle.canVote) {
    return battle.battle.mode === "live" && battle.turns.length > 1
      ? t("battle.status.voteConversation")
      : t("battle.status.vote");
  }
  return t("battle.status.answering");
}
