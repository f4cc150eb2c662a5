"""Consistent backups while the app runs, and restores: SQLite's online backup API, or
pg_dump/pg_restore for PostgreSQL (from Debian's postgresql-client)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections


class BackupError(RuntimeError):
    pass


def _database() -> dict[str, Any]:
    return connections["default"].settings_dict


def vendor() -> str:
    return connections["default"].vendor


def suffix() -> str:
    return ".sqlite3" if vendor() == "sqlite" else ".dump"


def backup(target: Path) -> Path:
    """Write a consistent copy of the database to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    db = _database()
    if vendor() == "sqlite":
        source = sqlite3.connect(str(db["NAME"]))
        try:
            destination = sqlite3.connect(str(target))
            try:
                # Page by page under SQLite's own locking: consistent while others write.
                source.backup(destination)
            finally:
                destination.close()
        finally:
            source.close()
        return target
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", db["NAME"]], db)
    return target


def restore(source: Path) -> None:
    """Replace the database's contents with the backup in ``source``."""
    if not source.exists():
        raise BackupError(f"{source} does not exist.")
    db = _database()
    connections["default"].close()
    if vendor() == "sqlite":
        backup_db = sqlite3.connect(str(source))
        try:
            if backup_db.execute("pragma integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} is not an intact SQLite database.")
            live = sqlite3.connect(str(db["NAME"]))
            try:
                backup_db.backup(live)
            finally:
                live.close()
        finally:
            backup_db.close()
        return
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={db['NAME']}",
            str(source),
        ],
        db,
    )


def _run(command: list[str], db: dict[str, Any]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).")
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    # A fixed program and arguments from our own settings, never a shell.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed")
