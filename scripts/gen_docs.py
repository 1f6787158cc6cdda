"""Write the generated parts of the documentation from the code they describe.

- ``docs/cli.md``: every command of the ``magnitsky`` typer app with its usage, arguments and
  options, as ``--help`` gives them (the whole file is generated).
- ``docs/matching.md``: the sections between ``<!-- generated: NAME -->`` and
  ``<!-- end generated: NAME -->``, from the matcher's own definitions: its constants with the
  comments they carry in the source, the evidence features, and tables computed by the scoring
  functions themselves (what evidence does to a name score, a worked example on the bundled
  lists). The prose around them is written by hand.

``python scripts/gen_docs.py`` rewrites both; ``--check`` only says which are stale (exit 1).
``tests/test_docs.py`` runs the check, so a changed constant, feature or command fails the tests
until the docs are regenerated.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import io
import json
import re
import sys
import tokenize
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CLI_DOC = DOCS / "cli.md"
MATCHING_DOC = DOCS / "matching.md"
MARKER = re.compile(r"(<!-- generated: (?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- end generated: (?P=name) -->)", re.S)


# -- constants with their comments ------------------------------------------------------------


def constant_comments(module: ModuleType) -> dict[str, str]:
    """The module-level ``NAME = value  # comment`` assignments of ``module``: name -> comment
    (empty when the line has none)."""
    source = inspect.getsource(module)
    comments = {
        token.start[0]: token.string.lstrip("#").strip()
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }
    found = {}
    for node in ast.parse(source).body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        for target in targets:
            if isinstance(target, ast.Name):
                found[target.id] = comments.get(node.end_lineno or node.lineno, "")
    return found


def constants_table(module_name: str, names: Sequence[str]) -> str:
    """A table of ``names`` in the module: value, and what its source comment says it means."""
    module = importlib.import_module(module_name)
    comments = constant_comments(module)
    rows = ["| constant | value | meaning |", "| --- | --- | --- |"]
    for name in names:
        if name not in comments:
            raise SystemExit(f"{module_name}.{name}: no such module-level constant; update scripts/gen_docs.py")
        rows.append(f"| `{name}` | {_value(getattr(module, name))} | {_cell(comments[name]) or '-'} |")
    return f"From `{module_name}`:\n\n" + "\n".join(rows) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple | list | frozenset | set):
        items = sorted(value) if isinstance(value, frozenset | set) else value
        return ", ".join(f"`{item}`" for item in items)
    return f"`{value}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


# -- docs/matching.md ---------------------------------------------------------------------------


def _retrieval() -> str:
    return "\n".join(
        [
            constants_table("magnitsky.index.forms", ["MAX_FORMS"]),
            constants_table("magnitsky.index.name_index", ["_TRIGRAM_WEIGHT", "_MAX_DF_SHARE"]),
            constants_table("magnitsky.match.matcher", ["CANDIDATES", "RETRIEVAL_FLOOR", "NAME_FLOOR"]),
        ]
    )


def _token_pairs() -> str:
    from magnitsky.match.alignment_kernel import HOWS

    kinds = "Kinds of token pair (`how` in an explanation): " + ", ".join(f"`{how}`" for how in HOWS) + ".\n"
    table = constants_table(
        "magnitsky.match.alignment",
        [
            "MIN_PAIR",
            "CONFIDENT",
            "SAME_SKELETON",
            "SWAP",
            "SLIP_LISTED_MIN",
            "SLIP_CHANGED_MIN",
            "SLIP_FIRST_LETTER_MAX",
            "INITIAL_SIMILARITY",
            "JOINED_MIN",
            "JOINED_FACTOR",
        ],
    )
    return kinds + "\n" + table + "\n" + _evidence_of_table()


def _evidence_of_table() -> str:
    """How a pair's similarity counts towards the name score (``alignment.evidence_of``)."""
    from magnitsky.match.alignment import evidence_of

    similarities = (1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.71, 0.7)
    rows = ["| pair similarity | " + " | ".join(f"{s:g}" for s in similarities) + " |"]
    rows.append("| --- |" + " --- |" * len(similarities))
    rows.append("| counts as | " + " | ".join(f"{evidence_of(s):.2f}" for s in similarities) + " |")
    return "`evidence_of(similarity)`, computed:\n\n" + "\n".join(rows) + "\n"


