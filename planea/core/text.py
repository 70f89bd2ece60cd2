"""Text as Planea keeps it: folding for matching, and the one rule on
control characters.

Folding is the parser's (`planea.planfile.text.fold`), so that search in the
web app and names read from documents agree on what "the same" means.

The control-character rule: text that enters Planea (forms, the API, the
admin, imported documents) holds no NUL and no other C0/C1 control
character; tab, newline and carriage return are kept where text runs over
several lines. NUL cannot be stored by PostgreSQL, and every control
character but those three is illegal in XML, so one of them in a title
would break the Word report and the spreadsheet for every reader. Forms
and the API refuse such text with a message (the person can fix it);
imports strip it (a document is taken as a whole); reports strip it again
on the way out, for data stored before this rule.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from planea.planfile.text import fold

__all__ = [
    "ControlCharacterMixin",
    "clean_deep",
    "control_characters",
    "fold",
    "refuse_control_characters",
    "strip_control",
    "words",
]

_NON_WORD = re.compile(r"[^\w]+")

# C0 (but tab, newline, carriage return), DEL and C1; and the two code
# points XML forbids outright. Single-line text loses \t \n \r too.
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_CONTROL_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
# Those that stand for a space where they are found (vertical tab, form
# feed, the separators, next line): replaced by one, not dropped, so that
# "acta\x0bfinal" keeps two words.
_SPACE_LIKE = frozenset("\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85")

T = TypeVar("T")


def words(text: str) -> str:
    """`fold`, with punctuation turned into spaces: "BPR/BID." -> "bpr bid"."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).replace("_", " ").split())


def _pattern(multiline: bool) -> re.Pattern[str]:
    return _CONTROL_MULTILINE if multiline else _CONTROL_LINE


def control_characters(text: str, *, multiline: bool = True) -> list[str]:
    """The control characters the rule refuses in `text`, each once, in order."""
    found: list[str] = []
    for char in _pattern(multiline).findall(text):
        if char not in found:
            found.append(char)
    return found


def strip_control(text: str, *, multiline: bool = True) -> str:
    """`text` without the characters the rule refuses: those that stand for
    a space become one, the others are dropped."""
    if not _pattern(multiline).search(text):
        return text
    return _pattern(multiline).sub(lambda m: " " if m.group() in _SPACE_LIKE else "", text)


def describe(chars: list[str]) -> str:
    """ "U+0000, U+000B" for a message."""
    return ", ".join(f"U+{ord(c):04X}" for c in chars[:5])


def refuse_control_characters(value: Any, *, multiline: bool = True) -> None:
    """The rule as a Django validator: ValidationError for text holding a
    control character (non-text values pass)."""
    if not isinstance(value, str):
        return
    found = control_characters(value, multiline=multiline)
    if found:
        raise ValidationError(
            _(
                "This text contains invisible control characters (%(chars)s), often pasted "
                "from another program: remove them and try again."
            ),
            code="control_characters",
            params={"chars": describe(found)},
        )


def refuse_control_characters_in_line(value: Any) -> None:
    refuse_control_characters(value, multiline=False)


def _is_multiline(field) -> bool:
    from django import forms

    return isinstance(field.widget, forms.Textarea)


def guard_text_field(field) -> None:
    """Give a form field the rule, once, if it takes text (passwords are
    only hashed, never shown: they keep whatever the person typed)."""
    from django import forms

    if not isinstance(field, forms.CharField) or isinstance(
        field, forms.JSONField | forms.FileField
    ):
        return
    if isinstance(field.widget, forms.PasswordInput):
        return
    validator = (
        refuse_control_characters if _is_multiline(field) else refuse_control_characters_in_line
    )
    if validator not in field.validators:
        field.validators.append(validator)


class ControlCharacterMixin:
    """A form whose every text field follows the rule: a field with a
    control character gets an error saying so. Textareas keep tabs and
    newlines; one-line inputs refuse them too."""

    fields: dict

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is the form's own deep copy: the class's fields are untouched.
        for field in self.fields.values():
            guard_text_field(field)


def clean_deep(value: T) -> T:
    """`value` with the rule applied to every string inside it (multi-line
    kept): dataclasses, tuples, lists and dicts are rebuilt, anything else
    is returned as it is. For data on its way into a document format."""
    if isinstance(value, str):
        return strip_control(value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: clean_deep(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(clean_deep(item) for item in value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [clean_deep(item) for item in value]  # type: ignore[return-value]
    if isinstance(value, dict):
        return {key: clean_deep(item) for key, item in value.items()}  # type: ignore[return-value]
    return value
