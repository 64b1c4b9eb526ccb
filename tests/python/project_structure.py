"""Structure rules of dbt-project-evaluator, checked over dbt's manifest.json.

The dbt-project-evaluator package cannot be installed here (the dbt hub is unreachable), so
tests/python/test_project_structure.py parses the project once and runs these rules over the
manifest instead. Every rule is a function `rule(project) -> list[Violation]`; a violation
belongs to one resource (model, source or macro) whose yml can carry a documented exception:

    models:
      - name: fct_example
        config:
          meta:
            structure_exceptions:
              model_fanout: "why this model may break the rule"

(`meta:` directly under the model works too: dbt 1.11 puts both into node['meta'] and
node['config']['meta']). An exception without a reason, for an unknown rule, or for a rule the
resource no longer breaks is itself reported, so exceptions cannot rot.

Layers come from the folder, as the project's conventions lay them out:
    base          models/staging/<source>/base/base_*.sql
    staging       models/staging/<source>/stg_*.sql
    intermediate  models/intermediate/**/int_*.sql
    marts         models/marts/**  (fct_*, dim_* or another public name)
A model outside those folders is typed by its prefix and reported by model_naming_conventions.

The graph is rebuilt from each node's depends_on.nodes (not from the manifest's parent_map or
child_map), so a test can inject an edge by editing depends_on alone. Data tests and unit
tests are not part of the graph, as in the evaluator (its recursive DAG drops tests).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXCEPTIONS_KEY = "structure_exceptions"

# dbt-project-evaluator's default `models_fanout_threshold` is 3 and fct_model_fanout keeps a
# parent when its leaf-children count is `>= models_fanout_threshold`; its integration seed
# flags fct_model_6 with exactly three leaf children (report_1..3). So three leaf children
# already break the rule: at most two are allowed.
MODELS_FANOUT_THRESHOLD = 3
MAX_MODEL_FILE_LINES = 200
MAX_MACRO_FILE_LINES = 120

LAYER_PREFIXES = {
    "base": ("base_",),
    "staging": ("stg_",),
    "intermediate": ("int_",),
    "marts": ("fct_", "dim_"),
}
MART_DIMENSION_PREFIX = "dim_"
# Node types that count as children for "leaf" and "only child" (tests are not in the DAG).
GRAPH_NODE_TYPES = {"model", "snapshot", "seed"}


@dataclass(frozen=True)
class Violation:
    rule: str
    owner: str  # unique_id of the model, source or macro whose yml may hold the exception
    detail: str

    def line(self) -> str:
        return f"{self.rule}: {self.detail}"


@dataclass
class Model:
    unique_id: str
    name: str
    path: str
    layer: str  # base | staging | intermediate | marts | other
    source_folder: str | None  # <source> of models/staging/<source>/..., else None
    in_layer_folder: bool  # the layer came from the folder, not from the name
    node: dict[str, Any]


@dataclass
class Project:
    """A parsed project: the manifest plus the text of its macro files."""

    manifest: dict[str, Any]
    read_text: Callable[[str], str]
    project_name: str = field(init=False)
    models: dict[str, Model] = field(init=False)
    sources: dict[str, dict[str, Any]] = field(init=False)
    macros: dict[str, dict[str, Any]] = field(init=False)
    parents: dict[str, list[str]] = field(init=False)
    children: dict[str, list[str]] = field(init=False)
    exposed: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.project_name = self.manifest["metadata"]["project_name"]
        self.models = {
            uid: classify(node)
            for uid, node in self.manifest["nodes"].items()
            if node["resource_type"] == "model" and node["package_name"] == self.project_name
        }
        self.sources = {
            uid: src
            for uid, src in self.manifest["sources"].items()
            if src["package_name"] == self.project_name
        }
        self.macros = {
            uid: mac
            for uid, mac in self.manifest["macros"].items()
            if mac["package_name"] == self.project_name
        }
        self.parents = defaultdict(list)
        self.children = defaultdict(list)
        graph_nodes = {
            uid: node
            for uid, node in self.manifest["nodes"].items()
            if node["resource_type"] in GRAPH_NODE_TYPES
        }
        for uid, node in graph_nodes.items():
            for parent in dict.fromkeys(node.get("depends_on", {}).get("nodes", [])):
                self.parents[uid].append(parent)
                self.children[parent].append(uid)
        # An exposure makes its models non-leaf (evaluator: models_without_children).
        self.exposed = {
            parent
            for exposure in self.manifest.get("exposures", {}).values()
            for parent in exposure.get("depends_on", {}).get("nodes", [])
        }

    # --- naming helpers ---------------------------------------------------------------------
    def label(self, uid: str) -> str:
        """How a failure line names a node: model name, `source.table (source)`, ..."""
        if uid in self.models:
            return self.models[uid].name
        if uid in self.sources:
            src = self.sources[uid]
            return f"{src['source_name']}.{src['name']}"
        node = self.manifest["nodes"].get(uid) or self.manifest["macros"].get(uid)
        return node["name"] if node else uid

    def kind(self, uid: str) -> str:
        """The layer of a model, else the resource type (source, seed, model of a package)."""
        if uid in self.models:
            return self.models[uid].layer
        if uid in self.sources:
            return "source"
        return uid.split(".", 1)[0]

    def edge(self, child: str, parent: str) -> str:
        return f"{self.label(child)} -> {self.label(parent)} ({self.kind(parent)})"

    def graph_children(self, uid: str) -> list[str]:
        return self.children.get(uid, [])


def classify(node: dict[str, Any]) -> Model:
    """Layer of a model from its folder (models/<layer>/...); by name prefix elsewhere."""
    name = node["name"]
    parts = Path(node["original_file_path"]).parts
    folders = parts[1:-1]  # drop the model-path root ("models") and the file name
    source_folder = None
    layer = None
    if folders and folders[0] == "staging":
        source_folder = folders[1] if len(folders) >= 2 else None
        layer = "base" if "base" in folders[2:] else "staging"
    elif folders and folders[0] == "intermediate":
        layer = "intermediate"
    elif folders and folders[0] == "marts":
        layer = "marts"
    if layer is not None:
        return Model(
            node["unique_id"], name, node["original_file_path"], layer, source_folder, True, node
        )
    by_prefix = next(
        (lay for lay, prefixes in LAYER_PREFIXES.items() if name.startswith(prefixes)), "other"
    )
    return Model(node["unique_id"], name, node["original_file_path"], by_prefix, None, False, node)


# --- rules ------------------------------------------------------------------------------------


def model_naming_conventions(project: Project) -> list[Violation]:
    """Name prefix matches the folder; every model sits in its layer's folder (evaluator:
    fct_model_naming_conventions, fct_model_directories)."""
    out = []
    for m in project.models.values():
        problem = None
        if not m.in_layer_folder:
            problem = f"is outside models/staging|intermediate|marts (named like {m.layer})"
        elif m.layer in ("staging", "base") and m.source_folder is None:
            problem = "is directly in models/staging/; staging lives in models/staging/<source>/"
        elif m.layer == "base" and not m.name.startswith("base_"):
            problem = "is in a base/ folder but not named base_*"
        elif m.layer == "staging" and m.name.startswith("base_"):
            problem = "is named base_* but not in models/staging/<source>/base/"
        elif m.layer == "staging" and not m.name.startswith("stg_"):
            problem = "is in models/staging/ but not named stg_* (or base_* under base/)"
        elif m.layer == "intermediate" and not m.name.startswith("int_"):
            problem = "is in models/intermediate/ but not named int_*"
        elif m.layer == "marts" and m.name.startswith(("stg_", "base_", "int_")):
            problem = "is in models/marts/ but named like a staging, base or intermediate model"
        if problem:
            out.append(
                Violation("model_naming_conventions", m.unique_id, f"{m.name} ({m.path}) {problem}")
            )
    return out


def sources_read_only_by_own_staging(project: Project) -> list[Violation]:
    """A source is read only by staging or base models in models/staging/<its source name>/
    (evaluator: fct_direct_join_to_source, fct_marts_or_intermediate_dependent_on_source,
    fct_model_directories for staging)."""
    out = []
    for uid, m in project.models.items():
        for parent in project.parents.get(uid, []):
            if parent not in project.sources:
                continue
            source_name = project.sources[parent]["source_name"]
            if m.layer in ("staging", "base") and m.source_folder == source_name:
                continue
            where = (
                f"a {m.layer} model"
                if m.layer not in ("staging", "base")
                else f"a {m.layer} model of models/staging/{m.source_folder}/"
            )
            out.append(
                Violation(
                    "sources_read_only_by_own_staging",
                    uid,
                    f"{project.edge(uid, parent)}: read by {where}, "
                    f"not by models/staging/{source_name}/",
                )
            )
    return out


def source_fanout(project: Project) -> list[Violation]:
    """Each source table is read by exactly one model (evaluator: fct_source_fanout flags more
    than one direct child model; fct_unused_sources flags none)."""
    out = []
    for uid in project.sources:
        readers = sorted(
            project.label(c) for c in project.graph_children(uid) if c in project.models
        )
        if len(readers) != 1:
            what = ", ".join(readers) if readers else "no model"
            out.append(
                Violation(
                    "source_fanout",
                    uid,
                    f"{project.label(uid)} (source) is read by {len(readers)} "
                    f"models, expected exactly 1: {what}",
                )
            )
    return out


def staging_reads_only_own_source(project: Project) -> list[Violation]:
    """Staging reads its own source or the base models of its folder; base reads its own
    source or other base models of its folder (evaluator: fct_staging_dependent_on_staging,
    fct_staging_dependent_on_marts_or_intermediate, fct_multiple_sources_joined's base_
    remedy). Seeds are raw data too and may be read here."""
    out = []
    for uid, m in project.models.items():
        if m.layer not in ("staging", "base"):
            continue
        for parent in project.parents.get(uid, []):
            if parent in project.sources:
                if project.sources[parent]["source_name"] == m.source_folder:
                    continue
            elif parent in project.models:
                p = project.models[parent]
                if p.layer == "base" and p.source_folder == m.source_folder:
                    continue
            elif parent.startswith("seed."):
                continue
            out.append(Violation("staging_reads_only_own_source", uid, project.edge(uid, parent)))
    return out


def intermediate_depends_on_staging_or_intermediate(project: Project) -> list[Violation]:
    """Intermediate models read staging or intermediate models only: no source, base model
    or mart (evaluator: fct_marts_or_intermediate_dependent_on_source)."""
    out = []
    for uid, m in project.models.items():
        if m.layer != "intermediate":
            continue
        for parent in project.parents.get(uid, []):
            if project.kind(parent) not in ("staging", "intermediate"):
                out.append(
                    Violation(
                        "intermediate_depends_on_staging_or_intermediate",
                        uid,
                        project.edge(uid, parent),
                    )
                )
    return out


def marts_depend_on_intermediates(project: Project) -> list[Violation]:
    """Marts read intermediate models, or a dimension mart (dim_*) to join its attributes;
    never staging, base or sources (evaluator: fct_marts_or_intermediate_dependent_on_source,
    the project's own 'marts read intermediates' convention)."""
    out = []
    for uid, m in project.models.items():
        if m.layer != "marts":
            continue
        for parent in project.parents.get(uid, []):
            kind = project.kind(parent)
            if kind == "intermediate":
                continue
            if kind == "marts" and project.label(parent).startswith(MART_DIMENSION_PREFIX):
                continue
            out.append(Violation("marts_depend_on_intermediates", uid, project.edge(uid, parent)))
    return out


def model_fanout(project: Project) -> list[Violation]:
    """Evaluator fct_model_fanout: a leaf child is a direct child model with no children of
    its own; a model with >= models_fanout_threshold (3) leaf children is flagged."""
    out = []
    for uid in project.models:
        leaves = sorted(
            project.label(c)
            for c in project.graph_children(uid)
            if c in project.models and not project.graph_children(c) and c not in project.exposed
        )
        if len(leaves) >= MODELS_FANOUT_THRESHOLD:
            out.append(
                Violation(
                    "model_fanout",
                    uid,
                    f"{project.label(uid)} has {len(leaves)} leaf children "
                    f"(at most {MODELS_FANOUT_THRESHOLD - 1}): {', '.join(leaves)}",
                )
            )
    return out


def rejoining_of_upstream_concepts(project: Project) -> list[Violation]:
    """Evaluator fct_rejoining_of_upstream_concepts: parent A, child C of A that is also the
    child of B, B a child of A, and B has no other child than C (so B belongs in C as a CTE).
    Reported on C, the model that rejoins."""
    out = []
    for child in project.models:
        direct = set(project.parents.get(child, []))
        for between in sorted(direct):
            if project.graph_children(between) != [child]:
                continue
            for upstream in sorted(set(project.parents.get(between, [])) & direct):
                out.append(
                    Violation(
                        "rejoining_of_upstream_concepts",
                        child,
                        f"{project.label(child)} -> {project.label(between)} -> "
                        f"{project.label(upstream)} and {project.label(child)} -> "
                        f"{project.label(upstream)} ({project.kind(upstream)}); "
                        f"{project.label(between)} has no other child",
                    )
                )
    return out


def hard_coded_references(project: Project) -> list[Violation]:
    """Evaluator fct_hard_coded_references: a from/join to a literal relation instead of
    ref()/source(), including `{{ var(...) }}`; here also a bare name that is no CTE."""
    out = []
    for uid, m in project.models.items():
        for lineno, reference in find_hard_coded_references(m.node.get("raw_code") or ""):
            out.append(
                Violation(
                    "hard_coded_references", uid, f"{m.name} -> {reference} ({m.path}:{lineno})"
                )
            )
    return out


def root_models(project: Project) -> list[Violation]:
    """Evaluator fct_root_models: a model with no direct parent."""
    return [
        Violation("root_models", uid, f"{m.name} has no parent (no ref() or source())")
        for uid, m in project.models.items()
        if not project.parents.get(uid)
    ]


REF_OR_SOURCE_CALL = re.compile(r"\b(ref|source)\s*\(")
JINJA_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)


