import { type ReactNode, useId } from "react";

import { useAdminText } from "./adminText.ts";

type Props = {
  /** The h2's content (text, and perhaps a count beside it). */
  heading: ReactNode;
  intro: string;
  /** Gives the section a Refresh button under its intro, for figures that change without an action here. */
  onRefresh?: () => void;
  children: ReactNode;
};

/** One part of the console: a region named by its heading, what it is for, then its controls and figures. */
export function AdminSection({ heading, intro, onRefresh, children }: Props) {
  const { text } = useAdminText();
  const headingId = useId();
  return (
    <section className="admin-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      <p>{intro}</p>
      {onRefresh && (
        <button type="button" className="button button--quiet" onClick={onRefresh}>
          {text.refresh}
        </button>
      )}
      {children}
    </section>
  );
}
