/**
 * The model page's "Why it wins and loses": how often voters credited each reason to the model, in
 * the page's language and category, as "won because" (positive) and "lost because" (negative). Each
 * count has a bar of its share of the model's counted votes, and the number beside it.
 */
import "./depth.css";

import type { ModelReasonsResponse, ReasonsResponse } from "@arena/shared/depth";
import { useEffect, useId, useMemo, useState } from "react";

import { formatCount, formatPercent } from "../format.ts";
import { useLiveJson } from "../hooks/useLiveJson.ts";
import { useDepthText } from "../i18n/depthText.ts";
import { useT } from "../i18n/index.ts";
import { type CountedReason, groupModelReasons, localizeReasons } from "../reasonGroups.ts";
import { fetchReasons } from "../reasonList.ts";

type ModelReasonsProps = { model: string; language: string; category: string; scope: string };

export function ModelReasons({ model, language, category, scope }: ModelReasonsProps) {
  const { language: uiLanguage } = useT();
  const d = useDepthText();
  const headingId = useId();
  const query = new URLSearchParams({
    ...(language === "" ? {} : { language }),
    ...(category === "" ? {} : { category }),
  }).toString();
  const url = `/api/models/${encodeURIComponent(model)}/reasons${query === "" ? "" : `?${query}`}`;
  const { body, failed } = useLiveJson<ModelReasonsResponse>(url);

  // Labels in the interface's language; until they load (or if they cannot), ids stand in.
  const [list, setList] = useState<ReasonsResponse | null>(null);
  useEffect(() => {
    let current = true;
    fetchReasons().then(
      (response) => current && setList(response),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, []);
  const groups = useMemo(
    () => (body ? groupModelReasons(body.reasons, list ? localizeReasons(list, uiLanguage) : [], body.battles) : null),
    [body, list, uiLanguage],
  );

  return (
    <section className="model-reasons" aria-labelledby={headingId} data-testid="model-reasons">
      <h2 id={headingId}>{d.modelReasons.heading}</h2>
      {groups === null || body === null ? (
        <p className={failed ? "depth-error" : "loading"}>{failed ? d.modelReasons.failed : d.modelReasons.loading}</p>
      ) : groups.won.length + groups.lost.length === 0 ? (
        <p className="muted">{d.modelReasons.none}</p>
      ) : (
        <>
          <p className="head-to-head__lead">
            {d.modelReasons.lead({
              model,
              scope,
              withReasons: formatCount(body.withReasons),
              battles: formatCount(body.battles),
            })}
          </p>
          <div className="model-reasons__columns">
            <ReasonTable kind="won" title={d.modelReasons.won} reasons={groups.won} />
            <ReasonTable kind="lost" title={d.modelReasons.lost} reasons={groups.lost} />
          </div>
        </>
      )}
    </section>
  );
}

function ReasonTable({ kind, title, reasons }: { kind: "won" | "lost"; title: string; reasons: CountedReason[] }) {
  const d = useDepthText();
  return (
    <div className={`model-reasons__group model-reasons__group--${kind}`}>
      <h3>{title}</h3>
      {reasons.length === 0 ? (
        <p className="muted">{d.modelReasons.noneOfKind}</p>
      ) : (
        <table className="model-reasons__table" data-testid={`reasons-${kind}`}>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{d.modelReasons.reason}</th>
              <th scope="col" className="num">
                {d.modelReasons.times}
              </th>
              <th scope="col" className="num">
                {d.modelReasons.share}
              </th>
            </tr>
          </thead>
          <tbody>
            {reasons.map((reason) => (
              <tr key={reason.id} data-testid="reason-count" data-reason={reason.id} data-count={reason.count}>
                <th scope="row">{reason.label}</th>
                <td className="num">{formatCount(reason.count)}</td>
                <td className="num model-reasons__share">
                  {reason.share === null ? "—" : formatPercent(reason.share, 0)}
                  {reason.share !== null && (
                    <svg
                      className="model-reasons__bar"
                      viewBox="0 0 100 8"
                      preserveAspectRatio="none"
                      aria-hidden="true"
                    >
                      <rect className="model-reasons__bar-track" x={0} y={0} width={100} height={8} rx={2} />
                      <rect
                        className="model-reasons__bar-fill"
                        x={0}
                        y={0}
                        width={Math.min(1, reason.share) * 100}
                        height={8}
                        rx={2}
                      />
                    </svg>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
