# %% [markdown]
# # What do our customers complain about, and how well do we answer?
#
# A walk-through for analysts, cell by cell (`# %%` cells run in VS Code, PyCharm
# or Jupyter via jupytext; `python examples/analyze_complaints.py` runs it all).
# It loads `complaints.csv` (40 complaints and agent replies written for this
# example), adds complaintkit's columns, looks at the numbers with plain pandas,
# and writes an HTML report with charts.
#
# Run: `python examples/analyze_complaints.py [--out FOLDER]` (default: this folder).

# %%
from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

import complaintkit as ck

HERE = Path(__file__).resolve().parent
parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--out", type=Path, default=HERE, help="folder for report.html")
args, _ = parser.parse_known_args()  # tolerate a notebook kernel's own arguments
args.out.mkdir(parents=True, exist_ok=True)
pd.set_option("display.width", 140)
pd.set_option("display.max_colwidth", 60)

# %% [markdown]
# ## 1. Load the complaints
# Read every column as text, so ids like `C-1001` and empty replies stay as they are.

# %%
df = pd.read_csv(HERE / "complaints.csv", dtype=str, keep_default_na=False)
print(df.shape)
print(df.head(3))

# %% [markdown]
# ## 2. Analyse: one call, new columns with the same index
# `reply="reply"` adds tone columns where a reply exists (blank replies get `<NA>`).
# `errors="coerce"` keeps going past a bad row and says why in an `error` column.
# On a big frame add `n_jobs=2` (or -1 for every core); a progress bar appears on its own.

# %%
result = ck.analyze_frame(df, text="complaint", reply="reply", scores=True, errors="coerce")
analysed = df.join(result)
print(analysed[["id", "category", "is_complaint", "escalation", "tone_score", "tone_flags"]].head(10))

# %% [markdown]
# ## 3. Ask questions with plain pandas
# Which categories come up most? A complaint can have several categories, so explode the list.

# %%
print(analysed["categories"].explode().value_counts())

# %% [markdown]
# Which complaints threaten to escalate, and did the reply handle them well?

# %%
escalated = analysed[analysed["escalation"].map(bool)]
print(escalated[["id", "escalation", "category", "tone_score", "tone_ok"]])

# %% [markdown]
# How do replies score per category (complaints that got a reply only)?

# %%
answered = analysed[analysed["tone_score"].notna()]
print(answered.groupby("category")["tone_score"].agg(["count", "mean"]).round(1).sort_values("mean"))

# %% [markdown]
# ## 4. The exact phrases that went wrong
# `ck.tone_spans` gives one row per flag, with the flagged words and a suggestion.

# %%
spans = ck.tone_spans(df, reply="reply")
print(spans[["row", "kind", "text", "suggestion"]])
print(spans.groupby("kind").size().sort_values(ascending=False))

# %% [markdown]
# The same from the column accessors (registered by `import complaintkit`):

# %%
print(df["complaint"].complaints.classify()["category"].value_counts().head(3))
print(df["reply"].complaints.tone()["tone_ok"].value_counts(dropna=False))

# %% [markdown]
# ## 5. The report for the team
# One self-contained HTML file: counts and shares per category, complaint and
# escalation rates, reply tone, categories over time, and example complaints.
# In a notebook, `report` on the last line of a cell shows it inline.

# %%
report = ck.report(analysed, date="date", out=args.out / "report.html", title="Complaints, January to April")
print(f"wrote {report.path} with {len(report.images)} charts: {', '.join(report.images)}")
print(f"complaint rate {report.summary['complaint_rate']:.0%}, "
      f"escalated {report.summary['escalation_rate']:.0%}, "
      f"mean reply tone {report.summary['tone']['mean']:.0f}")