def macros_do_not_ref_or_source(project: Project) -> list[Violation]:
    """No macro calls ref() or source(): a macro that reads a model hides the dependency in a
    shared place (the project's convention; the evaluator has no such rule)."""
    out = []
    for uid, mac in project.macros.items():
        path = mac["original_file_path"]
        text = JINJA_COMMENT.sub(lambda c: re.sub(r"[^\n]", " ", c.group()), mac["macro_sql"])
        offset = _line_offset(project, path, mac["macro_sql"])
        seen = set()
        for block in JINJA_CODE.finditer(text):
            for call in REF_OR_SOURCE_CALL.finditer(block.group()):
                lineno = text.count("\n", 0, block.start() + call.start()) + 1 + offset
                if (call.group(1), lineno) in seen:
                    continue
                seen.add((call.group(1), lineno))
                out.append(
                    Violation(
                        "macros_do_not_ref_or_source",
                        uid,
                        f"{mac['name']} calls {call.group(1)}() ({path}:{lineno})",
                    )
                )
    return out


def file_too_long(project: Project) -> list[Violation]:
    """Model .sql files have at most 200 lines, macro .sql files at most 120."""
    out = []
    for uid, m in project.models.items():
        lines = count_lines(m.node.get("raw_code") or "")
        if lines > MAX_MODEL_FILE_LINES:
            out.append(
                Violation(
                    "file_too_long",
                    uid,
                    f"{m.name} ({m.path}) has {lines} lines (at most {MAX_MODEL_FILE_LINES})",
                )
            )
    for path, owner in sorted(macro_files(project).items()):
        lines = count_lines(project.read_text(path))
        if lines > MAX_MACRO_FILE_LINES:
            out.append(
                Violation(
                    "file_too_long",
                    owner,
                    f"{path} has {lines} lines (at most {MAX_MACRO_FILE_LINES})",
                )
            )
    return out


