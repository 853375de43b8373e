#!/usr/bin/env python3
"""Generates the man pages in man/ from docs/cli.md (one source of truth).

gongkai.1 holds the introduction, input formats and exit codes; each
"## `gongkai CMD`" section (with its ### subsections) becomes gongkai-CMD.1.
Usage: gen_man.py docs/cli.md OUTDIR
A test (tests/cli/test_man_pages.sh) checks that man/ is current and that
groff renders every page without a warning.
"""
import os
import re
import sys

DATE = "2026-12"
SOURCE = "gongkai"
MANUAL = "gongkai manual"


def esc(text):
    """Escapes roff's specials in running text."""
    text = text.replace("\\", "\\e")
    return text


def inline(text):
    """Markdown inline markup to roff fonts."""
    out = []
    pos = 0
    # code spans first: their contents are literal
    for m in re.finditer(r"`([^`]+)`", text):
        out.append(span(text[pos:m.start()]))
        out.append("\\fB" + esc(m.group(1)).replace("-", "\\-") + "\\fR")
        pos = m.end()
    out.append(span(text[pos:]))
    return "".join(out)


def span(text):
    text = esc(text)
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"\\fB\1\\fR", text)
    text = re.sub(r"(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])", r"\\fI\1\\fR", text)
    return text


def line_safe(line):
    """A line starting with . or ' would be a request."""
    if line.startswith(".") or line.startswith("'"):
        return "\\&" + line
    return line


def render(lines):
    """Body lines of markdown (no title) to roff lines."""
    out = []
    i = 0
    para = []

    def flush():
        if para:
            out.append(".PP")
            out.extend(line_safe(inline(p)) for p in para)
            para.clear()

    while i < len(lines):
        raw = lines[i]
        line = raw.strip()
        if line.startswith("```"):
            flush()
            i += 1
            block = []
            while i < len(lines) and not lines[i].strip().startswith("```"):
                block.append(lines[i])
                i += 1
            indent = min((len(b) - len(b.lstrip()) for b in block if b.strip()),
                         default=0)
            out += [".PP", ".RS 4", ".nf"]
            out += [line_safe(esc(b[indent:]).replace("-", "\\-"))
                    for b in block]
            out += [".fi", ".RE"]
            i += 1
            continue
        if line.startswith("|"):
            flush()
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = [c.strip().replace("\\|", "|") for c in
                         re.split(r"(?<!\\)\|", lines[i].strip())[1:-1]]
                if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                    rows.append(cells)
                i += 1
            ncol = max(len(r) for r in rows)
            out += [".TS", "allbox tab(\t);", " ".join(["lx"] * ncol) + "."]
            for r in rows:
                r = r + [""] * (ncol - len(r))
                out.append("\t".join("T{\n" + line_safe(inline(c)) + "\nT}"
                                     for c in r))
            out.append(".TE")
            continue
        m = re.match(r"^(#{2,4}) (.*)$", line)
        if m:
            flush()
            title = re.sub(r"`", "", m.group(2))
            out.append((".SH " if len(m.group(1)) == 2 else ".SS ") +
                       '"' + esc(title).upper() + '"' if len(m.group(1)) == 2
                       else ".SS \"" + esc(title) + "\"")
            i += 1
            continue
        m = re.match(r"^(\s*)([-*]|\d+\.) (.*)$", raw)
        if m:
            flush()
            item = [m.group(3).strip()]
            i += 1
            while (i < len(lines) and lines[i].strip() and
                   not re.match(r"^\s*([-*]|\d+\.) ", lines[i]) and
                   not lines[i].strip().startswith(("```", "|", "#"))):
                item.append(lines[i].strip())
                i += 1
            bullet = "\\(bu" if m.group(2) in "-*" else m.group(2)
            out.append(".IP %s 4" % bullet)
            out.extend(line_safe(inline(t)) for t in item)
            continue
        if not line:
            flush()
            i += 1
            continue
        para.append(line)
        i += 1
    flush()
    return out


def page(name, summary, body, see_also):
    head = ["'\\\" t",
            ".\\\" Generated from docs/cli.md by tools/gen_man.py; do not edit.",
            '.TH "%s" "1" "%s" "%s" "%s"' % (name.upper(), DATE, SOURCE, MANUAL),
            ".SH NAME", "%s \\- %s" % (name.replace("-", "\\-"), summary)]
    tail = [".SH SEE ALSO", ",\n".join("\\fB%s\\fR(1)" % s for s in see_also)]
    return "\n".join(head + body + tail) + "\n"


def main(src, outdir):
    text = open(src, encoding="utf-8").read().splitlines()
    sections = []  # (command or None, heading, lines)
    cur = (None, None, [])
    for line in text[1:]:
        m = re.match(r"^## `gongkai (\S+)`", line)
        if m:
            sections.append(cur)
            cur = (m.group(1), line, [])
            continue
        if line.startswith("## ") and cur[0] is not None:
            sections.append(cur)
            cur = (None, line, [line])
            continue
        cur[2].append(line)
    sections.append(cur)
    commands = [s[0] for s in sections if s[0]]
    pages = {}
    top = []
    for cmd, _, lines in sections:
        if cmd is None:
            top += lines
    top_body = [".SH SYNOPSIS"] + render(top)
    top_body = top_body[:1] + top_body[1:]
    pages["gongkai.1"] = page(
        "gongkai", "read, check and write annual reports on government "
        "information disclosure; keep the disclosure ledger", top_body,
        ["gongkai-" + c for c in commands])
    for cmd, _, lines in sections:
        if cmd is None:
            continue
        # the first paragraph after the usage block is the summary
        summary = cmd
        body_lines = lines
        pages["gongkai-%s.1" % cmd] = page(
            "gongkai-" + cmd, "the gongkai %s command" % cmd,
            [".SH DESCRIPTION"] + render(body_lines),
            ["gongkai"] + ["gongkai-" + c for c in commands if c != cmd])
    os.makedirs(outdir, exist_ok=True)
    for name, content in pages.items():
        with open(os.path.join(outdir, name), "w", encoding="utf-8") as f:
            f.write(content)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
