"""Writing tidy tables to files: CSV, JSON Lines, or Parquet (the optional pyarrow extra).

One file per table in one folder, `<table>.csv|jsonl|parquet`, each written atomically. The
columns and their types come from model/tables.py's SCHEMA.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal

import msgspec

from copkit.errors import CopkitError
from copkit.model.tables import TABLES, Column, Row, columns
from copkit.storage.atomic import refuse_special, write_atomic
from copkit.storage.scratch import temp_file

Format = Literal["csv", "jsonl", "parquet"]
FORMATS: tuple[Format, ...] = ("csv", "jsonl", "parquet")
LIST_SEPARATOR = ";"  # CSV has no lists: tags and partners are joined with it


def table_paths(folder: Path, fmt: Format) -> dict[str, Path]:
    return {t: folder / f"{t}.{fmt}" for t in TABLES}


def write_tables(
    folder: Path,
    tables: dict[str, list[Row]],
    fmt: Format,
    *,
    with_text: bool,
    force: bool = False,
    display: str | None = None,
) -> list[Path]:
    """Write every table into `folder` (created when missing); the paths written.

    Refuses, before writing anything, when a file of the export exists and `force` is off,
    or when Parquet is asked for and pyarrow is not installed.
    """
    shown = display or str(folder)
    if folder.exists() and not folder.is_dir():
        raise CopkitError(f"--to {shown} is a file, not a folder; give a folder to export into")
    paths = table_paths(folder, fmt)
    if not force:
        there = [p.name for p in paths.values() if p.exists()]
        if there:
            raise CopkitError(
                f"{shown} already holds {', '.join(there)}; nothing was written",
                hint="Use --force to replace them, or --to another folder.",
            )
    for path in paths.values():  # a FIFO or device among them: refused before any write
        refuse_special(path, f"{shown.rstrip('/')}/{path.name}")
    pa = _pyarrow() if fmt == "parquet" else None
    for table, path in paths.items():
        cols = columns(table, with_text=with_text)
        rows = tables[table]
        name = f"{shown.rstrip('/')}/{path.name}"
        if fmt == "csv":
            write_atomic(path, csv_text(cols, rows), overwrite=True, display=name)
        elif fmt == "jsonl":
            write_atomic(path, jsonl_text(cols, rows), overwrite=True, display=name)
        else:
            _write_parquet(pa, path, cols, rows, name)
    return list(paths.values())


def _cell(value: object) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def csv_text(cols: Sequence[Column], rows: Sequence[Row]) -> str:
    """RFC 4180 CSV with a header line: empty for null, true/false, ISO dates, lists joined."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180; a lone \r in a value is then quoted too
    w.writerow([c.name for c in cols])
    for row in rows:
        w.writerow([_cell(row.get(c.name)) for c in cols])
    return buf.getvalue()


_encode = msgspec.json.Encoder().encode


def jsonl_text(cols: Sequence[Column], rows: Sequence[Row]) -> str:
    """One JSON object per line, keys in schema order, null for missing values."""
    return "".join(
        _encode({c.name: row.get(c.name) for c in cols}).decode("utf-8") + "\n" for row in rows
    )


def _pyarrow() -> Any:
    try:
        import pyarrow  # heavy (about 0.2 s to import): only for --format parquet
    except ImportError:
        raise CopkitError(
            "--format parquet needs pyarrow, which is not installed; nothing was written",
            hint="Install the extra: pip install 'copkit[parquet]' (or use --format csv|jsonl).",
        ) from None
    return pyarrow


def arrow_schema(pa: Any, cols: Sequence[Column]) -> Any:
    """The Arrow schema of a table, each field's description in its metadata."""
    kinds = {
        "string": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "list<string>": pa.list_(pa.string()),
    }
    return pa.schema([pa.field(c.name, kinds[c.type], metadata={"doc": c.doc}) for c in cols])


def _write_parquet(
    pa: Any, path: Path, cols: Sequence[Column], rows: Sequence[Row], name: str
) -> None:
    import pyarrow.parquet as pq

    schema = arrow_schema(pa, cols)
    table = pa.table(
        {
            c.name: pa.array([r.get(c.name) for r in rows], type=schema.field(c.name).type)
            for c in cols
        },
        schema=schema,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, made = temp_file(path.parent, path.name)  # random and exclusive, as every write's
    os.close(fd)
    tmp = Path(made)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise CopkitError(f"{name} could not be written ({e.strerror or e})") from e
