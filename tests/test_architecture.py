"""Rules of the code's shape that a reviewer should not have to check by hand."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The HTTP layer: routers and the modules that wire requests to services.
HTTP_MODULES = {"pages.py", "api.py", "web.py", "deps.py", "app.py", "health.py", "logging.py"}


def _is_http(path: Path) -> bool:
    """Routers (`api.py`, `pages.py`, `<page>_pages.py`, the cross-domain `marketplace/pages/`)
    and the modules that wire requests to services."""
    in_pages = path.parent == ROOT / "marketplace" / "pages"
    return path.name in HTTP_MODULES or path.name.endswith("_pages.py") or in_pages


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _takes_a_request(path: Path) -> list[str]:
    """Functions of a module with a parameter annotated `Request`."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for arg in [*node.args.args, *node.args.kwonlyargs]:
                if isinstance(arg.annotation, ast.Name) and arg.annotation.id == "Request":
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    return found


def test_no_request_below_the_routers() -> None:
    offenders = [
        hit
        for package in ("marketplace", "search", "matching")
        for path in _modules(package)
        if not _is_http(path) and "migrations" not in path.parts
        for hit in _takes_a_request(path)
    ]
    assert offenders == []


def test_search_and_matching_import_nothing_above_them() -> None:
    forbidden = {"search": ("marketplace",), "matching": ("marketplace", "search")}
    offenders = []
    for package, above in forbidden.items():
        for path in _modules(package):
            for node in ast.walk(ast.parse(path.read_text())):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                offenders += [
                    f"{path.relative_to(ROOT)} imports {name}"
                    for name in names
                    if name.split(".")[0] in above
                ]
    assert offenders == []
