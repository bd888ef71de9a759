/**
 * The model page's "About this model": what the operator's catalogue says (name, maker, licence,
 * size, context, prices, release, link), its lifecycle status and whether its rating is still
 * preliminary. From `GET /api/models`, refetched as votes arrive (the vote count moves).
 */
import "./depth.css";
import "./leaderboardDepth.css";

import type { ModelInfo } from "@arena/shared/depth";
import { useId } from "react";

import { formatDay, formatParameters, formatPrice } from "../catalogFormat.ts";
import { formatCount } from "../format.ts";
import { useDepthText } from "../i18n/depthText.ts";

/** `info`: the model's entry in `GET /api/models` (the page fetches it, and waits for it before its table). */
export function ModelCatalog({ info }: { info: ModelInfo | undefined }) {
  const d = useDepthText();
  const headingId = useId();
  // An unknown model (or the models could not be loaded): the rest of the page says what there is to say.
  if (!info) return null;

  const fields: Array<[label: string, value: string, detail?: string]> = [];
  if (info.displayName) fields.push([d.catalog.displayName, info.displayName]);
  if (info.organization) fields.push([d.catalog.organization, info.organization]);
  if (info.license) fields.push([d.catalog.license, info.license]);
  if (info.parameters !== undefined) fields.push([d.catalog.parameters, formatParameters(info.parameters)]);
  if (info.contextWindow !== undefined) {
    fields.push([d.catalog.contextWindow, d.catalog.tokens({ formatted: formatCount(info.contextWindow) })]);
  }
  if (info.priceInput !== undefined) {
    fields.push([d.catalog.priceInput, d.catalog.perMillion({ price: formatPrice(info.priceInput) })]);
  }
  if (info.priceOutput !== undefined) {
    fields.push([d.catalog.priceOutput, d.catalog.perMillion({ price: formatPrice(info.priceOutput) })]);
  }
  if (info.releaseDate) fields.push([d.catalog.releaseDate, formatDay(info.releaseDate)]);
  const described = fields.length > 0 || info.url !== undefined;

  return (
    <section className="model-catalog" aria-labelledby={headingId} data-testid="model-catalog">
      <h2 id={headingId}>{d.catalog.heading}</h2>
      <p className="model-catalog__badges">
        <span
          className={`badge badge--${info.status}`}
          data-testid="model-status"
          data-status={info.status}
          title={
            info.status === "paused"
              ? d.catalog.pausedDetail
              : info.status === "archived"
                ? d.catalog.archivedDetail
                : undefined
          }
        >
          <span className="visually-hidden">{d.catalog.status}: </span>
          {d.catalog[info.status]}
        </span>
        {info.status !== "active" && (
          <span className="model-catalog__detail">
            {info.status === "paused" ? d.catalog.pausedDetail : d.catalog.archivedDetail}
          </span>
        )}
        {info.preliminary && (
          <>
            <span className="badge badge--preliminary" data-testid="model-preliminary">
              {d.catalog.preliminary}
            </span>
            <span className="model-catalog__detail">
              {d.catalog.preliminaryDetail({ battles: formatCount(info.battles) })}
            </span>
          </>
        )}
      </p>
      {described ? (
        <dl className="model-catalog__fields">
          {fields.map(([label, value]) => (
            <div key={label} className="model-catalog__field">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
          {info.url !== undefined && (
            <div className="model-catalog__field">
              <dt>{d.catalog.url}</dt>
              <dd>
                <a href={info.url} rel="noopener noreferrer external" target="_blank" data-testid="model-url">
                  {hostOf(info.url)}
                </a>
              </dd>
            </div>
          )}
        </dl>
      ) : (
        <p className="muted">{d.catalog.undescribed}</p>
      )}
    </section>
  );
}

/** The link's host, shorter than the whole address; the address itself if it does not parse. */
function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
