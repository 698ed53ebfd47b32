"""Every English message written in the Python code (gettext, also under the ``_t`` alias the views use
for flash messages) and in a template's ``{% translate "…" %}`` has a zh_Hans translation: no flash
message, error or label reaches a Chinese user in English (a catalogue merge that drops an entry shows
here, not only on the pages the page walk reaches)."""

import ast
import pathlib
import re

from django.utils import translation

SRC = pathlib.Path(__file__).resolve().parents[2]
GETTEXT = {"_", "_t", "gettext", "gettext_lazy"}
PGETTEXT = {"pgettext", "pgettext_lazy"}


def messages_in_code():
    """(file, context, msgid) of every literal gettext call outside tests and migrations."""
    for path in sorted(SRC.rglob("*.py")):
        if {"tests", "migrations", "testing"} & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            args = [
                a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                for a in node.args
            ]
            if node.func.id in GETTEXT and args and args[0]:
                yield path.relative_to(SRC), None, args[0]
            elif node.func.id in PGETTEXT and len(args) >= 2 and args[0] and args[1]:
                yield path.relative_to(SRC), args[0], args[1]


TRANSLATE_TAG = re.compile(r'{%\s*(?:translate|trans)\s+"([^"]+)"(?:\s+context\s+"([^"]+)")?')


def messages_in_templates():
    """(file, context, msgid) of every ``{% translate "literal" %}`` of the templates (the tag looks a literal
    up with each % doubled, as ``makemessages`` writes it)."""
    for path in sorted(SRC.rglob("templates/**/*.html")):
        for literal, context in TRANSLATE_TAG.findall(path.read_text(encoding="utf-8")):
            yield path.relative_to(SRC), context or None, literal.replace("%", "%%")


def test_every_message_in_the_code_has_a_chinese_translation():
    found = list(messages_in_code())
    assert len(found) > 500  # the walk does read the code
    templates = list(messages_in_templates())
    assert len(templates) > 500  # and the templates
    found += templates
    untranslated = []
    with translation.override("zh-hans"):
        for path, context, msgid in found:
            if not re.search(r"[A-Za-z]{2}", msgid):
                continue  # already Chinese (or a symbol): nothing to translate
            shown = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            if shown == msgid:
                untranslated.append(f"{path}: {msgid!r}")
    assert untranslated == []
