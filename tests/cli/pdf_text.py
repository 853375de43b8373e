#!/usr/bin/env python3
"""pdf_text.py: text reports printed to PDF read as their text does.

Usage: pdf_text.py GONGKAI WORKDIR FILE...

Every FILE.txt is printed to PDF by LibreOffice (one headless call, a
private profile) and read back, and the PDF's text as pdftotext gives it
(-layout and -raw) is read as text; its tables as gongkai exports them
(.docx) and LibreOffice prints them (a table PDF: labels wrap in their
cells, a group cell such as （六）其他处理 beside them) read back; a FILE.pdf (a real PDF) gives only the
pdftotext renderings, its own reading the reference. The PDF must give the
agency, year, period, date, template, every cell and the reader's findings
the text gives; the pdftotext renderings the same metadata and every cell,
except cells of a row that an error finding of that reading names (a blank
cell a rendering drops leaves a row short: said, never guessed), and no
error the reference lacks unless it names a row read differently (no false
error). Prints one line per file and rendering; exit 1 on any difference.
"""
import os, shutil, subprocess, sys

from report_cmp import READER_RULES, compare, named_rows, parse as read_report, result_line

gk, work, texts = sys.argv[1], sys.argv[2], sys.argv[3:]
META = ("agency", "year", "period", "date", "template")


def rules(rep):
    return sorted({f["rule"] for f in rep["findings"]
                   if f["rule"] in READER_RULES})


os.makedirs(work + "/pdf", exist_ok=True)
names, real = [], set()
for t in texts:
    name, ext = os.path.splitext(os.path.basename(t))
    if ext == ".pdf":
        shutil.copy(t, os.path.join(work, "pdf", name + ".pdf"))
        real.add(name)
    else:
        shutil.copy(t, os.path.join(work, name + ".txt"))
    names.append(name)
cmd = ["soffice", "-env:UserInstallation=file://" + work + "/profile",
       "--headless", "--convert-to", "pdf", "--outdir", work + "/pdf"]
subprocess.run(cmd + [os.path.join(work, n + ".txt") for n in names
                      if n not in real],
               cwd=work, capture_output=True, check=True)
os.makedirs(work + "/docx", exist_ok=True)
for n in names:
    if n not in real:
        subprocess.run([gk, "export", os.path.join(work, n + ".txt"), "--to",
                        "docx", "-o", os.path.join(work, "docx", n + ".docx")],
                       capture_output=True, check=True)
subprocess.run(["soffice", "-env:UserInstallation=file://" + work + "/profile",
                "--headless", "--convert-to", "pdf", "--outdir",
                work + "/table"] +
               [os.path.join(work, "docx", n + ".docx") for n in names
                if n not in real],
               cwd=work, capture_output=True, check=True)


failed = 0
for n in names:
    pdf = os.path.join(work, "pdf", n + ".pdf")
    ref = read_report(gk, pdf if n in real else os.path.join(work, n + ".txt"))
    if ref is None or not os.path.exists(pdf):
        print(f"FAIL {n}: unreadable or no PDF made")
        failed += 1
        continue
    forms = [] if n in real else [("pdf", pdf),
                                  ("table", os.path.join(work, "table",
                                                         n + ".pdf"))]
    for opt in ("layout", "raw"):
        out = os.path.join(work, f"{n}.{opt}.txt")
        subprocess.run(["pdftotext", "-" + opt, pdf, out], check=True)
        forms.append((opt, out))
    for kind, path in forms:
        rep = read_report(gk, path)
        if rep is None:
            print(f"FAIL {n} {kind}: unreadable")
            failed += 1
            continue
        # the PDF itself reads every cell; a text rendering may miss the
        # rows a finding of it or of the reference names
        excused = (frozenset() if kind in ("pdf", "table")
                   else named_rows(rep) | named_rows(ref))
        diff, right, said, total = compare(ref, rep, META, excused)
        if kind == "pdf" and rules(rep) != rules(ref):
            diff.append(f"findings {rules(rep)} != {rules(ref)}")
        print(result_line(n, kind, diff, right, said, total))
        failed += bool(diff)
sys.exit(1 if failed else 0)
