"""Structural checks of uploaded documents, beyond their first bytes.

Why: a file that starts with ``%PDF-`` but is an HTML page, or a zip that holds
``[Content_Types].xml`` next to an ``.exe``, passed the magic-byte test. A requesting
institution's provider opens these files, so we accept only documents that have the
skeleton of what they claim to be and carry nothing executable:

* PDF: parsed by ``pdf_structure`` (pypdf); PNG and JPEG: walked by ``image_structure``.
* OOXML (docx, xlsx): ``[Content_Types].xml`` declaring the main part of that kind, and that
  part present; ODT: its ``mimetype`` and ``content.xml``.
* Any zip: bounded member count and unpacked size (no zip bombs), no macro project, no
  member that is a program (by name or by its first bytes).
"""

from __future__ import annotations

import re
import zipfile
from typing import IO

OOXML_MAIN = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_OVERRIDE = re.compile(
    r'<Override\b[^>]*?PartName="([^"]+)"[^>]*?ContentType="([^"]+)"'
    r'|<Override\b[^>]*?ContentType="([^"]+)"[^>]*?PartName="([^"]+)"',
    re.I,
)
EXECUTABLE_NAMES = re.compile(
    r"\.(exe|dll|com|scr|bat|cmd|ps1|vbs|vbe|js|jse|wsf|msi|jar|sh|app|lnk|hta|cpl)$", re.I
)
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")
MACRO_NAMES = re.compile(r"(^|/)vbaProject\.bin$|(^|/)vbaData\.xml$", re.I)
MAX_MEMBERS = 2000
MAX_UNPACKED = 100 * 1024 * 1024


def _members_are_safe(archive: zipfile.ZipFile) -> bool:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED:
        return False
    for info in infos:
        if EXECUTABLE_NAMES.search(info.filename) or MACRO_NAMES.search(info.filename):
            return False
        if info.is_dir():
            continue
        with archive.open(info) as member:
            if member.read(4).startswith(EXECUTABLE_MAGIC):
                return False
    return True


def _main_part(content_types: str, main_type: str) -> str | None:
    for match in _OVERRIDE.finditer(content_types):
        part, kind = (match.group(1), match.group(2)) if match.group(1) else match.group(4, 3)
        if kind.strip() == main_type:
            return part.lstrip("/")
    return None


def office_kind(upload: IO[bytes]) -> str | None:
    """``docx``, ``xlsx`` or ``odt`` when the zip is a sound document of that kind."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if not _members_are_safe(archive):
                return None
            if "mimetype" in names and "content.xml" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if declared == "application/vnd.oasis.opendocument.text":
                    return "odt"
            if "[Content_Types].xml" in names:
                types = archive.read("[Content_Types].xml")[:200_000].decode("utf-8", "replace")
                for kind, main_type in OOXML_MAIN.items():
                    part = _main_part(types, main_type)
                    if part and part in names:
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError, EOFError):
        return None
    return None
