"""Peak memory of a process, for the benchmarks.

Deliberately light (no project imports): bench/rdf.py's children read their own peak with it, and
a heavy import here would be counted in what they report.
"""

from __future__ import annotations

import resource
import sys


def maxrss_mb() -> float:
    """This process's high-water RSS by getrusage, in MB. On Linux it carries the parent's peak
    over fork and exec, so a child of a large process reports at least the parent's size."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB on Linux


def vmhwm_mb(pid: int | str = "self") -> float | None:
    """The high-water RSS of a process image (VmHWM of /proc/PID/status), in MB; None where it
    cannot be read (no /proc, the process gone). Unlike ru_maxrss it is the image's own: it starts
    afresh at exec, and it can be read for a process that is not our child."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return None
