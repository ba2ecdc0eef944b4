"""Every setting is declared once in ``portal/settings/base.py`` and read as ``settings.X``.

A ``getattr(settings, "X", default)`` hides a second default from the one place operators
read (and a setting nobody declared); the scan below reads every module of the portal's
packages with ``ast`` and refuses both.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import global_settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "catalogue_pages",
    "improvement",
    "open_data",
    "portal",
    "requestkit",
    "search",
    "service_requests",
    "sync",
    "themes",
)


def _modules() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def _declared() -> set[str]:
    """Upper-case names assigned at the top level of base.py, and Django's own settings."""
    tree = ast.parse((ROOT / "portal" / "settings" / "base.py").read_text())
    # SETTINGS_MODULE is set by Django itself on the settings object (the module it loaded).
    names = {name for name in dir(global_settings) if name.isupper()} | {"SETTINGS_MODULE"}
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            for name in ast.walk(target) if target is not None else ():
                if isinstance(name, ast.Name) and name.id.isupper():
                    names.add(name.id)
    return names


def _settings_names(tree: ast.AST) -> set[str]:
    """The names ``django.conf.settings`` is imported as in a module."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.conf"
        for alias in node.names
        if alias.name == "settings"
    }


def test_no_module_reads_a_setting_with_getattr():
    offenders = []
    for path in _modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        bound = _settings_names(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "hasattr")
                and node.args
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id in bound
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, "read settings.X (declared in portal/settings/base.py): " + ", ".join(
        offenders
    )


def test_every_setting_the_code_reads_is_declared_in_base():
    declared = _declared()
    undeclared = []
    for path in _modules():
        if path.parent.name == "settings" and path.parent.parent.name == "portal":
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        bound = _settings_names(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in bound
                and node.attr.isupper()
                and node.attr not in declared
            ):
                undeclared.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.attr}")
    assert not undeclared, "declare in portal/settings/base.py: " + ", ".join(undeclared)
