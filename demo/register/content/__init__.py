"""The demo register's content, written by hand as plain Python data.

Split by audience so no file is enormous; ``SERVICES`` is the ordered union.
"""

from demo.register.content.events import EVENTS
from demo.register.content.institutions import INSTITUTIONS
from demo.register.content.legal import LAWS
from demo.register.content.services_business import SERVICES as _BUSINESS
from demo.register.content.services_citizens import SERVICES as _CITIZENS
from demo.register.content.services_citizens2 import SERVICES as _CITIZENS2
from demo.register.content.services_institutions import SERVICES as _INSTITUTIONS
from demo.register.content.themes import THEMES

SERVICES: list[dict] = sorted(
    _CITIZENS + _CITIZENS2 + _BUSINESS + _INSTITUTIONS, key=lambda s: s["id"]
)

__all__ = ["EVENTS", "INSTITUTIONS", "LAWS", "SERVICES", "THEMES"]
