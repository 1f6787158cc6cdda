"""Docs a test keeps honest: generated docs are current, every command and HTTP route is
documented, the layer rule of docs/architecture.md holds on every import, and its concept table
names modules that exist."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import pytest

from magnitsky.api.app import create_app
from magnitsky.settings import Settings, StoreSettings

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "magnitsky"
DOCS = ROOT / "docs"

# Bottom to top, as docs/architecture.md draws them: a package imports only from its own layer and below.
LAYERS = (
    ("errors", "settings", "lazy", "kernel_cache"),
    ("model", "data", "parquet"),
    ("sources",),
    ("store",),
    ("names",),
    ("index",),
    ("match", "linking"),
    ("screening",),
    ("cases", "registry", "updates"),
    ("batch", "spark"),
    ("api", "web"),
    ("commands",),
    ("cli", "__main__"),
)
LAYER_OF = {package: number for number, packages in enumerate(LAYERS) for package in packages}


def _gen_docs():
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen_docs = _gen_docs()


# -- generated docs ----------------------------------------------------------------------------


def test_generated_docs_are_current():
    stale = [str(path.relative_to(ROOT)) for path in gen_docs.stale()]
    assert not stale, f"{', '.join(stale)} stale: run python scripts/gen_docs.py"


def test_a_changed_constant_makes_matching_doc_stale():
    current = (DOCS / "matching.md").read_text(encoding="utf-8")
    tampered = current.replace("| `NAME_FLOOR` | 0.5 |", "| `NAME_FLOOR` | 0.4 |")
    assert tampered != current
    assert gen_docs.matching_doc(tampered) == current  # regenerating restores what the code says


def test_matching_doc_generated_sections_have_markers():
    text = (DOCS / "matching.md").read_text(encoding="utf-8")
    with pytest.raises(SystemExit, match="no markers for the generated sections worked-example"):
        gen_docs.matching_doc(text.replace("<!-- generated: worked-example -->", ""))


def test_matching_doc_names_the_constants_as_the_source_comments_them():
    from magnitsky.match import alignment

    comments = gen_docs.constant_comments(alignment)
    assert comments["MIN_PAIR"] == "below this two tokens are not the same name part"
    text = (DOCS / "matching.md").read_text(encoding="utf-8")
    assert f"| `MIN_PAIR` | {alignment.MIN_PAIR:g} | {comments['MIN_PAIR']} |" in text


# -- the CLI reference -------------------------------------------------------------------------


def _command_paths() -> list[str]:
    """Every command of the typer app, as typed: ``magnitsky alerts list``."""
    import typer.main

    from magnitsky.cli import app

    root = typer.main.get_command(app)
    context_class = type(root.make_context("magnitsky", ["--help"], resilient_parsing=True))
    found = []

    def walk(command, path, parent):
        context = context_class(command, info_name=path[-1], parent=parent)
        found.append(" ".join(path))
        if hasattr(command, "list_commands"):
            for name in command.list_commands(context):
                walk(command.get_command(context, name), [*path, name], context)

    walk(root, ["magnitsky"], None)
    return found


def undocumented_commands(commands: list[str], doc: str) -> list[str]:
    return [command for command in commands if not re.search(rf"^#+ `{re.escape(command)}`$", doc, re.M)]


def test_every_command_is_in_the_cli_reference():
    commands = _command_paths()
    assert {"magnitsky screen", "magnitsky load", "magnitsky serve", "magnitsky visa"} <= set(commands)
    assert undocumented_commands(commands, (DOCS / "cli.md").read_text(encoding="utf-8")) == []


def test_a_command_missing_from_the_reference_is_found():
    doc = (DOCS / "cli.md").read_text(encoding="utf-8").replace("### `magnitsky visa`\n", "")
    assert undocumented_commands(_command_paths(), doc) == ["magnitsky visa"]


def test_every_option_is_in_the_cli_reference():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    section = text.split("### `magnitsky batch`\n", 1)[1].split("\n### ", 1)[0]
    for option in ("--out", "--threshold", "--limit", "--only-matches", "--workers", "--engine", "--resume"):
        assert option in section


# -- HTTP routes -------------------------------------------------------------------------------


def _routes(tmp_path) -> list[tuple[str, str]]:
    """Every operation of the service's OpenAPI description, as (METHOD, path template)."""
    app = create_app(Settings(StoreSettings(tmp_path, f"sqlite:///{tmp_path / 'docs.db'}")))
    return sorted(
        (method.upper(), path) for path, operations in app.openapi()["paths"].items() for method in operations
    )


