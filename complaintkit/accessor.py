"""The ``.complaints`` pandas accessor: ``df["complaint"].complaints.classify()``.

``import complaintkit`` registers the accessor without importing pandas itself
(pandas takes a quarter of a second to import, and the command line's ``tone``
does not need it): when pandas is already loaded the accessor is registered at
once, otherwise a one-shot import hook registers it right after pandas loads.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import threading
import warnings
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .errors import TextTypeError

if TYPE_CHECKING:
    import pandas as pd

    from .classify.estimator import ComplaintClassifier

ACCESSOR_NAME = "complaints"


class ComplaintsAccessor:
    """Classify a column of complaints, or check the tone of a column of replies.

    Results are DataFrames with the Series' index, so they line up with the
    frame the column came from. Keyword arguments are those of
    :func:`complaintkit.analyze_frame`.

    Examples
    --------
    >>> import pandas as pd, complaintkit as ck
    >>> df = pd.DataFrame({"complaint": ["you charged me twice for one order"],
    ...                    "reply": ["Calm down, it's only a few days."]})
    >>> df["complaint"].complaints.classify()["category"].tolist()
    ['billing']
    >>> df["reply"].complaints.tone()["tone_flags"].tolist()
    [['dismissive']]
    """

    def __init__(self, series: pd.Series) -> None:
        from pandas.api.types import is_object_dtype, is_string_dtype

        dtype = series.dtype
        textual = is_object_dtype(dtype) or is_string_dtype(dtype)
        if not textual and not series.isna().all():
            raise TextTypeError(
                f"the .{ACCESSOR_NAME} accessor needs a column of text (object or string dtype), "
                f"got a Series {series.name!r} of dtype {dtype}"
            )
        self._series = series

    @property
    def _name(self) -> Any:
        return self._series.name if self._series.name is not None else "text"

    def classify(
        self,
        *,
        scores: bool = False,
        n_jobs: int = 1,
        batch_size: int | None = None,
        progress: bool | None = None,
        errors: str = "raise",
        model: ComplaintClassifier | None = None,
    ) -> pd.DataFrame:
        """Category, categories, complaint flag and score, escalation kinds (and per-category scores).

        Examples
        --------
        >>> import pandas as pd, complaintkit as ck
        >>> pd.Series(["the courier lost my package"]).complaints.classify()["category"].tolist()
        ['delivery']
        """
        from .frame import DEFAULT_BATCH_SIZE, analyze_frame

        frame = self._series.to_frame(name=self._name)
        return analyze_frame(frame, text=self._name, scores=scores, n_jobs=n_jobs,
                             batch_size=batch_size or DEFAULT_BATCH_SIZE, progress=progress,
                             errors=errors, model=model)  # type: ignore[arg-type]

    def tone(
        self,
        *,
        n_jobs: int = 1,
        batch_size: int | None = None,
        progress: bool | None = None,
        errors: str = "raise",
    ) -> pd.DataFrame:
        """``tone_score``, ``tone_ok``, ``tone_flags`` and ``tone_missing`` of each reply.

        Missing or blank replies get ``<NA>`` scores and empty lists.

        Examples
        --------
        >>> import pandas as pd, complaintkit as ck
        >>> pd.Series(["Calm down, it's only a few days."]).complaints.tone()["tone_ok"].tolist()
        [False]
        """
        from .frame import DEFAULT_TONE_BATCH_SIZE, as_frame, check_options, error_column, tone_columns

        check_options(errors=errors, n_jobs=n_jobs, batch_size=batch_size or 1, progress=progress)
        problems: dict[int, str] = {}
        columns = tone_columns(self._series, name=self._name, n_jobs=n_jobs,
                               batch_size=batch_size or DEFAULT_TONE_BATCH_SIZE, progress=progress,
                               errors=errors, problems=problems)  # type: ignore[arg-type]
        if errors == "coerce":
            columns["error"] = error_column(len(self._series), problems)
        return as_frame(columns, self._series.index)

    def spans(self, **kwargs: Any) -> pd.DataFrame:
        """One row per tone flag (see :func:`complaintkit.tone_spans`)."""
        from .frame import tone_spans

        return tone_spans(self._series, **kwargs)


# -- registration ----------------------------------------------------------------------

_registered = False
_lock = threading.Lock()


def register() -> None:
    """Register the accessor on ``pandas.Series`` (once; later calls do nothing)."""
    global _registered
    with _lock:
        if _registered:
            return
        from pandas.api.extensions import register_series_accessor

        register_series_accessor(ACCESSOR_NAME)(ComplaintsAccessor)
        _registered = True


def register_when_pandas_loads() -> None:
    """Register now if pandas is loaded, else right after its first import."""
    pandas = sys.modules.get("pandas")
    if pandas is not None and hasattr(pandas, "Series"):
        register()
    elif not any(isinstance(finder, _PandasHook) for finder in sys.meta_path):
        sys.meta_path.insert(0, _PandasHook())


class _PandasHook(importlib.abc.MetaPathFinder):
    """Finds pandas like the other finders do, and registers the accessor once it has run."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> Any:
        if fullname != "pandas":
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)  # one shot
        spec = None
        for finder in list(sys.meta_path):
            find = getattr(finder, "find_spec", None)
            spec = find(fullname, path, target) if find is not None else None
            if spec is not None:
                break
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _RegisteringLoader(spec.loader)
        return spec


class _RegisteringLoader(importlib.abc.Loader):
    def __init__(self, inner: importlib.abc.Loader) -> None:
        self._inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        module.__loader__ = self._inner  # pandas sees its own loader while it runs
        if module.__spec__ is not None:
            module.__spec__.loader = self._inner
        self._inner.exec_module(module)
        try:
            register()
        except Exception as err:  # never break `import pandas` over an accessor
            warnings.warn(f"complaintkit could not register the .{ACCESSOR_NAME} accessor: {err}", stacklevel=2)
