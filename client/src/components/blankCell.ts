import { Children, type ReactNode } from "react";

/** Whether a table cell's content is nothing but whitespace (`| | A | B |`: the blank corner). */
export function isBlankCell(children: ReactNode): boolean {
  return Children.toArray(children).every((child) => typeof child === "string" && child.trim() === "");
}
