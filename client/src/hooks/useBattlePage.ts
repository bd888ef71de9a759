/**
 * The battle page's controller: the battle, what the server offers, and the page's own behaviour —
 * one battle per page load, a retry after reconnecting, the prompt box of an arena without a pool,
 * focus and scrolling, keyboard shortcuts. BattlePage only lays out what it returns.
 */
import { type RefObject, useEffect, useRef, useState } from "react";

import { voteOptions } from "../components/VoteButtons.tsx";
import { socket } from "../socket.ts";
import { type BattlePageView, battlePageView } from "./battlePageView.ts";
import { type BattleController, useBattle } from "./useBattle.ts";
import { type ShortcutMap, useKeyboardShortcuts } from "./useKeyboardShortcuts.ts";
import { useLivePrompts } from "./useLivePrompts.ts";

export type BattlePageController = {
  battle: BattleController;
  view: BattlePageView;
  /** "New battle": the next pool battle, or, without a pool, an empty page and the prompt box focused. */
  newBattle: () => void;
  /** Sends the voter's own prompt; the page scrolls up to the new battle once it is accepted. */
  startOwn: (prompt: string) => Promise<boolean>;
  promptCardRef: RefObject<HTMLElement | null>;
  ownPromptRef: RefObject<HTMLTextAreaElement | null>;
  newBattleRef: RefObject<HTMLButtonElement | null>;
};

function prefersReducedMotion(): boolean {
  return window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
}

/** Whether the voter is in the middle of typing something, which a focus move would interrupt. */
function isTypingText(): boolean {
  const active = document.activeElement;
  return (active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement) && active.value !== "";
}

/** `visible`: false while another page is shown; the battle is kept, but its shortcuts are off. */
export function useBattlePage(visible: boolean): BattlePageController {
  const battle = useBattle();
  const { start, vote, reset } = battle;
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
  if (errorCode === "no_prompts" && !poolEmpty) setPoolEmpty(true);
  useEffect(() => {
    // The server's live models went away since the page asked: stop offering the prompt box.
    if (errorCode === "no_live_models") refreshLivePrompts();
  }, [errorCode, refreshLivePrompts]);

  const view = battlePageView({ battle, livePrompts, poolEmpty });

  // Set by "New battle" in an arena without a pool: the prompt box moves to the top, and is focused
  // once it is there.
  const [ownPromptFocusRequest, setOwnPromptFocusRequest] = useState(0);
  useEffect(() => {
    if (ownPromptFocusRequest > 0) ownPromptRef.current?.focus();
  }, [ownPromptFocusRequest]);
  const newBattle = () => {
    if (view.ownPromptsOnly) {
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

  return { battle, view, newBattle, startOwn, promptCardRef, ownPromptRef, newBattleRef };
}
