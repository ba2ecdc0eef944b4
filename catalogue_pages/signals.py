"""Signals catalogue_pages emits so other apps (search) can follow content without coupling.

``services_changed`` is sent after a bulk write that bypasses Wagtail's publish signals (the
register sync writes thousands of pages at once). Receivers get the primary keys of every
page whose public content changed: created, updated, withdrawn or restored. Live pages should
be (re)indexed, pages that are not live removed from any index.
"""

from django.dispatch import Signal

services_changed = Signal()  # kwargs: page_ids: list[int]