def model_descriptions(project: Project) -> list[Violation]:
    """Evaluator fct_undocumented_models: every model has a non-empty description."""
    return [
        Violation("model_descriptions", uid, f"{m.name} has no description")
        for uid, m in project.models.items()
        if not (m.node.get("description") or "").strip()
    ]


def column_descriptions(project: Project) -> list[Violation]:
    """Every column a model's yml lists has a non-empty description."""
    out = []
    for uid, m in project.models.items():
        for column in m.node.get("columns", {}).values():
            if not (column.get("description") or "").strip():
                out.append(
                    Violation(
                        "column_descriptions", uid, f"{m.name}.{column['name']} has no description"
                    )
                )
    return out


def materialization_explained(project: Project) -> list[Violation]:
    """SPEC 9.1 (issue 11): every model stored as a table says in its yml how a daily run
    treats it (`config.meta.incremental`): an incremental model its strategy and partition
    column, a table why it is rebuilt whole."""
    out = []
    for uid, m in project.models.items():
        config = m.node.get("config", {})
        materialized = config.get("materialized")
        if materialized in ("view", "ephemeral"):
            continue
        meta = {**m.node.get("meta", {}), **config.get("meta", {})}
        text = " ".join(str(meta.get("incremental") or "").split())
        partitions = config.get("partition_by") or []
        partitions = [partitions] if isinstance(partitions, str) else partitions
        if not text:
            problem = "has no meta.incremental (how a daily run treats it, and why)"
        elif materialized == "incremental" and not all(p in text for p in partitions):
            problem = f"meta.incremental does not name its partitions ({', '.join(partitions)})"
        elif materialized == "table" and not text.startswith("rebuilt whole: "):
            problem = "meta.incremental of a table does not start with 'rebuilt whole: ' and why"
        else:
            continue
        out.append(
            Violation("materialization_explained", uid, f"{m.name} ({materialized}) {problem}")
        )
    return out


