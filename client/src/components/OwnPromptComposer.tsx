import type { Ref } from "react";

import { useT } from "../i18n/index.ts";
import { PromptComposer } from "./PromptComposer.tsx";

type OwnPromptComposerProps = {
  /** At the top of a page with no battle yet (an arena without a pool), rather than under the answers. */
  startsHere: boolean;
  busy: boolean;
  ready: boolean;
  onSubmit: (prompt: string) => Promise<boolean>;
  error: { code: string; message: string } | null;
  onDismissError: () => void;
  inputRef: Ref<HTMLTextAreaElement>;
};

/** The box for the voter's own prompt, which starts a new battle between live models. */
export function OwnPromptComposer({
  startsHere,
  busy,
  ready,
  onSubmit,
  error,
  onDismissError,
  inputRef,
}: OwnPromptComposerProps) {
  const { t } = useT();
  return (
    <PromptComposer
      className={startsHere ? "prompt-form--start" : "prompt-form--own"}
      label={startsHere ? t("battle.askAnything") : t("battle.askOwn")}
      placeholder={t("battle.promptPlaceholder")}
      testId="prompt-input"
      sendLabel={t("battle.send")}
      busy={busy}
      ready={ready}
      onSubmit={onSubmit}
      hint={startsHere ? "" : t("battle.startsNew")}
      error={error}
      onDismissError={onDismissError}
      inputRef={inputRef}
    />
  );
}
