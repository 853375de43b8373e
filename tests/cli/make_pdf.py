#!/usr/bin/env python3
"""make_pdf.py KIND OUT [N]: hostile and plain PDFs for the limit tests
(issue 15 point 1), generated so no large binary sits in git.

  text OUT          one page, a few words in Helvetica: a normal PDF
  bomb OUT [N]      one page whose content stream inflates to N (default
                    20,000,000) characters shown in rows of 100 that stay on
                    the page: 80 KB on disk, gigabytes inside poppler
  cpu OUT [PAGES]   PAGES (default 200) pages sharing one content stream of
                    8,000,000 "q Q" pairs: little memory, much parsing time

The xref table is exact (gongkai refuses a broken one before poppler)."""
import sys
import zlib


def pdf(objects):
    """objects: list of bytes bodies for objects 1..n; returns the file."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def stream(data, compress):
    if compress:
        z = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(z) + \
            z + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def document(content, pages, compress):
    # 1 catalog, 2 pages, 3 font, 4 content, 5.. pages
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        stream(content, compress),
    ]
    for _ in range(pages):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                    b"/Resources << /Font << /F1 3 0 R >> >> "
                    b"/Contents 4 0 R >>")
    return pdf(objs)


def main():
    kind, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    if kind == "text":
        data = document(b"BT /F1 12 Tf 72 720 Td (Hello gongkai) Tj ET", 1,
                        False)
    elif kind == "bomb":
        row = b"(" + b"A" * 100 + b") Tj 0 -1 Td\n"
        block = b"1 0 0 1 20 820 Tm\n" + row * 800
        body = block * max(1, (n or 20000000) // 80000)
        data = document(b"BT /F1 12 Tf\n" + body + b"ET", 1, True)
    elif kind == "cpu":
        data = document(b"q Q\n" * 8000000, n or 200, True)
    else:
        sys.exit("make_pdf.py: unknown kind " + kind)
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
