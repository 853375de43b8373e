#!/usr/bin/env python3
"""docx_text.py FILE...: the python-docx side of bench/docx.sh. Extracts
the text of every paragraph and every table cell of each .docx (what a
script using python-docx to read a report would do) and discards it."""
import sys

import docx


def main(paths):
    n = 0
    for p in paths:
        d = docx.Document(p)
        parts = [para.text for para in d.paragraphs]
        for t in d.tables:
            for row in t.rows:
                parts.extend(cell.text for cell in row.cells)
        n += sum(len(x) for x in parts)
    print(n, file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
