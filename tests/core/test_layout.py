"""The layout's conventions that import-linter cannot express (its contracts are in .importlinter and
run by `make test`): rules live in services, which never read the request; views are thin."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FEATURES = [p for p in (ROOT / "app").iterdir() if p.is_dir() and (p / "__init__.py").exists() and p.name != "core"]


def _is_view(path: Path) -> bool:
    return path.name == "views.py" or path.name.endswith("_views.py")


def _names_from_flask(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "flask":
            names |= {alias.name for alias in node.names}
        if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "flask":
            names.add(node.attr)
    return names


def test_outside_views_no_feature_module_reads_the_request():
    readers = [str(path.relative_to(ROOT)) for feature in FEATURES for path in sorted(feature.rglob("*.py"))
               if not _is_view(path) and "request" in _names_from_flask(path)]
    assert not readers, f"services take plain values; these read flask.request: {readers}"


def test_views_never_commit_or_roll_back_themselves():
    """app/core/uow.py is the one place a request's transaction ends."""
    offenders = []
    for feature in FEATURES:
        for path in sorted(feature.rglob("*.py")):
            if not _is_view(path):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and node.attr in ("commit", "rollback"):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders


def test_services_do_not_commit():
    offenders = []
    for feature in FEATURES:
        for path in sorted(feature.rglob("*.py")):
            if _is_view(path) or path.name in ("cli.py",):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and node.attr == "commit":
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, f"services never commit (the unit of work or the job wrapper does): {offenders}"


def test_no_role_names_in_templates():
    """Templates ask can("endpoint"); which roles open a page is said once, in the feature's ACCESS."""
    roles = ("'director'", "'curator'", "'methodist'", "'school_admin'", "'teacher'", "'municipal_officer'",
             "'network_coordinator'", "'partner_coordinator'", "'external_mentor'")
    found = [f"{path.relative_to(ROOT)}: {role}" for path in sorted((ROOT / "app").rglob("*.html"))
             for role in roles if role in path.read_text(encoding="utf-8")]
    assert not found, found
