"""The optional virus-scanner hook against a real clamd (Debian's clamav-daemon).

clamd runs on a Unix socket in a temporary folder with a one-line signature database of its
own (the EICAR test file's MD5), because the real signature downloads need the internet.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from service_requests.attachments import validate_attachment

CLAMD = Path("/usr/sbin/clamd")
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f"


@pytest.fixture(scope="module")
def clamd(tmp_path_factory):
    if not CLAMD.exists():
        pytest.fail("clamd is missing: apt-get install clamav-daemon (make install does it)")
    root = tmp_path_factory.mktemp("clamd")
    (root / "db").mkdir()
    (root / "db" / "portal-test.hdb").write_text(f"{EICAR_MD5}:{len(EICAR)}:Eicar-Test-Signature\n")
    socket_path = root / "clamd.sock"
    (root / "clamd.conf").write_text(
        f"DatabaseDirectory {root / 'db'}\nLocalSocket {socket_path}\nForeground yes\n"
        f"LogFile {root / 'clamd.log'}\nUser root\n"
    )
    process = subprocess.Popen(
        [str(CLAMD), f"--config-file={root / 'clamd.conf'}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not socket_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("clamd did not start: " + (root / "clamd.log").read_text()[-2000:])
        time.sleep(0.2)
    yield f"unix://{socket_path}"
    process.terminate()
    process.wait(10)


def test_clean_file_passes_and_eicar_is_refused(clamd, settings):
    settings.CLAMD_ADDRESS = clamd
    assert validate_attachment(SimpleUploadedFile("piezīmes.txt", b"Sveiki")) == "text/plain"
    with pytest.raises(ValidationError) as error:
        validate_attachment(SimpleUploadedFile("eicar.txt", EICAR))
    assert error.value.code == "virus"
    assert "Eicar-Test-Signature" in str(error.value)


def test_scanner_down_refuses_instead_of_letting_files_through(settings, tmp_path):
    settings.CLAMD_ADDRESS = f"unix://{tmp_path / 'nothing-listens.sock'}"
    with pytest.raises(ValidationError) as error:
        validate_attachment(SimpleUploadedFile("piezīmes.txt", b"Sveiki"))
    assert error.value.code == "scan"


def test_off_by_default(settings):
    assert settings.CLAMD_ADDRESS == ""
    assert validate_attachment(SimpleUploadedFile("eicar.txt", EICAR)) == "text/plain"
