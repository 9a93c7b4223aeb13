"""The one place that decides which axe-core rules every browser test runs: WCAG 2.0 and
2.1 A and AA, and axe's best practices (heading order, landmarks, one main, one h1…)."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}}


def violations(page: object, context: object = None) -> list[str]:
    """Each rule that fails on the page (or within the context selector), with its first nodes."""
    results = Axe().run(page, context=context, options=OPTIONS)
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
