"""A non-editable install carries the model and works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow
def test_wheel_install_works_from_another_directory(root: Path, tmp_path: Path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(root)],
        check=True, capture_output=True, cwd=tmp_path,
    )
    wheel = next(dist.glob("complaintkit-*.whl"))
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True, capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import complaintkit as ck, json; r = ck.classify('my parcel never arrived and nobody answers'); "
        "print(json.dumps([ck.__file__, r.labels]))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                         cwd=elsewhere, env=env)
    import json

    location, labels = json.loads(out.stdout)
    assert location.startswith(str(target)), location
    assert "delivery" in labels
