/**
 * After a vote: the optional "why?" step. The voter ticks reasons (see reasonGroups.ts for which are
 * offered); every change is sent with `battle:reasons` shortly after, and at once when the picker
 * goes away (a new battle), so nothing ticked is lost and "New battle" never waits for it. Loaded
 * with React.lazy: the battle page's first load does not grow.
 */
import "./reasonPicker.css";

import type { ReasonsResponse } from "@arena/shared/depth";
import type { Winner } from "@arena/shared/protocol";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";

import { useDepthText } from "../i18n/depthText.ts";
import { useT } from "../i18n/index.ts";
import { localizeReasons, type ReasonGroup, reasonGroupsFor, toggleReason } from "../reasonGroups.ts";
import { fetchReasons } from "../reasonList.ts";
import { describeFailure, request } from "../socket.ts";

type ReasonPickerProps = {
  battleId: string;
  winner: Winner;
  /** The revealed models, named in the groups' headings. */
  models: { a: string; b: string };
};

// Ticks in a row are sent as one request.
const SEND_DELAY_MS = 400;

type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; count: number }
  | { kind: "failed"; message: string }
  | { kind: "too-late" };

export default function ReasonPicker({ battleId, winner, models }: ReasonPickerProps) {
  const { language } = useT();
  const d = useDepthText();
  const headingId = useId();
  const [list, setList] = useState<ReasonsResponse | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [save, setSave] = useState<SaveState>({ kind: "idle" });

  // Bumped by "Try again" after the list failed to load.
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    fetchReasons().then(
      (response) => current && setList(response),
      () => current && setLoadFailed(true),
    );
    return () => {
      current = false;
    };
  }, [attempt]);
  const reload = () => {
    setLoadFailed(false);
    setAttempt((count) => count + 1);
  };

  const options = useMemo(() => (list ? localizeReasons(list, language) : []), [list, language]);
  const groups = useMemo(() => reasonGroupsFor(winner, options), [winner, options]);

  // The list waiting to be sent, and which send is the latest (an older ack must not overwrite a newer state).
  const pendingRef = useRef<string[] | null>(null);
  const timerRef = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const sendCountRef = useRef(0);
  const mountedRef = useRef(true);

  const send = useCallback(() => {
    clearTimeout(timerRef.current);
    const reasons = pendingRef.current;
    if (reasons === null) return;
    pendingRef.current = null;
    const sequence = ++sendCountRef.current;
    if (mountedRef.current) setSave({ kind: "saving" });
    request("battle:reasons", { battleId, reasons }).then(
      () => {
        if (mountedRef.current && sequence === sendCountRef.current) setSave({ kind: "saved", count: reasons.length });
      },
      (error: unknown) => {
        if (!mountedRef.current || sequence !== sendCountRef.current) return;
        const failure = describeFailure(error);
        setSave(failure.code === "too_late" ? { kind: "too-late" } : { kind: "failed", message: failure.message });
      },
    );
  }, [battleId]);

  // Leaving (a new battle, another page) sends what is still waiting.
  useEffect(() => {
    mountedRef.current = true;
    return () => {
      mountedRef.current = false;
      send();
    };
  }, [send]);

  const onToggle = (id: string) => {
    const next = toggleReason(selected, id, options);
    setSelected(next);
    pendingRef.current = next;
    clearTimeout(timerRef.current);
    timerRef.current = setTimeout(send, SEND_DELAY_MS);
  };
  const retry = () => {
    pendingRef.current = selected;
    send();
  };

  const legend = (group: ReasonGroup) =>
    group.target === "both"
      ? group.polarity === "positive"
        ? d.reasons.goodAboutBoth
        : d.reasons.wrongWithBoth
      : (group.polarity === "positive" ? d.reasons.goodAbout : d.reasons.wrongWith)({ model: models[group.target] });
  const locked = save.kind === "too-late";

  return (
    <section className="reason-picker" data-testid="reason-picker" aria-labelledby={headingId}>
      <h2 id={headingId} className="reason-picker__heading">
        {d.reasons.heading}
      </h2>
      <p className="reason-picker__lead">{d.reasons.lead}</p>
      {list === null ? (
        loadFailed ? (
          <p className="reason-picker__status reason-picker__status--failed">
            {d.reasons.loadFailed}{" "}
            <button type="button" className="button" onClick={reload}>
              {d.reasons.retry}
            </button>
          </p>
        ) : (
          <p className="loading">{d.reasons.loading}</p>
        )
      ) : (
        <div className="reason-picker__groups">
          {groups.map((group) => (
            <fieldset
              key={`${group.target}-${group.polarity}`}
              className={`reason-picker__group reason-picker__group--${group.polarity}`}
              disabled={locked}
            >
              <legend>{legend(group)}</legend>
              {group.reasons.map((reason) => (
                <label key={reason.id} className="reason-picker__option">
                  <input
                    type="checkbox"
                    data-testid="reason"
                    data-reason={reason.id}
                    checked={selected.includes(reason.id)}
                    onChange={() => onToggle(reason.id)}
                  />{" "}
                  {reason.label}
                </label>
              ))}
            </fieldset>
          ))}
        </div>
      )}
      <p
        className={`reason-picker__status${save.kind === "failed" || locked ? " reason-picker__status--failed" : ""}`}
        data-testid="reasons-status"
        data-state={save.kind}
        role="status"
        aria-live="polite"
      >
        {save.kind === "saving" && d.reasons.saving}
        {save.kind === "saved" && d.reasons.saved({ count: save.count })}
        {locked && d.reasons.tooLate}
        {save.kind === "failed" && (
          <>
            {d.reasons.failed({ message: save.message })}{" "}
            <button type="button" className="button" onClick={retry}>
              {d.reasons.retry}
            </button>
          </>
        )}
      </p>
    </section>
  );
}
