"""Fixtures of the sync tests: the demo register over real HTTP and small documents."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
DEMO_SNAPSHOT = ROOT / "demo" / "register" / "snapshot.jsonld"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SPEC_EXAMPLE = Path("/work/shared/cpsv-ap/example-rdf_public_service.jsonld")


@pytest.fixture(autouse=True)
def english_messages():
    """Assertions match the English source messages, whatever catalogues ``locale/`` holds."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def register():
    """The demo register (demo/register/server.py) on a free port."""
    from demo.register.server import RegisterServer

    with RegisterServer(DEMO_SNAPSHOT) as server:
        yield server


@pytest.fixture
def demo_doc() -> dict:
    return json.loads(DEMO_SNAPSHOT.read_text(encoding="utf-8"))


def sync(source: str, *args: str) -> list[str]:
    """Run the command like an operator; returns the printed lines."""
    out = StringIO()
    call_command("sync_register", "--source", str(source), *args, stdout=out)
    return out.getvalue().splitlines()


def write_doc(tmp_path: Path, doc: dict | str, name: str = "doc.jsonld") -> Path:
    path = tmp_path / name
    path.write_text(
        doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False), encoding="utf-8"
    )
    return path


def services_of(doc: dict) -> list[dict]:
    return [n for n in doc["@graph"] if n.get("@type") == "cpsv:PublicService"]
