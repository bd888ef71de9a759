import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { MAX_PROMPT_CHARS } from "@arena/shared/limits";

type PromptFormProps = {
  busy: boolean;
  /** Resolves true when the battle started, so the form can clear itself. */
  onSubmit: (prompt: string) => Promise<boolean>;
  /** Set when the server has no live model to answer an own prompt. */
  noLiveModels: boolean;
};

export function PromptForm({ busy, onSubmit, noLiveModels }: PromptFormProps) {
  const [prompt, setPrompt] = useState("");
  const inputId = useId();
  const hintId = useId();
  const canSend = !busy && prompt.trim().length > 0;

  async function send() {
    if (!canSend) return;
    if (await onSubmit(prompt)) setPrompt("");
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    void send();
  }

  // Enter alone adds a line, as in any text area; Ctrl/Cmd+Enter sends.
  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  }

  return (
    <form className="prompt-form" onSubmit={handleSubmit}>
      <label htmlFor={inputId}>Ask your own question</label>
      <div className="prompt-form__row">
        <textarea
          id={inputId}
          data-testid="prompt-input"
          value={prompt}
          onChange={(event) => setPrompt(event.target.value)}
          onKeyDown={handleKeyDown}
          maxLength={MAX_PROMPT_CHARS}
          rows={2}
          placeholder="Type a prompt for both models…"
          aria-describedby={hintId}
        />
        <button type="submit" className="button button--primary" disabled={!canSend}>
          {busy ? "Sending…" : "Send"}
        </button>
      </div>
      <p id={hintId} className="prompt-form__hint">
        <span className="prompt-form__shortcut">Ctrl+Enter to send · </span>
        {prompt.length} / {MAX_PROMPT_CHARS}
      </p>
      {noLiveModels && (
        <p className="notice" role="status">
          This arena has no live models configured; prompts come from the prompt pool.
        </p>
      )}
    </form>
  );
}