def _name_score() -> str:
    return "\n".join(
        [
            constants_table("magnitsky.index.form_table", ["INITIAL_WEIGHT"]),
            constants_table(
                "magnitsky.match.alignment",
                [
                    "MISSING_QUERY",
                    "MISSING_LISTED",
                    "MISSING_LISTED_ORGANISATION",
                    "ONE_PART_CAP",
                    "SHORT_NAME_LETTERS",
                    "SHORT_NAME_CAP",
                    "SHORT_COMPANY_SLIP",
                    "GENERATED_CAP",
                    "CORROBORATING_WORDS",
                ],
            ),
            constants_table("magnitsky.match.matcher", ["WEAK_ALIAS_FACTOR"]),
        ]
    )


def _features() -> str:
    from magnitsky.match.evidence import FEATURES

    rows = ["| feature | what it compares |", "| --- | --- |"]
    rows += [f"| `{name}` | {_cell(description)} |" for name, description in FEATURES.items()]
    constants = constants_table(
        "magnitsky.match.evidence",
        [
            "DATE_EXACT",
            "DATE_YEAR",
            "DATE_NEAR",
            "DATE_CONTRADICTS",
            "COUNTRY_AGREES",
            "COUNTRY_CONTRADICTS",
            "GENDER_CONTRADICTS",
            "IDENTIFIER_MATCH",
        ],
    )
    company = constants_table(
        "magnitsky.match.company_names",
        ["OTHER_FORM_CAP", "WEAK_ONE_WORD_CAP", "ACRONYM_LETTERS", "ACRONYM_CAP", "SHORT_LETTERS"],
    )
    return "\n".join(rows) + "\n\n" + constants + "\n" + company


def _evidence_effects() -> str:
    """What the evidence does to a range of name scores, computed by ``final_score`` on the
    evidence the real comparison functions give for real dates and countries."""
    from magnitsky.match.evidence import birth_date_evidence, final_score
    from magnitsky.model import parse_date

    def born(query: str, listed: str):
        return birth_date_evidence((parse_date(query),), (parse_date(listed),))

    country_agrees, country_differs = _country_evidence()
    columns: list[tuple[str, list]] = [
        ("name alone", []),
        ("same birth date", [born("1967-08-10", "1967-08-10")]),
        ("same birth year", [born("1967", "1967-08-10")]),
        ("same country", [country_agrees]),
        ("same date and country", [born("1967-08-10", "1967-08-10"), country_agrees]),
        ("birth date 1 year apart", [born("1968-08-10", "1967-08-10")]),
        ("other country", [country_differs]),
        ("birth date 10 years apart", [born("1977-08-10", "1967-08-10")]),
    ]
    name_scores = (1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.6)
    rows = ["| name score | " + " | ".join(title for title, _ in columns) + " |"]
    rows.append("| --- |" + " --- |" * len(columns))
    for name_score in name_scores:
        scores = [final_score(name_score, evidence)[0] for _, evidence in columns]
        rows.append(f"| {name_score:.2f} | " + " | ".join(f"{score:.3f}" for score in scores) + " |")
    return "\n".join(rows) + "\n"


def _country_evidence():
    """Country evidence for a query from Russia against an entry of Russia, and of Ukraine."""
    from magnitsky.match.evidence import country_evidence
    from magnitsky.model import Entity, Name

    def entry(country: str) -> Entity:
        return Entity("example", country, "Person", (Name("Example"),), countries=(country,))

    return country_evidence(frozenset({"ru"}), entry("ru")), country_evidence(frozenset({"ru"}), entry("ua"))


def _thresholds() -> str:
    from magnitsky.match.evidence import lowest_liftable

    tables = constants_table(
        "magnitsky.settings", ["MATCH_THRESHOLD", "CONFIRM_THRESHOLD", "REVIEW_THRESHOLD", "FOUR_EYES_THRESHOLD"]
    )
    thresholds = (0.95, 0.9, 0.85, 0.8, 0.75)
    rows = ["| threshold | " + " | ".join(f"{t:g}" for t in thresholds) + " |"]
    rows.append("| --- |" + " --- |" * len(thresholds))
    for title, has_date, has_country in (
        ("name only", False, False),
        ("with a birth date", True, False),
        ("with a country", False, True),
        ("with both", True, True),
    ):
        lowest = [lowest_liftable(t, has_date, has_country) for t in thresholds]
        rows.append(f"| {title} | " + " | ".join(f"{value:.3f}" for value in lowest) + " |")
    liftable = (
        "The lowest name score that agreeing evidence could still lift to the threshold "
        "(`lowest_liftable`, computed): a query with less is not aligned further when only matches "
        "are wanted.\n\n" + "\n".join(rows) + "\n"
    )
    return tables + "\n" + liftable


EXAMPLE_QUERY = {
    "schema": "Person",
    "properties": {"name": ["Kliuyev Dmitri Vladimirovich"], "birthDate": ["1967-08-10"]},
}


