import { memo, useMemo } from "react";
import Markdown, { type Components } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

import { isBlankCell } from "./blankCell.ts";
import { useCodeHighlight } from "./codeHighlight.ts";

type TreeNode = { type: string; value?: string; children?: TreeNode[] };

/**
 * HTML written inside Markdown reaches the HTML tree as `raw` nodes, which rehype-sanitize would
 * silently delete. Turning them into plain text first keeps an answer such as "use a <div>" readable,
 * while nothing in it is ever parsed as HTML: a `<script>` shows up as inert text.
 */
function rehypeRawAsText() {
  function visit(node: TreeNode): void {
    if (node.type === "raw") node.type = "text";
    node.children?.forEach(visit);
  }
  return visit;
}

/**
 * Models write poems, addresses and step lists with single line breaks, which Markdown would join
 * into one line. Like chat apps (and the remark-breaks plugin), keep each of them as a line break.
 * Code is untouched: its text lives in `code` / `inlineCode` nodes, not `text` ones.
 */
function remarkKeepLineBreaks() {
  function visit(node: TreeNode): void {
    if (!node.children) return;
    node.children = node.children.flatMap((child): TreeNode[] => {
      if (child.type !== "text" || !child.value?.includes("\n")) {
        visit(child);
        return [child];
      }
      return child.value
        .split(/[\t ]*\r?\n/)
        .flatMap((line, index) =>
          index === 0 ? [{ type: "text", value: line }] : [{ type: "break" }, { type: "text", value: line }],
        );
    });
  }
  return visit;
}

// rehype-sanitize (GitHub's allow-list) also strips dangerous URLs and attributes that Markdown
// itself can produce, such as `[x](javascript:...)`. Highlighting runs after it, on the clean tree:
// it only splits code text into <span class="hljs-…">, so it needs no wider allow-list.
const safePlugins = [rehypeRawAsText, rehypeSanitize];
// GitHub-flavoured Markdown: answers use tables, strikethrough and task lists; then single line breaks.
const remarkPlugins = [remarkGfm, remarkKeepLineBreaks];

/**
 * A code block scrolls sideways when its lines are longer than the column (always, on a phone): a
 * keyboard user must be able to reach it to scroll it, so it takes focus (WCAG 2.1.1; axe's
 * scrollable-region-focusable).
 */
const components: Components = {
  pre: ({ node: _node, ...props }) => <pre tabIndex={0} {...props} />,
  // A table's blank corner (`| | A | B |`) heads nothing: as a header cell it would be announced as
  // an empty header (axe's empty-table-header), so it is a plain cell.
  th: ({ node: _node, children, ...props }) =>
    isBlankCell(children) ? <td {...props} /> : <th {...props}>{children}</th>,
};

/** A model's answer rendered as Markdown. The default export: loaded apart, by AnswerText. */
const MarkdownAnswer = memo(function MarkdownAnswer({ text }: { text: string }) {
  const highlight = useCodeHighlight(text);
  const rehypePlugins = useMemo(() => [...safePlugins, ...highlight], [highlight]);
  return (
    <div className="markdown">
      <Markdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {text}
      </Markdown>
    </div>
  );
});

export default MarkdownAnswer;
