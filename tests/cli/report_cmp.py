"""report_cmp.py: what the tests that read one report in many renderings
share (pdf_text.py, page_text.py): gongkai's reading of a file, its
cells, and the rows and errors its findings name."""
import json
import subprocess

# the rules by which the reader says it could not read a row cleanly
READER_RULES = ("blank-cell", "ambiguous-cells", "row-cell-count",
                "missing-row", "row-variant", "truncated")


def parse(gk, path):
    """The first report `gongkai parse` reads from path, None if none."""
    p = subprocess.run([gk, "parse", path], capture_output=True)
    if p.returncode not in (0, 1) or not p.stdout.strip():
        return None
    return json.loads(p.stdout.decode().splitlines()[0])


def cells(rep):
    return {(t, r, c): v for t, rows in rep["tables"].items()
            for r, cs in rows.items() for c, v in cs.items()}


def named_rows(rep):
    """The rows an error finding names: a reading may miss those."""
    return {(f["table"], f["row"]) for f in rep["findings"]
            if f["severity"] == "error" and f.get("row")}


def errors(rep):
    return {(f["rule"], f.get("table"), f.get("row")) for f in rep["findings"]
            if f["severity"] == "error"}