def _documented_method(line: str, start: int) -> str:
    """The HTTP method a mention of a path at ``start`` of ``line`` documents: ``-X METHOD`` on
    the same (curl) line, or ``METHOD`` right before it, else GET."""
    if curl := re.search(r"-X (GET|POST|PUT|PATCH|DELETE)\b", line):
        return curl.group(1)
    if before := re.search(r"\b(GET|POST|PUT|PATCH|DELETE) $", line[:start]):
        return before.group(1)
    return "GET"


PARAMETER = r"(?:\{[^}]+\}|[^/\s\"'?`]+)"  # a path parameter in a doc: {name}, or an example value


def undocumented_routes(routes: list[tuple[str, str]], doc: str) -> list[tuple[str, str]]:
    """Routes that ``doc`` mentions with no example or heading of their method: a path parameter
    may be given as ``{name}`` or as an example value (``/cases/alerts/7``)."""
    missing = []
    for method, path in routes:
        template = re.sub(r"\\\{[^}]+\\\}", lambda _: PARAMETER, re.escape(path))
        pattern = re.compile(rf"(?<![A-Za-z_/-]){template}(?=[\s\"'?`)#:,]|$)")
        lines = doc.splitlines()
        if not any(
            _documented_method(line, found.start()) == method for line in lines for found in pattern.finditer(line)
        ):
            missing.append((method, path))
    return missing


def test_every_http_route_is_documented(tmp_path):
    routes = _routes(tmp_path)
    assert ("POST", "/match/{dataset}") in routes and ("GET", "/healthz") in routes
    assert undocumented_routes(routes, (DOCS / "http-api.md").read_text(encoding="utf-8")) == []


def test_an_undocumented_route_or_method_is_found():
    doc = "### POST /match/{dataset}\n\n```sh\ncurl -s http://127.0.0.1:8000/cases/alerts/7 -H x\n```\n"
    routes = [
        ("POST", "/match/{dataset}"),
        ("GET", "/cases/alerts/{alert_id}"),
        ("POST", "/cases/alerts/{alert_id}/review"),  # not mentioned
        ("DELETE", "/cases/alerts/{alert_id}"),  # mentioned only as a GET
    ]
    assert undocumented_routes(routes, doc) == [
        ("POST", "/cases/alerts/{alert_id}/review"),
        ("DELETE", "/cases/alerts/{alert_id}"),
    ]


# -- docs/architecture.md ----------------------------------------------------------------------


def _imports(path: Path) -> set[str]:
    """The magnitsky packages ``path`` imports, lazily inside functions too."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found.update(name.split(".")[1] for name in names if name.startswith("magnitsky."))
    return found


def _package(path: Path) -> str | None:
    """The top-level package of a module of src/magnitsky; None for the package's own __init__,
    which only re-exports (lazily) for the one-line Python API."""
    parts = path.relative_to(SRC).parts
    return None if parts == ("__init__.py",) else parts[0].removesuffix(".py")


def layer_violations(modules: dict[str, set[str]], package_of: dict[str, str]) -> list[str]:
    """``module imports higher-package`` for every import of a higher layer."""
    return [
        f"{module} imports magnitsky.{imported}"
        for module, imported_packages in sorted(modules.items())
        for imported in sorted(imported_packages)
        if LAYER_OF[imported] > LAYER_OF[package_of[module]]
    ]


def _source_imports() -> tuple[dict[str, set[str]], dict[str, str]]:
    modules, package_of = {}, {}
    for path in sorted(SRC.rglob("*.py")):
        if (package := _package(path)) is None:
            continue
        name = str(path.relative_to(SRC.parent))
        modules[name], package_of[name] = _imports(path), package
    return modules, package_of


def test_every_package_has_a_layer():
    packages = {_package(path) for path in SRC.rglob("*.py")} - {None}
    assert packages - set(LAYER_OF) == set(), "add the new package to LAYERS here and in docs/architecture.md"
    architecture = (DOCS / "architecture.md").read_text(encoding="utf-8")
    assert [p for p in sorted(packages) if f"`{p}`" not in architecture] == []


def test_lower_layers_never_import_higher_ones():
    modules, package_of = _source_imports()
    assert len(modules) > 100 and "magnitsky/match/matcher.py" in modules
    assert layer_violations(modules, package_of) == []


def test_an_upward_import_is_found():
    modules = {"magnitsky/match/matcher.py": {"index", "screening"}, "magnitsky/cli.py": {"match"}}
    package_of = {"magnitsky/match/matcher.py": "match", "magnitsky/cli.py": "cli"}
    assert layer_violations(modules, package_of) == ["magnitsky/match/matcher.py imports magnitsky.screening"]


def test_the_concept_table_names_modules_that_exist():
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    table = text.split("## Concepts and where they live", 1)[1].split("\n## ", 1)[0]
    paths = re.findall(r"`(magnitsky/[^`]+)`", table)
    assert len(paths) > 30
    assert [p for p in paths if not (SRC.parent / p).exists()] == []
