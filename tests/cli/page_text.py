#!/usr/bin/env python3
"""page_text.py: a report's page, turned into text the ways people do it,
reads as the report does.

Usage: page_text.py GONGKAI WORKDIR FILE.txt...

Every FILE is written by gongkai as .docx, and LibreOffice makes a web
page of it (one headless call, a private profile): a page with real
tables, merged cells, runs split by fonts, source indentation. The page
is then turned into text as crawlers do it (the text nodes, scripts and
styles dropped, joined as BeautifulSoup's get_text joins them: with the
source's white space or stripped, by nothing, a line break, a space or a
tab), as w3m prints it with its table borders and w3m and lynx without
them (at their default width and at 100, 120 and 160 columns), and the .docx as pandoc
converts it (gfm, markdown, org, asciidoc, plain, and rst's grid tables,
each cell's text wrapped down its column). Each text must give the FILE's agency, year and date and
every cell, except cells of a row that an error finding of that reading
names (a blank cell a rendering drops is said, never guessed), and no
error the FILE's reading lacks unless it names a row read differently.
Prints one line per file and rendering; exit 1 on any difference.
"""
import html.parser, os, shutil, subprocess, sys

from report_cmp import compare, named_rows, parse as read_report, result_line

gk, work, texts = sys.argv[1], sys.argv[2], sys.argv[3:]
META = ("agency", "year", "date", "template")
DUMPS = [(t, w) for t in ("w3m-plain", "lynx") for w in (0, 100, 120, 160)]
PANDOC = ("gfm", "markdown", "org", "asciidoc", "plain", "rst")
CRAWL = {"source": ("", False), "lines": ("\n", False),
         "glued": ("", True), "line-each": ("\n", True),
         "spaced": (" ", True), "tabbed": ("\t", True)}


class TextNodes(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


os.makedirs(work + "/docx", exist_ok=True)
names = []
for t in texts:
    name = os.path.splitext(os.path.basename(t))[0]
    shutil.copy(t, os.path.join(work, name + ".txt"))
    subprocess.run([gk, "export", t, "--to", "docx", "-o",
                    os.path.join(work, "docx", name + ".docx")],
                   capture_output=True, check=True)
    names.append(name)
subprocess.run(["soffice", "-env:UserInstallation=file://" + work + "/profile",
                "--headless", "--convert-to", "html", "--outdir",
                work + "/html"] +
               [os.path.join(work, "docx", n + ".docx") for n in names],
               cwd=work, capture_output=True, check=True)

failed = 0
for n in names:
    ref = read_report(gk, os.path.join(work, n + ".txt"))
    page = os.path.join(work, "html", n + ".html")
    if ref is None or not os.path.exists(page):
        print(f"FAIL {n}: unreadable or no page made")
        failed += 1
        continue
    forms = []
    nodes = TextNodes()
    nodes.feed(open(page, encoding="utf-8").read())
    for kind, (sep, strip) in CRAWL.items():
        parts = [p.strip() for p in nodes.out if p.strip()] if strip \
            else nodes.out
        out = os.path.join(work, f"{n}.{kind}.txt")
        with open(out, "w", encoding="utf-8") as f:
            f.write(sep.join(parts))
        forms.append((kind, out))
    out = os.path.join(work, f"{n}.w3m.txt")
    with open(out, "wb") as f:
        subprocess.run(["w3m", "-dump", "-cols", "160", "-T", "text/html",
                        "-o", "display_borders=1", page], stdout=f,
                       check=True)
    forms.append(("w3m", out))
    # without borders: a fixed-width layout, a label wrapped inside its
    # column beside a group cell; at the tools' default width and wider
    for tool, width in DUMPS:
        out = os.path.join(work, f"{n}.{tool}{width or ''}.txt")
        cmd = (["w3m", "-dump", "-O", "UTF-8", "-T", "text/html"] +
               (["-cols", str(width)] if width else []) if tool == "w3m-plain"
               else ["lynx", "-dump", "-nolist", "-display_charset=utf-8"] +
               ([f"-width={width}"] if width else []))
        with open(out, "wb") as f:
            subprocess.run(cmd + [page], stdout=f, check=True)
        forms.append((f"{tool}{width or ''}", out))
    for to in PANDOC:
        out = os.path.join(work, f"{n}.{to}.txt")
        subprocess.run(["pandoc", os.path.join(work, "docx", n + ".docx"),
                        "-t", to, "-o", out], check=True)
        forms.append((to, out))
    for kind, path in forms:
        rep = read_report(gk, path)
        if rep is None:
            print(f"FAIL {n} {kind}: unreadable")
            failed += 1
            continue
        # text glued without separators may hold several readings of a
        # row no relation decides (183.82: 1 and 83.82, or 18 and 3.82):
        # saying so is right even where the first reading is
        diff, right, said, total = compare(
            ref, rep, META, named_rows(rep),
            lambda e: kind == "glued" and e[0] == "ambiguous-cells")
        print(result_line(n, kind, diff, right, said, total))
        failed += bool(diff)
sys.exit(1 if failed else 0)
