"""Every exception complaintkit raises on purpose, in one place.

Each message says what was expected and what arrived, so a caller can fix the
input without reading our source. The classes also inherit from the builtin
that matches the mistake (``TypeError`` for a wrong type, ``ValueError`` for a
wrong value), so generic ``except ValueError`` handlers keep working.
"""

from __future__ import annotations


class ComplaintkitError(Exception):
    """Base class of every error complaintkit raises on purpose."""


class TextTypeError(ComplaintkitError, TypeError):
    """A text argument was not a ``str``."""


class TextValueError(ComplaintkitError, ValueError):
    """A text argument was a ``str`` we cannot process (for example too long)."""


class LabelError(ComplaintkitError, ValueError):
    """Training labels were missing, empty or of a shape we cannot learn from."""


class ModelError(ComplaintkitError):
    """A model file is missing, unreadable, untrusted or not a complaintkit model."""


class ModelIntegrityError(ModelError):
    """A shipped model file does not match the digest recorded in the package."""


class UntrustedModelError(ModelError):
    """Loading the file would run code from a source the caller has not vouched for."""


class RuleError(ComplaintkitError, ValueError):
    """A rule file does not follow the rule schema."""


class DataFormatError(ComplaintkitError, ValueError):
    """A data file (CSV, JSONL, Parquet) is missing columns or has unreadable rows."""


class ModelVersionWarning(UserWarning):
    """A model was saved under other library versions; predictions may differ."""


def describe(value: object, limit: int = 60) -> str:
    """Show a value in an error message: its type and a short, safe preview."""
    kind = type(value).__name__
    if isinstance(value, (str, bytes)):
        preview = repr(value[:limit])
        more = f"... ({len(value)} characters)" if len(value) > limit else ""
        return f"{kind} {preview}{more}"
    if value is None:
        return "None"
    text = repr(value)
    if len(text) > limit:
        text = text[:limit] + "..."
    return f"{kind} {text}"