def _worked_example() -> str:
    """A real screening on the bundled lists, with the explanation the API and CLI return."""
    from magnitsky.data import default_lists
    from magnitsky.screening import Screener
    from magnitsky.sources import open_list

    entities = [entity for path in default_lists() for entity in open_list(path).entities()]
    result = Screener.from_entities(entities).screen(EXAMPLE_QUERY, limit=1)
    hit = result.hits[0]
    explanation = {"entity_id": hit.entity_id, "score": round(hit.score, 3), "explanation": hit.explanation}
    return (
        "Query:\n\n```json\n"
        + json.dumps(EXAMPLE_QUERY, ensure_ascii=False)
        + "\n```\n\nBest candidate on the bundled lists (`magnitsky demo`), as returned:\n\n```json\n"
        + json.dumps(explanation, ensure_ascii=False, indent=2)
        + "\n```\n"
    )


MATCHING_SECTIONS: dict[str, Callable[[], str]] = {
    "retrieval": _retrieval,
    "token-pairs": _token_pairs,
    "name-score": _name_score,
    "evidence": _features,
    "evidence-effects": _evidence_effects,
    "thresholds": _thresholds,
    "worked-example": _worked_example,
}


def matching_doc(current: str) -> str:
    """``current`` (docs/matching.md) with every generated section rewritten."""
    seen = set()

    def section(match: re.Match) -> str:
        name = match["name"]
        if name not in MATCHING_SECTIONS:
            raise SystemExit(f"{MATCHING_DOC}: unknown generated section {name!r}")
        seen.add(name)
        return match.group(1) + MATCHING_SECTIONS[name]() + match.group(4)

    text = MARKER.sub(section, current)
    if missing := set(MATCHING_SECTIONS) - seen:
        raise SystemExit(f"{MATCHING_DOC}: no markers for the generated sections {', '.join(sorted(missing))}")
    return text


# -- docs/cli.md ----------------------------------------------------------------------------------

CLI_HEADER = """# Command-line reference

Generated from the `magnitsky` command itself by `python scripts/gen_docs.py`; do not edit by
hand (the tests fail when it is stale). `magnitsky COMMAND --help` shows the same.
"""


def cli_doc() -> str:
    """Every command of the typer app, depth first in the order ``--help`` lists them."""
    import typer.main

    from magnitsky.cli import app

    root = typer.main.get_command(app)
    context_class = type(root.make_context("magnitsky", ["--help"], resilient_parsing=True))
    parts = [CLI_HEADER]

    def walk(command, path: list[str], parent) -> None:
        context = context_class(command, info_name=path[-1], parent=parent)
        parts.append(_command_section(command, path, context))
        if hasattr(command, "list_commands"):
            for name in command.list_commands(context):
                walk(command.get_command(context, name), [*path, name], context)

    walk(root, ["magnitsky"], None)
    return "\n".join(parts)


def _command_section(command, path: list[str], context) -> str:
    title = " ".join(path)
    usage = " ".join([title, *command.collect_usage_pieces(context)])
    lines = [f"{'#' * min(len(path) + 1, 4)} `{title}`", "", *_paragraphs(command.help or ""), "```", usage, "```", ""]
    records = [(param, param.get_help_record(context)) for param in command.params]
    records = [(param, record) for param, record in records if record is not None]
    if records:
        lines += ["| argument or option | description |", "| --- | --- |"]
        for param, (names, description) in records:
            kind = "argument" if param.param_type_name == "argument" else "option"
            described = _cell(" ".join(description.split())) or "-"
            lines.append(f"| `{names}` ({kind}) | {described} |")
        lines.append("")
    return "\n".join(lines)


def _paragraphs(text: str) -> list[str]:
    """A docstring's paragraphs, each on one line, then a blank line."""
    out = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        if paragraph.strip():
            out += [" ".join(paragraph.split()), ""]
    return out


# -- main -----------------------------------------------------------------------------------------


def generated() -> dict[Path, str]:
    """Each generated file with the text it should have now."""
    return {CLI_DOC: cli_doc(), MATCHING_DOC: matching_doc(MATCHING_DOC.read_text(encoding="utf-8"))}


def stale() -> list[Path]:
    """The generated files whose text differs from what the code generates now."""
    return [path for path, text in generated().items() if not path.exists() or path.read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files (exit 1 if any)")
    args = parser.parse_args(argv)
    if args.check:
        paths = stale()
        for path in paths:
            print(f"{path.relative_to(ROOT)}: stale; run python scripts/gen_docs.py", file=sys.stderr)
        return 1 if paths else 0
    for path, text in generated().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
