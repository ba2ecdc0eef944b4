"""schemathesis (a third-party property-based API tester) against ``/api/openapi.json``.

It reads our OpenAPI document, generates requests from it (valid and invalid), sends them to a
real HTTP server and checks every answer against the document: no 5xx, documented status codes
and content types, bodies matching their schemas, valid input accepted, invalid input refused,
and a 405 with ``Allow`` for methods the document does not list. The example count stays small
(a handful per operation and phase) so the run takes seconds, not minutes; the seed makes a
failure reproducible.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from improvement.services import refresh_everything
from tests.catalogue_pages.conftest import catalogue, clear_cache  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def test_the_api_keeps_its_openapi_document(live_server, wagtail_root, catalogue, tmp_path):  # noqa: F811
    refresh_everything()
    run = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{live_server.url}/api/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            "10",
            "--seed",
            "19",
            "--request-timeout",
            "10",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=tmp_path,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
