"""The embedded store's files: checked before the server may touch them, set aside before a repair,
copied whole for a backup.

redis keeps the graph in DATA_DIR/appendonlydir: a manifest naming a base snapshot (.rdb) and
the logs (.incr.aof) of writes since it. redis itself reads a missing manifest as "no data"
(and the next compaction overwrites the old snapshot), a log that ends mid-command as complete
(with aof-load-truncated), and skips logged commands that fail when replayed. kg checks what it
can before starting the server and reads the server's log after, so a damaged store is refused
before anything writes to it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from pathlib import Path

AOF_DIR = "appendonlydir"
MANIFEST = "appendonly.aof.manifest"
BACKUP_INDEX = "kg-backup.json"

_AOF_FILE = re.compile(r"^appendonly\.aof\.(\d+)\.(base\.rdb|base\.aof|incr\.aof)$")
# What redis logs when it loaded less than its files hold. "Constraint already exists" is not
# damage: each build asks for its uniqueness constraints again, and the replay repeats the ask.
_DAMAGE = re.compile(r"short read|Truncating the AOF|loaded anyway|sending an error to its AOF-loading-client")
_HARMLESS = re.compile(r"Constraint already exists")
# What redis says when it refuses its files at startup.
_REFUSED_FILES = re.compile(r"append only file|AOF|RDB|checksum|manifest", re.IGNORECASE)


class DamagedStore(RuntimeError):
    """The store's files are not whole; the message is one line naming the file and the remedy."""


def remedy(data_dir: Path) -> str:
    return (f"nothing was written; `kg repair --data-dir {data_dir}` keeps what can be read (the damaged "
            "files are kept aside), or `kg restore` a backup")


def check_files(data_dir: Path) -> None:
    """Refuse a store whose manifest is missing or unreadable, or names files that are gone."""
    aof = data_dir / AOF_DIR
    if not aof.is_dir():
        return  # a new store
    manifest = aof / MANIFEST
    files = [p.name for p in aof.iterdir() if _AOF_FILE.match(p.name)]
    if not manifest.exists():
        if files:
            raise DamagedStore(f"{manifest} is missing while {aof} holds {len(files)} data files; {remedy(data_dir)}")
        return
    try:
        listed = manifest_files(manifest)
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise DamagedStore(f"{manifest} is unreadable ({e}); {remedy(data_dir)}") from None
    if gone := [name for name in listed if not (aof / name).is_file()]:
        raise DamagedStore(f"{aof / gone[0]}, named in {manifest}, is missing; {remedy(data_dir)}")


def manifest_files(manifest: Path) -> list[str]:
    """The files a manifest names ("file NAME seq N type b|h|i ..." lines)."""
    names = []
    for line in manifest.read_text("utf-8").splitlines():
        fields = line.split()
        if len(fields) < 6 or fields[0] != "file" or not _AOF_FILE.match(fields[1]):
            raise ValueError(f"unexpected line {line[:60]!r}")
        names.append(fields[1])
    if not names:
        raise ValueError("it names no file")
    return names


def damage_in_log(lines: list[str]) -> str | None:
    """The first line of a server's startup log saying it loaded less than its files hold."""
    return next((line for line in lines if _DAMAGE.search(line) and not _HARMLESS.search(line)), None)


def refused_files(reason: str) -> bool:
    """Whether a startup failure is redis refusing its data files (so `kg repair` applies)."""
    return bool(_REFUSED_FILES.search(reason))


def keep_logs(data_dir: Path) -> Path | None:
    """Copy the manifest and the logs to DATA_DIR/.logs-before-open when any log holds writes (the
    last stop was not clean), so that a server found to have read them damaged can be undone:
    it appends to a log (FalkorDB asks again for its constraints) as soon as it has loaded.
    The snapshot is checksummed, refused before any write, and not copied."""
    aof = data_dir / AOF_DIR
    logs = [p for p in aof.glob("*.incr.aof") if p.stat().st_size] if aof.is_dir() else []
    if not logs:
        return None
    kept = data_dir / ".logs-before-open"
    shutil.rmtree(kept, ignore_errors=True)
    kept.mkdir()
    for path in [aof / MANIFEST, *logs]:
        shutil.copy2(path, kept / path.name)
    return kept


def put_back(kept: Path, data_dir: Path) -> None:
    """Undo an open: the kept manifest and logs in place again, byte for byte."""
    for path in kept.iterdir():
        os.replace(path, data_dir / AOF_DIR / path.name)
    kept.rmdir()


def set_aside(data_dir: Path, what: str) -> Path:
    """Copy the store's files to DATA_DIR/<what>-<time> before anything changes them."""
    target = data_dir / f"{what}-{time.strftime('%Y%m%dT%H%M%S')}"
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(f"{what}-{time.strftime('%Y%m%dT%H%M%S')}-{n}")
    shutil.copytree(data_dir / AOF_DIR, target / AOF_DIR)
    return target


def rebuild_manifest(data_dir: Path) -> bool:
    """A manifest for the newest snapshot and the logs written after it, when the manifest is gone;
    True if one was written."""
    aof = data_dir / AOF_DIR
    if not aof.is_dir() or (aof / MANIFEST).exists():
        return False
    found = [(int(m[1]), m[2], m[0]) for p in aof.iterdir() if (m := _AOF_FILE.match(p.name))]
    bases = [f for f in found if f[1].startswith("base")]
    if not bases:
        return False
    seq = max(bases)[0]
    lines = [f"file {max(bases)[2]} seq {seq} type b"]
    lines += [f"file {name} seq {n} type i" for n, kind, name in sorted(found) if kind == "incr.aof" and n >= seq]
    (aof / MANIFEST).write_text("\n".join(lines) + "\n", "utf-8")
    return True


def copy_backup(data_dir: Path, dest: Path) -> int:
    """Copy the store's files to the new folder `dest` with an index of their sha256; returns bytes copied."""
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty")
    part = dest.with_name(f".{dest.name}.part")
    shutil.rmtree(part, ignore_errors=True)
    shutil.copytree(data_dir / AOF_DIR, part / AOF_DIR)
    index = {p.name: _sha256(p) for p in sorted((part / AOF_DIR).iterdir())}
    (part / BACKUP_INDEX).write_text(json.dumps({"files": index}, indent=1) + "\n", "utf-8")
    if dest.exists():
        dest.rmdir()
    os.replace(part, dest)
    return sum(p.stat().st_size for p in (dest / AOF_DIR).iterdir())


def check_backup(src: Path) -> None:
    """Refuse a backup whose files are not those its index lists, byte for byte."""
    try:
        index = json.loads((src / BACKUP_INDEX).read_text("utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise DamagedStore(f"{src} is no kg backup ({src / BACKUP_INDEX}: {e})") from None
    for name, digest in index.items():
        path = src / AOF_DIR / name
        if not path.is_file() or _sha256(path) != digest:
            raise DamagedStore(f"{path} is missing or differs from the backup's index: the backup is damaged")


def install_backup(src: Path, data_dir: Path) -> Path | None:
    """Put the backup's files in place of the store's, which are set aside first (returned)."""
    aside = set_aside(data_dir, "replaced") if (data_dir / AOF_DIR).is_dir() else None
    part = data_dir / f".{AOF_DIR}.part"
    shutil.rmtree(part, ignore_errors=True)
    shutil.copytree(src / AOF_DIR, part)
    shutil.rmtree(data_dir / AOF_DIR, ignore_errors=True)
    os.replace(part, data_dir / AOF_DIR)
    return aside


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()
