import { useCallback, useState } from "react";

/**
 * The rendered width of an element, in CSS pixels, kept current with a ResizeObserver; `fallback`
 * until the element is measured. A chart drawn in a viewBox of this width keeps its text at the
 * page's size on a phone instead of shrinking with the drawing.
 */
export function useElementWidth<E extends Element>(fallback: number): [(element: E | null) => void, number] {
  const [width, setWidth] = useState(fallback);
  // A callback ref (React 19 runs its returned cleanup), so the observer follows the element itself.
  const ref = useCallback((element: E | null) => {
    if (!element) return;
    const measure = () => {
      const measured = element.getBoundingClientRect().width;
      // Whole pixels: sub-pixel jitter would redraw the chart for nothing.
      if (measured > 0) setWidth(Math.round(measured));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