RULES: dict[str, Callable[[Project], list[Violation]]] = {
    rule.__name__: rule
    for rule in (
        model_naming_conventions,
        sources_read_only_by_own_staging,
        source_fanout,
        staging_reads_only_own_source,
        intermediate_depends_on_staging_or_intermediate,
        marts_depend_on_intermediates,
        model_fanout,
        rejoining_of_upstream_concepts,
        hard_coded_references,
        root_models,
        macros_do_not_ref_or_source,
        file_too_long,
        model_descriptions,
        column_descriptions,
        materialization_explained,
    )
}


# --- exceptions -------------------------------------------------------------------------------


def declared_exceptions(project: Project) -> dict[str, Any]:
    """unique_id -> the structure_exceptions value of every model, source and macro that has
    one (node['config']['meta'] merged over node['meta'])."""
    found = {}
    resources = {
        **{uid: m.node for uid, m in project.models.items()},
        **project.sources,
        **project.macros,
    }
    for uid, node in resources.items():
        meta = {**(node.get("meta") or {}), **((node.get("config") or {}).get("meta") or {})}
        if EXCEPTIONS_KEY in meta:
            found[uid] = meta[EXCEPTIONS_KEY]
    return found


@dataclass
class Report:
    violations: list[Violation]  # every violation, before exceptions
    unexcepted: list[Violation]  # violations no valid exception covers
    exception_problems: list[str]  # exceptions without reason, unknown or stale

    def lines(self, rule: str | None = None) -> list[str]:
        return sorted(
            (v.line() for v in self.unexcepted if rule is None or v.rule == rule), key=natural_key
        )


