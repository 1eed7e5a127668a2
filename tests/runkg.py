"""Running the `kg` command as a user does: a real process, a real embedded store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kg(*args: str, check: bool = True, env: dict | None = None, stdin: str | None = None,
       timeout: float = 300) -> subprocess.CompletedProcess:
    """`kg ARGS...` from the repository root; with check, a non-zero exit fails the test with stderr."""
    proc = subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout, env={**os.environ, **(env or {})}, input=stdin)
    if check and proc.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
    return proc
