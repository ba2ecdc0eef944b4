"""The demo register's second version: a few services changed, as a register changes them.

``make demo`` syncs the snapshot, then serves this version and syncs again, so the portal
shows change notes ("Izmaiņas") on these services and the alert worker has something to
send (docs/alerts.md):

* PAK-0002 — the paper certificate's fee 4,27 € → 5,00 €; processing time 1 h → 5 days;
  a requirement added; the description extended;
* PAK-0001 — the phone channel removed;
* PAK-0003 — processing time doubled when the register gives one.

    python -m demo.register.v2 --out var/register-v2.jsonld
"""

from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path

SNAPSHOT = Path(__file__).resolve().parent / "snapshot.jsonld"
BASE = "https://virsis.example/id/service/"


def _node(doc: dict, iri: str) -> dict:
    return next(n for n in doc["@graph"] if n["@id"] == iri)


def second_version(doc: dict) -> dict:
    doc = copy.deepcopy(doc)
    pak2 = _node(doc, BASE + "PAK-0002")
    _node(doc, BASE + "PAK-0002/cost/2")["cv:hasValue"]["@value"] = "5.00"
    pak2["cv:processingTime"]["@value"] = "P5D"
    pak2["cv:holdsRequirement"].append({"@id": BASE + "PAK-0002/requirement/9"})
    doc["@graph"].append(
        {
            "@id": BASE + "PAK-0002/requirement/9",
            "@type": "cv:Requirement",
            "dct:identifier": "PAK-0002-R9",
            "dct:title": [
                {"@language": "en", "@value": "Identity document"},
                {"@language": "lv", "@value": "Personu apliecinošs dokuments"},
            ],
        }
    )
    for text in pak2["dct:description"]:
        text["@value"] += (
            " The certificate is also issued in English."
            if text["@language"] == "en"
            else " Izziņu var saņemt arī angļu valodā."
        )
    pak2["dct:modified"]["@value"] = "2026-11-15T09:00:00Z"
    pak1 = _node(doc, BASE + "PAK-0001")
    pak1["cv:hasChannel"] = [c for c in pak1["cv:hasChannel"] if not c["@id"].endswith("/3")]
    pak3 = _node(doc, BASE + "PAK-0003")
    if isinstance(pak3.get("cv:processingTime"), dict):
        pak3["cv:processingTime"]["@value"] = "P20D"
    return doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    doc = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    Path(args.out).write_text(
        json.dumps(second_version(doc), ensure_ascii=False, indent=1), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
