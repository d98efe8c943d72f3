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


# --- import layers ------------------------------------------------------------------------------
#
# Imports go down the layers only. A module's layer is found by the first rule that matches its
# dotted name (most specific first); every `<domain>.models` module counts as core, since tables
# are the bottom of their domain and refer to each other through foreign keys.
LAYERS = ("matching", "search", "core", "indexing", "domains", "orchestration", "http")
DOMAINS = (
    "accounts",
    "employers",
    "profiles",
    "vacancies",
    "messaging",
    "shortlists",
    "saved_searches",
    "cv",
    "candidates",
    "matches",
    "service_model",
)
ROUTER_NAMES = ("api", "pages")
LAYER_OF: dict[str, str] = {
    "matching": "matching",
    "search": "search",
    "marketplace": "core",  # the package itself, then everything not named below
    "marketplace.taxonomy": "core",
    "marketplace.searching": "core",
    "marketplace.templating": "core",
    "marketplace.models": "core",
    "marketplace.indexing": "indexing",
    "marketplace.container": "indexing",
    **{f"marketplace.{domain}": "domains" for domain in DOMAINS},
    "marketplace.lifecycle": "orchestration",
    "marketplace.demo": "orchestration",
    "marketplace.warmup": "orchestration",
    "marketplace.pages": "http",
    **{
        f"marketplace.{name}": "http"
        for name in ("web", "deps", "app", "routes", "health", "cli", "logging", "headers")
    },
    "marketplace.limits": "http",
}
# Imports that run up the layers on purpose, each with its reason.
UPWARD_EXCEPTIONS: dict[tuple[str, str], str] = {}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    """The layer of a dotted module name of the three packages."""
    parts = module.split(".")
    if parts[-1] == "models" or module.endswith("_pages"):
        return "core" if parts[-1] == "models" else "http"
    if len(parts) > 2 and parts[-1] in ROUTER_NAMES:
        return "http"  # a domain's routers sit above every domain
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in LAYER_OF:
            return LAYER_OF[prefix]
    raise AssertionError(f"{module} is in no layer")


def _imports(path: Path) -> list[str]:
    """Dotted names a module imports from the three packages (any depth, TYPE_CHECKING too)."""
    found = []
    package = _module_name(path).rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([package, base] if base else [package])
            # `from marketplace.x import y` may name a module y or a name in x.
            found += [
                f"{base}.{alias.name}" if _is_module(f"{base}.{alias.name}") else base
                for alias in node.names
            ]
    return [name for name in found if name.split(".")[0] in ("marketplace", "search", "matching")]


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def test_imports_go_down_the_layers() -> None:
    """No import from a lower layer to a higher one (see the README's architecture section)."""
    upward = []
    for package in ("marketplace", "search", "matching"):
        for path in _modules(package):
            if "migrations" in path.parts:
                continue
            module = _module_name(path)
            rank = LAYERS.index(layer_of(module))
            for target in _imports(path):
                if LAYERS.index(layer_of(target)) > rank:
                    upward.append((module, target))
    unexplained = [
        f"{module} ({layer_of(module)}) imports {target} ({layer_of(target)})"
        for module, target in upward
        if (module, target) not in UPWARD_EXCEPTIONS
    ]
    assert unexplained == []
    stale = set(UPWARD_EXCEPTIONS) - set(upward)
    assert not stale, f"exceptions no longer needed: {sorted(stale)}"


def test_domains_import_each_other_one_way() -> None:
    """Between two domains, imports go one way only (models aside): no cycle of domains."""
    graph: dict[str, set[str]] = {domain: set() for domain in DOMAINS}
    for path in _modules("marketplace"):
        module = _module_name(path)
        if layer_of(module) != "domains":
            continue
        for target in _imports(path):
            if target.startswith("marketplace.") and layer_of(target) == "domains":
                graph[module.split(".")[1]].add(target.split(".")[1])
    for domain, others in graph.items():
        others.discard(domain)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(nxt == goal or reaches(nxt, goal, seen | {nxt}) for nxt in graph[start] - seen)

    cycles = [d for d in DOMAINS if reaches(d, d, set())]
    assert cycles == [], {d: sorted(graph[d]) for d in cycles}


# Modules importing the project's own modules inside functions, each with its reason; any other
# late import of them is a cycle being dodged. (Heavy third-party libraries may load late.)
LATE_IMPORTS: dict[str, str] = {
    "marketplace.cli": "each command loads only what it runs (`--help` loads no model)",
    "marketplace.container": "the ONNX runtime is imported only when that runtime is chosen",
    "marketplace.app": "routers and the container are wired when an app is made, not on import",
}


def _own(node: ast.Import | ast.ImportFrom) -> bool:
    """Whether an import statement names a module of the three packages."""
    names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
    own = ("marketplace", "search", "matching")
    return (isinstance(node, ast.ImportFrom) and node.level > 0) or any(
        name.split(".")[0] in own for name in names
    )


def test_no_function_level_imports_to_dodge_cycles() -> None:
    late = []
    for package in ("marketplace", "search", "matching"):
        for path in _modules(package):
            module = _module_name(path)
            if module in LATE_IMPORTS or "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for func in ast.walk(tree):
                if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                    late += [
                        f"{module}.{func.name}:{node.lineno}"
                        for node in ast.walk(func)
                        if isinstance(node, ast.Import | ast.ImportFrom) and _own(node)
                    ]
    assert late == []