def evaluate(project: Project, rules: Iterable[str] | None = None) -> Report:
    names = list(rules) if rules is not None else list(RULES)
    violations = [v for name in names for v in RULES[name](project)]
    broken = {(v.owner, v.rule) for v in violations}
    valid: set[tuple[str, str]] = set()
    problems = []
    for uid, exceptions in sorted(declared_exceptions(project).items()):
        who = project.label(uid)
        if not isinstance(exceptions, Mapping):
            problems.append(
                f"{EXCEPTIONS_KEY}: {who}: expected a mapping "
                f"{{<rule>: <reason>}}, got {exceptions!r}"
            )
            continue
        for rule, reason in exceptions.items():
            if rule not in RULES:
                problems.append(
                    f"{EXCEPTIONS_KEY}: {who}: unknown rule {rule!r} (rules: {', '.join(RULES)})"
                )
            elif not isinstance(reason, str) or not reason.strip():
                problems.append(f"{EXCEPTIONS_KEY}: {who}: exception to {rule} has no reason")
            elif rule in names and (uid, rule) not in broken:
                problems.append(
                    f"{EXCEPTIONS_KEY}: {who}: stale exception to {rule} "
                    f"({who} no longer breaks it); remove it"
                )
            else:
                valid.add((uid, rule))
    unexcepted = [v for v in violations if (v.owner, v.rule) not in valid]
    return Report(violations, unexcepted, sorted(problems))


# --- SQL text helpers -------------------------------------------------------------------------


