"""Checks the browser tests share: axe on a page, computed colour contrast, element position.

Kept apart from the ``browser`` plugin so journey tests can call them on every page they visit.
"""

from __future__ import annotations

from tests.plugins.browser import AXE

AXE_TAGS = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']"

# WCAG relative luminance and contrast ratio of an element's text against the first opaque
# background found on it or its ancestors (white when none is).
CONTRAST_JS = """
(element) => {
  function rgb(text) { const m = text.match(/[\\d.]+/g).map(Number); return m; }
  function lum(c) {
    const [r, g, b] = c.slice(0, 3).map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  const fg = rgb(getComputedStyle(element).color);
  let node = element, bg = [255, 255, 255];
  while (node && node.nodeType === 1) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length < 4 || c[3] > 0) { bg = c; break; }
    node = node.parentElement;
  }
  const a = lum(fg), b = lum(bg);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


def serious_axe_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's serious and critical WCAG 2.2 A/AA violations on the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        f"async () => await axe.run(document, {{runOnly: {{type: 'tag', values: {AXE_TAGS}}}}})"
    )
    return [
        f"{page.url}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def contrast(page, selector: str) -> float:  # type: ignore[no-untyped-def]
    """The contrast ratio of the first element matching ``selector``."""
    return float(page.locator(selector).first.evaluate(CONTRAST_JS))


def top_of(page, selector: str) -> float:  # type: ignore[no-untyped-def]
    """The distance in CSS pixels from the top of the document to the element."""
    return float(
        page.locator(selector).first.evaluate(
            "(e) => e.getBoundingClientRect().top + window.scrollY"
        )
    )
