"""Outside tenants/, the scope changes only through the named switches of tenants/switches.py
(as_person, acting_in(reason=), unscoped(reason), restored, enter_request): a raw
``tenant_scope(TenantScope(...))`` in the app or the worker fails here."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tenants.switches import acting_in, unscoped

ROOT = Path(__file__).resolve().parents[2]
RAW = {"tenant_scope", "set_scope", "reset_scope", "TenantScope"}


def _raw_calls(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in RAW:
                found.append(f"{path.relative_to(root)}:{node.lineno} {name}(...)")
    return found


def test_no_raw_scope_change_outside_tenants():
    found = [hit for folder in ("app", "worker") for path in sorted((ROOT / folder).rglob("*.py"))
             for hit in _raw_calls(path)]
    assert not found, "use a named switch of tenants/switches.py:\n  " + "\n  ".join(found)


def test_the_check_sees_a_raw_switch(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("with scope.tenant_scope(TenantScope(org_id=x)):\n    pass\n")
    assert _raw_calls(sample, tmp_path) == ["sample.py:1 tenant_scope(...)", "sample.py:1 TenantScope(...)"]


@pytest.mark.parametrize("reason", ["", "   "])
def test_switches_that_widen_the_scope_need_a_reason(reason):
    import uuid

    with pytest.raises(ValueError):
        with unscoped(reason):
            pass
    with pytest.raises(ValueError):
        with acting_in(municipality_id=uuid.uuid4(), reason=reason):
            pass
