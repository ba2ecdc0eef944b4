"""What needs an owner's attention first: one number per service, and the reasons behind it.

Why a number: the dashboard ranks an institution's services with one indexed ORDER BY, so the
points are computed whenever a service's figures change and stored beside them. The weights
favour what a visitor feels most: broken links and unanswered problem reports first, then
low satisfaction, missing sections and overdue requests; staleness and translation last.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: Below this share of "yes" (with at least ``MIN_ANSWERS`` answers) satisfaction is low.
LOW_SATISFACTION = 0.6
MIN_ANSWERS = 3
#: Below this score completeness is low.
LOW_COMPLETENESS = 75


def attention_points(health: Any) -> int:
    """The ranking key of a ``ServiceHealth`` row (higher = look at it sooner)."""
    if health.withdrawn:
        return 0
    points = (100 - health.score) // 5  # up to 20 for an empty description
    points += 10 * min(health.links_broken, 5)
    points += 10 * min(health.open_problems, 5)
    points += 4 * min(health.overdue_requests, 5)
    total = health.feedback_yes + health.feedback_no
    if total >= MIN_ANSWERS:
        share = health.feedback_yes / total
        if share < LOW_SATISFACTION:
            points += round((LOW_SATISFACTION - share) * 50)
    points += 3 if health.is_stale else 0
    points += 2 if health.english_missing else 0
    return points


def reasons(health: Any) -> list[str]:
    """Why the service is ranked where it is, in the active language."""
    found: list[str] = []
    if health.links_broken:
        found.append(
            ngettext("%(n)d broken link", "%(n)d broken links", health.links_broken)
            % {"n": health.links_broken}
        )
    if health.open_problems:
        found.append(
            ngettext(
                "%(n)d open problem report", "%(n)d open problem reports", health.open_problems
            )
            % {"n": health.open_problems}
        )
    total = health.feedback_yes + health.feedback_no
    if total >= MIN_ANSWERS and health.feedback_yes / total < LOW_SATISFACTION:
        found.append(
            _("low satisfaction (%(share)d%% yes)")
            % {"share": round(100 * health.feedback_yes / total)}
        )
    if health.score < LOW_COMPLETENESS:
        found.append(_("completeness %(score)d%%") % {"score": health.score})
    if health.overdue_requests:
        found.append(
            ngettext("%(n)d overdue request", "%(n)d overdue requests", health.overdue_requests)
            % {"n": health.overdue_requests}
        )
    if health.is_stale:
        found.append(_("not updated in the register for a long time"))
    if health.english_missing:
        found.append(_("English translation missing"))
    return found
