"""The Russian catalog is complete and consistent with the sources.

Russian is the primary interface language: every string marked for translation in the Python code
and the templates must have a Russian translation that is neither empty nor fuzzy and keeps the
placeholders of the English original. The sources are re-extracted in memory with the same
mapping as ``pybabel extract`` (babel.cfg), so a string added without a translation fails here
with the list of what is missing. No database and no application are needed.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
BABEL_CFG = ROOT / "babel.cfg"
RU_PO = ROOT / "app" / "translations" / "ru" / "LC_MESSAGES" / "messages.po"

# The keywords `pybabel extract` is given on the command line, on top of Babel's defaults
# (`_`, `gettext`, `ngettext`, ...); babel.cfg names them for the Python files as well.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
# Directories never walked (as `--ignore-dirs` of the extraction): dot-directories such as .venv
# and .git, byte-code caches, and instance/ with the embedded database.
IGNORED_DIRS = {"__pycache__", "instance", "node_modules"}

RU_PLURAL_FORMS = ("(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)")

# A printf-style conversion: %(name)s, %(n)d, %s, %5.2f, %% ...
PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?[diouxXeEfFgGcrsa%]")


@pytest.fixture(autouse=True)
def _clean():
    """Overrides the suite's autouse fixture of the same name: these tests touch no database."""
    yield


@cache
def ru_catalog():
    with RU_PO.open("rb") as f:
        return read_po(f, locale="ru")


def _walk_filter(path: str) -> bool:
    name = Path(path).name
    return not (name.startswith(".") or name in IGNORED_DIRS)


@cache
def source_messages() -> dict[tuple[str, str | None], dict]:
    """Every translatable string of the sources: (msgid, context) -> plural msgid and locations."""
    with BABEL_CFG.open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, str(BABEL_CFG))
    found: dict[tuple[str, str | None], dict] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, directory_filter=_walk_filter):
        msgid, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, None)
        entry = found.setdefault((msgid, context), {"plural": plural, "where": []})
        entry["plural"] = entry["plural"] or plural
        entry["where"].append(f"{filename}:{lineno}")
    return found


def _forms(message) -> list[str]:
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]


def _placeholders(text: str) -> tuple[Counter, int]:
    """The conversions of a string, and how many stray `%` signs are left outside them."""
    conversions = Counter(m.group(0) for m in PLACEHOLDER.finditer(text))
    return conversions, PLACEHOLDER.sub("", text).count("%")


def _show(message) -> str:
    return f"{message.id!r}" + (f" (context {message.context!r})" if message.context else "")


def test_no_russian_translation_is_empty_or_fuzzy():
    catalog = ru_catalog()
    assert not catalog.fuzzy, "the header of the Russian catalog is marked fuzzy"
    entries = [m for m in catalog if m.id]
    assert entries, f"{RU_PO} holds no messages"
    empty = [_show(m) for m in entries if not all(form and form.strip() for form in _forms(m))]
    fuzzy = [_show(m) for m in entries if m.fuzzy]
    problems = [f"empty: {e}" for e in empty] + [f"fuzzy: {f}" for f in fuzzy]
    assert not problems, ("Russian translations to complete in "
                          "app/translations/ru/LC_MESSAGES/messages.po:\n  " + "\n  ".join(problems))


def test_russian_catalog_uses_the_three_russian_plural_forms():
    catalog = ru_catalog()
    assert catalog.num_plurals == 3, catalog.plural_forms
    assert catalog.plural_expr.replace(" ", "") == RU_PLURAL_FORMS.replace(" ", ""), catalog.plural_forms
    short = [_show(m) for m in catalog if m.id and m.pluralizable and len(_forms(m)) != 3]
    assert not short, "plural messages without exactly three Russian forms:\n  " + "\n  ".join(short)


def test_extraction_mapping_covers_python_code_and_templates():
    """Guards the next test against a broken babel.cfg that would find nothing to check."""
    places = [where for entry in source_messages().values() for where in entry["where"]]
    for suffix in (".py", ".html", ".txt"):
        assert any(p.rsplit(":", 1)[0].endswith(suffix) for p in places), (
            f"babel.cfg extracts no string from any {suffix} file")


def test_every_source_string_has_a_russian_translation():
    catalog = ru_catalog()
    missing = []
    messages = sorted(source_messages().items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
    for (msgid, context), entry in messages:
        message = catalog.get(msgid, context)
        translated = (message is not None and not message.fuzzy
                      and all(form and form.strip() for form in _forms(message))
                      and (entry["plural"] is None or message.pluralizable))
        if not translated:
            label = repr(msgid) + (f" (context {context!r})" if context else "")
            missing.append(f"{label}  [{', '.join(entry['where'][:3])}]")
    assert not missing, (
        f"{len(missing)} source string(s) without a Russian translation; run "
        "scripts/update_translations.sh, then translate them in "
        "app/translations/ru/LC_MESSAGES/messages.po:\n  " + "\n  ".join(missing))


def test_russian_translations_keep_the_placeholders_of_the_source():
    mismatched = []
    for message in ru_catalog():
        if not message.id:
            continue
        ids = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
        # Every plural form is compared with the plural msgid (the same names as the singular one).
        expected, expected_stray = _placeholders(ids[-1])
        for form in _forms(message):
            if not form:
                continue  # reported by test_no_russian_translation_is_empty_or_fuzzy
            got, stray = _placeholders(form)
            if got != expected or stray != expected_stray:
                mismatched.append(f"{_show(message)}: expected {sorted(expected.elements())}, "
                                  f"found {sorted(got.elements())} in {form!r}"
                                  + (f" and {stray} stray '%'" if stray != expected_stray else ""))
    assert not mismatched, "placeholders changed in Russian translations:\n  " + "\n  ".join(mismatched)
