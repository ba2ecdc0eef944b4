"""Every module of a layered package has a place in its import-linter layers.

import-linter checks only the modules a ``layers`` contract names; a module left out may import
anything. This test reads the contracts in ``pyproject.toml`` and the package folders, so a new
module fails the run until it is given its layer.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _layered() -> dict[str, set[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    out: dict[str, set[str]] = {}
    for contract in config["contracts"]:
        if contract["type"] == "layers" and "containers" in contract:
            names = {n.strip() for layer in contract["layers"] for n in re.split(r"[|:]", layer)}
            for container in contract["containers"]:
                out[container] = names
    return out


def _children(package: str) -> set[str]:
    folder = ROOT / package
    modules = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
    packages = {p.name for p in folder.iterdir() if (p / "__init__.py").exists()}
    return modules | packages


def test_the_apps_with_internal_layers_are_the_expected_ones():
    assert set(_layered()) >= {
        "catalogue_pages",
        "improvement",
        "open_data",
        "search",
        "service_requests",
        "sync",
    }


def test_every_module_of_a_layered_package_is_in_a_layer():
    missing = {
        package: sorted(_children(package) - names)
        for package, names in _layered().items()
        if _children(package) - names
    }
    assert not missing, f"give these modules a layer in pyproject.toml: {missing}"