def natural_key(text: str) -> list[Any]:
    """Sorts `file.sql:36` before `file.sql:105`."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def count_lines(text: str) -> int:
    return len(text.splitlines())


def macro_files(project: Project) -> dict[str, str]:
    """Each macro file of the project -> the macro that owns file-level findings (the one named
    like the file, else the first by name)."""
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for mac in project.macros.values():
        if mac["original_file_path"].endswith(".sql"):
            by_file[mac["original_file_path"]].append(mac)
    owners = {}
    for path, macs in by_file.items():
        stem = Path(path).stem
        named = [m for m in macs if m["name"] == stem]
        owners[path] = (named or sorted(macs, key=lambda m: m["name"]))[0]["unique_id"]
    return owners


def _line_offset(project: Project, path: str, macro_sql: str) -> int:
    try:
        text = project.read_text(path)
    except OSError:
        return 0
    at = text.find(macro_sql)
    return text.count("\n", 0, at) if at >= 0 else 0


_JINJA_ANY = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_JINJA_VAR = re.compile(r"\{\{-?\s*var\s*\(\s*(['\"])(.*?)\1", re.S)
_CTE_NAME = re.compile(r"\b(\w+)\s*(?:\([^()]*\)\s*)?\bas\s*\(", re.I)
_CLAUSE = re.compile(r"\b(from|join)\b", re.I)
_IDENT = r"(?:`[^`]+`|\w+(?:-\w+)*)"
_RELATION = re.compile(rf"{_IDENT}(?:\s*\.\s*{_IDENT}){{0,2}}")
# Words that can follow FROM/JOIN without naming a relation.
_NOT_RELATIONS = {"select", "values", "lateral", "unnest", "table", "with", "jinja_expr"}


def strip_sql(raw_sql: str) -> str:
    """Model SQL with Jinja, comments and string literals blanked out, line numbers kept.

    `{{ var('x') }}` becomes `jinja_var__x` (a from/join to it is a hard-coded reference, as in
    the evaluator); any other `{{ ... }}` becomes the placeholder `jinja_expr` (a ref, a source
    or a relation a Jinja variable holds).
    """

    def jinja(match: re.Match[str]) -> str:
        text = match.group()
        var = _JINJA_VAR.match(text)
        if var:
            word = "jinja_var__" + re.sub(r"\W", "_", var.group(2))
        elif text.startswith("{{"):
            word = "jinja_expr"
        else:
            word = ""
        return f"{word} " + "\n" * text.count("\n")

    text = _JINJA_ANY.sub(jinja, raw_sql)
    out = []
    i, n = 0, len(text)
    while i < n:
        two = text[i : i + 2]
        if two == "--":
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif two == "/*":
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
        elif text[i] in "'\"":
            quote, j = text[i], i + 1
            while j < n and text[j] != quote:
                j += 2 if text[j] == "\\" else 1
            end = min(j + 1, n)
            out.append(quote + re.sub(r"[^\n]", " ", text[i + 1 : end - 1]) + quote)
            i = end
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def find_hard_coded_references(raw_sql: str) -> list[tuple[int, str]]:
    """(line, reference) for each from/join to a literal relation: `schema.table`,
    `catalog.schema.table`, `{{ var(...) }}`, or a bare name that is not a CTE of the model.

    A FROM counts only where a SELECT precedes it at the same parenthesis depth, so
    `extract(year from ts)` or `trim(both from x)` are not references; a name followed by `(`
    is a table function (`range(10)`, `explode(...)`), `is distinct from` is a comparison.
    """
    sql = strip_sql(raw_sql)
    ctes = {m.group(1).lower() for m in _CTE_NAME.finditer(sql)}
    found = []
    for clause in _CLAUSE.finditer(sql):
        start = clause.start()
        if clause.group(1).lower() == "from":
            before = sql[:start]
            if re.search(r"\bdistinct\s*$", before, re.I):
                continue
            if not _select_at_same_depth(before):
                continue
        after = sql[clause.end() :]
        lead = len(after) - len(after.lstrip())
        rel = _RELATION.match(after, lead)
        if rel is None:
            continue  # a subquery `from (`, or nothing
        reference = re.sub(r"\s+", "", rel.group())
        rest = after[rel.end() :].lstrip()
        first = reference.split(".")[0].strip("`").lower()
        if rest.startswith("(") or first in _NOT_RELATIONS:
            continue
        if "." not in reference and not first.startswith("jinja_var__") and first in ctes:
            continue
        if first.startswith("jinja_var__"):
            reference = "{{ var('" + first[len("jinja_var__") :] + "') }}"
        lineno = sql.count("\n", 0, start) + 1
        found.append((lineno, reference))
    return found


def _select_at_same_depth(before: str) -> bool:
    """Whether a SELECT precedes the end of `before` inside the same parentheses."""
    depth = 0
    tokens = re.findall(r"\(|\)|\bselect\b", before, re.I)
    for token in reversed(tokens):
        if token == ")":
            depth += 1
        elif token == "(":
            if depth == 0:
                return False
            depth -= 1
        elif depth == 0:
            return True
    return False


def copy_manifest(project: Project) -> dict[str, Any]:
    """A deep copy of what the rules read (the project's own macros only), to inject
    offending dependencies into without touching the parsed original."""
    keep = {
        key: project.manifest.get(key, {}) for key in ("metadata", "nodes", "sources", "exposures")
    }
    keep["macros"] = project.macros
    return json.loads(json.dumps(keep))
