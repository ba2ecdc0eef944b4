"""placeholder"""

SERVICES: list[dict] = []
