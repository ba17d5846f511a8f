"""Write the JSON Schema of each CSV format into the docs (docs/reference/schemas/).

Run after changing a format (``src/teleaccord/data/csv_formats.toml``) or a column kind's
schema (``COLUMN_KINDS`` in ``teleaccord.io.csv``); ``tests/test_io_csv.py`` checks the
published files match them::

    python tools/csv_schemas.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from teleaccord.io.csv import CSV_FORMATS, csv_schema

OUT = Path(__file__).resolve().parents[1] / "docs" / "reference" / "schemas"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in CSV_FORMATS:
        path = OUT / f"{name}.csv.schema.json"
        path.write_text(
            json.dumps(csv_schema(name), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        sys.stdout.write(f"wrote {path}\n")


if __name__ == "__main__":
    main()
