"""Management data the register keeps about every service (private ``vrsp:`` namespace).

This is exactly what the portal must never publish: owners, KPIs, maturity and internal
notes. Values are derived from the identifier so the snapshot stays deterministic. Every
internal note carries the marker ``INTERNAL-ONLY`` so tests can prove it never leaks.
"""

from __future__ import annotations

import hashlib
from typing import Any

OWNERS = [
    "Anna Bērziņa",
    "Jānis Kalniņš",
    "Ilze Ozola",
    "Mārtiņš Liepiņš",
    "Līga Krūmiņa",
    "Andris Zariņš",
    "Kristīne Vītola",
    "Edgars Jansons",
    "Inese Puriņa",
    "Raimonds Ločmelis",
    "Dace Šmite",
    "Gatis Ķeniņš",
    "Zane Ēķe",
    "Uldis Grīnbergs",
    "Santa Žagare",
]
NOTES = [
    "budžeta pieprasījums 2026. gadam vēl nav apstiprināts",
    "plānota e-pakalpojuma pārbūve, klientu sūdzības par ilgu gaidīšanu",
    "KPI zem mērķa — jāpārskata procesa apraksts",
    "atbildīgais darbinieks atvaļinājumā līdz mēneša beigām",
    "iekšējais audits 2025. gada 3. ceturksnī",
    "resursu trūkums reģionālajās nodaļās",
]


def _h(ident: str, salt: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{salt}:{ident}".encode()).digest()[:4], "big")


def management_data(ident: str) -> dict[str, Any]:
    """JSON-LD properties in the ``vrsp:`` namespace for one service."""
    satisfaction = 3.0 + (_h(ident, "kpi") % 200) / 100  # 3.00 … 4.99
    return {
        "vrsp:owner": OWNERS[_h(ident, "owner") % len(OWNERS)],
        "vrsp:kpiSatisfaction": {"@type": "xsd:decimal", "@value": f"{satisfaction:.2f}"},
        "vrsp:kpiRequestsPerYear": _h(ident, "req") % 50000,
        "vrsp:maturityLevel": 1 + _h(ident, "mat") % 5,
        "vrsp:internalNote": f"INTERNAL-ONLY: {NOTES[_h(ident, 'note') % len(NOTES)]} ({ident}).",
    }
