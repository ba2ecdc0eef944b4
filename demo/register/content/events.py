"""placeholder"""

EVENTS: list[dict] = []
