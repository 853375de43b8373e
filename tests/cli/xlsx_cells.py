#!/usr/bin/env python3
"""Checks an .xlsx written by `gongkai export --to xlsx` against the CSV
long form of the same report (`gongkai export --to csv`).

usage: xlsx_cells.py BOOK.xlsx CELLS.csv

Every part must be well-formed XML; sheet k (workbook order) holds table k
of the CSV (in the CSV's order); each data row starts with its row id in
column A; every numeric cell (<c><v>) must equal the CSV's value of that
row's column at the same position, and string cells may not hold numbers.
Prints the number of numeric cells compared; exits 1 on the first mismatch."""
import csv
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


def main(book, cells):
    want = {}   # (table, row) -> [values in column order]
    tables = []
    with open(cells, encoding="utf-8") as f:
        for rec in csv.DictReader(f):
            key = (rec["table"], rec["row"])
            if rec["table"] not in tables:
                tables.append(rec["table"])
            want.setdefault(key, []).append(rec["value"])
    z = zipfile.ZipFile(book)
    for name in z.namelist():
        ET.fromstring(z.read(name))  # well-formed, or raises
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    sheets = wb.findall("m:sheets/m:sheet", NS)
    if len(sheets) != len(tables):
        sys.exit(f"{len(sheets)} sheets for {len(tables)} tables")
    compared = 0
    for k, table in enumerate(tables):
        ws = ET.fromstring(z.read(f"xl/worksheets/sheet{k + 1}.xml"))
        for row in ws.findall("m:sheetData/m:row", NS):
            cs = row.findall("m:c", NS)
            first = cs[0].find("m:is/m:t", NS) if cs else None
            rid = first.text if first is not None else None
            if (table, rid) not in want:
                continue  # a header row
            for c in cs:
                v = c.find("m:v", NS)
                if v is None:
                    continue
                if c.get("t") not in (None, "n"):
                    sys.exit(f"{table}.{rid}: numeric text in a {c.get('t')} cell")
                pos = col_index(c.get("r")) - 2
                exp = want[(table, rid)][pos]
                if float(v.text) != float(exp):
                    sys.exit(f"{table}.{rid}[{pos}]: xlsx {v.text}, csv {exp}")
                compared += 1
    print(compared)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
