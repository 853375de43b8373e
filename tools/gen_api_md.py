#!/usr/bin/env python3
"""Generates docs/api.md from include/gongkai.h (cmark's man-page idea).

Each `/** ## Title */` becomes a section; each `/** ... */` comment is printed
with the declarations that follow it up to the next comment or blank line.
Usage: gen_api_md.py include/gongkai.h > docs/api.md
"""
import re
import sys


def main(path):
    text = open(path, encoding="utf-8").read()
    out = ["# libgongkai API", "",
           "Generated from `include/gongkai.h` by `tools/gen_api_md.py`; "
           "do not edit by hand (a test checks it is current).", ""]
    pos = 0
    pattern = re.compile(r"/\*\*(.*?)\*/", re.S)
    for m in pattern.finditer(text):
        body = " ".join(line.strip().lstrip("*").strip()
                        for line in m.group(1).strip().splitlines())
        if body.startswith("## "):
            out += ["## " + body[3:].strip(), ""]
            pos = m.end()
            continue
        rest = text[m.end():]
        stop = len(rest)
        for pat in (r"/\*\*", r"\n\s*\n"):
            s = re.search(pat, rest)
            if s:
                stop = min(stop, s.start())
        decl = rest[:stop].strip()
        decl = re.sub(r"\bGK_EXPORT\s+", "", decl)
        if decl:
            out += ["```c", decl, "```", ""]
        out += [body, ""]
        pos = m.end()
    sys.stdout.write("\n".join(out).rstrip() + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
