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


def names_reading(ref, rep, e):
    """True if e is rep's ambiguous-cells error on a row and the readings
    its message lists ([1,0,0,0,0,0,1] …) hold ref's values of that row:
    a rendering that lost blank cells or separators may leave several
    readings no relation decides, and saying so is right even where the
    first reading is."""
    row = ref["tables"].get(e[1], {}).get(e[2]) if e[0] == "ambiguous-cells" \
        else None
    if not row:
        return False
    want = "[" + ",".join(f"{v:g}" for v in row.values()) + "]"
    return any(want in f["message"] for f in rep["findings"]
               if (f["rule"], f.get("table"), f.get("row")) == e)


def compare(ref, rep, meta, excused=frozenset(), allowed=lambda e: False):
    """How rep differs from ref: cells wrong outside the 'excused' rows,
    the 'meta' fields that differ, and errors ref lacks that name no row
    read differently (unless 'allowed' takes them, or the error is an
    ambiguity that names ref's reading). Returns the list of differences,
    the cells read right, those in excused rows, and all."""
    want, got = cells(ref), cells(rep)
    wrong = [k for k, v in want.items()
             if got.get(k) != v and (k[0], k[1]) not in excused]
    rows_wrong = {(k[0], k[1]) for k, v in want.items() if got.get(k) != v}
    false = [e for e in errors(rep) - errors(ref)
             if (e[0] not in READER_RULES or (e[1], e[2]) not in rows_wrong)
             and not allowed(e) and not names_reading(ref, rep, e)]
    diff = []
    if wrong:
        diff.append(f"cells {wrong[:4]}")
    differ = [m for m in meta if rep.get(m) != ref.get(m)]
    if differ:
        diff.append("meta " + ", ".join(
            f"{m} {rep.get(m)!r} != {ref.get(m)!r}" for m in differ))
    if false:
        diff.append(f"false errors {sorted(false, key=str)[:3]}")
    right = sum(got.get(k) == v for k, v in want.items())
    return diff, right, len(want) - right - len(wrong), len(want)


def result_line(name, kind, diff, right, said, total):
    return (f"{'FAIL' if diff else 'ok  '} {name:28} {kind:9} "
            f"{right}/{total}"
            f"{f' (+{said} in rows a finding names)' if said else ''} "
            f"{'; '.join(diff)}")
