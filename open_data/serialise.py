"""Streaming writers: batches of flat node objects → JSON-LD or Turtle bytes.

Both write one batch at a time and keep nothing between batches, so a dump of any size costs
the memory of one batch. JSON-LD is a flat ``@graph`` with a prefix-only context (the form the
portal's own sync streams without building a graph); Turtle is written directly from the same
nodes (rdflib would need the whole graph in memory first).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from catalogue_pages.cpsv_nodes import CONTEXT, Node

_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def jsonld(batches: Iterable[list[Node]]) -> Iterator[bytes]:
    yield ('{"@context": ' + _encode(CONTEXT) + ',\n"@graph": [').encode()
    first = True
    for batch in batches:
        if not batch:
            continue
        text = ",\n".join(_encode(node) for node in batch)
        yield (("\n" if first else ",\n") + text).encode("utf-8")
        first = False
    yield b"\n]}\n"


#: Turtle string escapes (one ``str.translate`` pass): quotes, backslash, line breaks and
#: the other control characters.
_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F]}
_ESCAPES.update({ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r"})
_ESCAPES[ord("\t")] = "\\t"


_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')


def _string(value: str) -> str:
    if _NEEDS_ESCAPE.search(value):
        value = value.translate(_ESCAPES)
    return '"' + value + '"'


def _term(value: str) -> str:
    """A reference: a blank node label, or a full IRI (node IRIs are already made safe)."""
    if value.startswith("_:"):
        return value
    return f"<{value}>"


def _object(value: Any) -> str:
    if isinstance(value, dict):
        if "@id" in value:
            return _term(value["@id"])
        text = _string(str(value["@value"]))
        if value.get("@language"):
            return f"{text}@{value['@language']}"
        if value.get("@type"):
            return f"{text}^^{value['@type']}"
        return text
    if isinstance(value, bool):
        return "true" if value else "false"
    return _string(str(value))


def _turtle_node(node: Node) -> str:
    types = node.get("@type", [])
    types = types if isinstance(types, list) else [types]
    lines = []
    if types:
        lines.append("a " + ", ".join(types))
    for key in sorted(k for k in node if not k.startswith("@")):
        values = node[key] if isinstance(node[key], list) else [node[key]]
        lines.append(key + " " + ", ".join(_object(v) for v in values))
    return _term(node["@id"]) + " " + " ;\n    ".join(lines) + " .\n"


def turtle(batches: Iterable[list[Node]]) -> Iterator[bytes]:
    yield "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(CONTEXT.items())).encode()
    for batch in batches:
        if batch:
            yield ("\n" + "\n".join(_turtle_node(node) for node in batch)).encode("utf-8")


WRITERS = {"jsonld": jsonld, "ttl": turtle}
