import { formatCount } from "../format.ts";
import { pageOffsets, pageRange } from "./adminFormat.ts";
import { useAdminText } from "./adminText.ts";

export type PagerProps = {
  offset: number;
  limit: number;
  /** How many rows this page has. */
  shown: number;
  total: number;
  onOffset: (offset: number) => void;
};

/** "1–50 of 230", previous and next. */
export function Pager({ offset, limit, shown, total, onOffset }: PagerProps) {
  const { text } = useAdminText();
  const range = pageRange(offset, shown, total);
  const { previous, next } = pageOffsets(offset, limit, total);
  return (
    <nav className="admin-pager" aria-label={text.pages.label}>
      <button
        type="button"
        className="button button--quiet"
        disabled={previous === null}
        onClick={() => previous !== null && onOffset(previous)}
      >
        {text.pages.previous}
      </button>
      <span>
        {text.pages.range({
          first: formatCount(range.first),
          last: formatCount(range.last),
          total: formatCount(range.total),
        })}
      </span>
      <button
        type="button"
        className="button button--quiet"
        disabled={next === null}
        onClick={() => next !== null && onOffset(next)}
      >
        {text.pages.next}
      </button>
    </nav>
  );
}
