import { MAX_PROMPT_CHARS } from "@arena/shared/limits";
import { type FormEvent, type KeyboardEvent, type ReactNode, type Ref, useId, useState } from "react";

import { formatCount } from "../format.ts";
import { useT } from "../i18n/index.ts";
import { ErrorAlert } from "./ErrorAlert.tsx";

type PromptComposerProps = {
  label: string;
  placeholder: string;
  testId: string;
  /** Shown beside the send button: "Send", "Ask". */
  sendLabel: string;
  /** A request from this box is on its way. */
  busy: boolean;
  /** False while sending would be refused (e.g. the answers still stream); typing ahead stays possible. */
  ready: boolean;
  /** Resolves true when the server accepted the prompt, so the box can clear itself. */
  onSubmit: (prompt: string) => Promise<boolean>;
  /** Said under the box, before the character count. */
  hint?: ReactNode;
  /** A refusal of what this box sent, shown right here where the voter is looking. */
  error: { code: string; message: string } | null;
  onDismissError: () => void;
  className?: string;
  inputRef?: Ref<HTMLTextAreaElement>;
};

/** A prompt box: Enter sends, Shift+Enter starts a new line, as in chat apps. */
export function PromptComposer({
  label,
  placeholder,
  testId,
  sendLabel,
  busy,
  ready,
  onSubmit,
  hint,
  error,
  onDismissError,
  className = "",
  inputRef,
}: PromptComposerProps) {
  const { t } = useT();
  const [prompt, setPrompt] = useState("");
  const inputId = useId();
  const hintId = useId();
  const canSend = ready && !busy && prompt.trim().length > 0;

  async function send() {
    if (!canSend) return;
    if (await onSubmit(prompt)) setPrompt("");
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    void send();
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // An Enter that confirms an input method's composition (Chinese, Japanese, …) is not a send.
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void send();
  }

  return (
    <form className={`prompt-form ${className}`.trim()} onSubmit={handleSubmit}>
      <label htmlFor={inputId}>{label}</label>
      <div className="prompt-form__row">
        <textarea
          id={inputId}
          ref={inputRef}
          data-testid={testId}
          value={prompt}
          onChange={(event) => setPrompt(event.target.value)}
          onKeyDown={handleKeyDown}
          maxLength={MAX_PROMPT_CHARS}
          rows={2}
          placeholder={placeholder}
          aria-describedby={hintId}
          enterKeyHint="send"
        />
        <button type="submit" className="button button--primary" disabled={!canSend}>
          {busy ? t("battle.sending") : sendLabel}
        </button>
      </div>
      <p id={hintId} className="prompt-form__hint">
        {hint}
        <span className="prompt-form__shortcut">{t("battle.sendShortcuts")}</span>
        {t("battle.characters", { count: formatCount(prompt.length), max: formatCount(MAX_PROMPT_CHARS) })}
      </p>
      <ErrorAlert error={error} onDismiss={onDismissError} />
    </form>
  );
}
