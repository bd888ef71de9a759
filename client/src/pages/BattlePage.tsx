import type { Side } from "@arena/shared/protocol";
import { lazy, Suspense } from "react";

import { AnswerColumn } from "../components/AnswerColumn.tsx";
import { BattlePromptCard } from "../components/BattlePromptCard.tsx";
import { BattleVoteBar } from "../components/BattleVoteBar.tsx";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { FollowUpComposer } from "../components/FollowUpComposer.tsx";
import { OwnPromptComposer } from "../components/OwnPromptComposer.tsx";
import { useBattlePage } from "../hooks/useBattlePage.ts";
import { useT } from "../i18n/index.ts";

// The optional "why?" step after a vote, in its own chunk: the first load does not carry it.
const ReasonPicker = lazy(() => import("../components/ReasonPicker.tsx"));

type BattlePageProps = {
  /** False while another page is shown: the battle is kept, but its shortcuts are off. */
  visible: boolean;
};

// Not the protocol's SIDES: importing a value from the protocol module would also bundle the zod
// schemas built beside it, which the page never uses.
const columns: readonly Side[] = ["a", "b"];

/** The battle page's layout; what it shows and does is useBattlePage's. */
export function BattlePage({ visible }: BattlePageProps) {
  const { t } = useT();
  const { battle, view, newBattle, startOwn, promptCardRef, ownPromptRef, newBattleRef } = useBattlePage(visible);
  const { dismissError } = battle;

  const ownPrompt = view.showOwnPrompt && (
    <OwnPromptComposer
      startsHere={view.startsHere}
      busy={view.ownPromptBusy}
      ready={!battle.starting}
      onSubmit={startOwn}
      error={view.ownPromptError}
      onDismissError={dismissError}
      inputRef={ownPromptRef}
    />
  );

  return (
    <main className="page battle-page" hidden={!visible}>
      <h1 className="visually-hidden">{t("battle.heading")}</h1>

      <BattlePromptCard
        battle={battle.battle}
        starting={battle.starting}
        turnCount={battle.turns.length}
        maxTurns={view.maxTurns}
        // Without a pool the page has nothing to show until the voter asks: the prompt box takes the
        // prompt card's place, and moves down below the answers once a battle runs.
        composer={view.startsHere ? ownPrompt : null}
        cardRef={promptCardRef}
      />

      <ErrorAlert error={view.pageError} onDismiss={dismissError} />

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

      {view.showFollowUp && (
        <FollowUpComposer
          busy={battle.sendingFollowUp}
          ready={battle.canContinue}
          nextTurn={view.nextTurn}
          maxTurns={view.maxTurns}
          onSubmit={battle.continueBattle}
          error={view.followUpError}
          onDismissError={dismissError}
        />
      )}
      {view.showTurnLimit && (
        <p className="notice turn-limit" role="status">
          {t("battle.turnLimit", { count: battle.turns.length })}
        </p>
      )}

      <BattleVoteBar
        canVote={battle.canVote}
        verdict={battle.verdict}
        onVote={battle.vote}
        onNewBattle={newBattle}
        newBattleDisabled={view.newBattleDisabled}
        newBattleRef={newBattleRef}
        status={view.status}
        statusFailed={view.statusFailed}
      />

      {battle.result && battle.verdict && battle.battle && (
        <Suspense fallback={null}>
          <ReasonPicker
            key={battle.battle.battleId}
            battleId={battle.battle.battleId}
            winner={battle.verdict}
            models={battle.result.models}
          />
        </Suspense>
      )}

      {!view.startsHere && ownPrompt}
    </main>
  );
}
