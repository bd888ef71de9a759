import { useT } from "../i18n/index.ts";
import { PromptComposer } from "./PromptComposer.tsx";

type FollowUpComposerProps = {
  /** The follow-up was sent and not yet acknowledged. */
  busy: boolean;
  /** Both answers of the last turn are in: a follow-up can go now. */
  ready: boolean;
  nextTurn: number;
  maxTurns: number;
  onSubmit: (prompt: string) => Promise<boolean>;
  error: { code: string; message: string } | null;
  onDismissError: () => void;
};

/** The box under a live battle's answers that asks both models a follow-up. */
export function FollowUpComposer({
  busy,
  ready,
  nextTurn,
  maxTurns,
  onSubmit,
  error,
  onDismissError,
}: FollowUpComposerProps) {
  const { t } = useT();
  return (
    <PromptComposer
      className="prompt-form--follow-up"
      label={t("battle.followUp")}
      placeholder={t("battle.followUpPlaceholder")}
      testId="follow-up-input"
      sendLabel={t("battle.ask")}
      busy={busy}
      ready={ready}
      onSubmit={onSubmit}
      hint={ready ? t("battle.turnOf", { turn: nextTurn, max: maxTurns }) : t("battle.sendWhenFinished")}
      error={error}
      onDismissError={onDismissError}
    />
  );
}
