#!/usr/bin/env python3
"""Makes .docx test inputs at test time (never committed).

usage: make_docx.py variant KIND IN.docx OUT.docx
       make_docx.py variants IN.docx PREFIX     (every KIND: PREFIX.KIND.docx)
       make_docx.py hostile KIND OUT
       make_docx.py hostiles DIR                (every KIND: DIR/h_KIND.docx)

variant: rewrites word/document.xml of a .docx written by `gongkai export`
into what other producers write, keeping the report's content:
  runs       every character its own run; header labels over two paragraphs
  fields     numbers as field results (w:fldSimple, complex w:fldChar
             fields whose w:instrText holds other digits)
  tracked    numbers as tracked insertions after deleted wrong numbers
             (w:del/w:delText), plus moved-away text (w:moveFrom)
  textbox    the title inside a text box (mc:AlternateContent: a wps text
             box and its VML fallback holding the same text)
  nested     the whole body inside one cell of an outer layout table
  numbering  section headings whose 一、 comes from Word's list numbering
             (w:numPr and word/numbering.xml, chineseCounting "%1、")

hostile: an input the reader must refuse cleanly:
  bomb       an entry inflating 1000 times its compressed size
  lying      an entry whose headers declare 1 KB, inflating to 4 MB
  slip       an entry named ../../evil.txt
  absolute   an entry named /etc/evil.txt
  truncated  a .docx cut in half
  crc        a .docx with a flipped byte inside compressed data
  truncxml   word/document.xml ending in the middle of an element
  xxe        an external entity (file:///etc/passwd) in the body
  laughs     the billion laughs entities
  deep       5000 nested elements
  doc        a legacy .doc (OLE2 compound file header)
  nodoc      a ZIP without word/document.xml
"""
import re
import sys
import zipfile
import zlib

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def read_parts(path):
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def write_parts(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(name, data)


# === Variants ===

TEXT_RUN = re.compile(r'<w:r>(<w:rPr>.*?</w:rPr>)?<w:t xml:space="preserve">([^<]*)</w:t></w:r>')
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


CELL_LABEL = re.compile(
    r'<w:p>(<w:pPr><w:spacing w:after="0"/><w:jc w:val="center"/></w:pPr>)'
    r'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">([^<]*)</w:t></w:r></w:p>')


def v_runs(xml):
    # a bold cell label of four characters or more over two paragraphs
    def two(m):
        ppr, text = m.group(1), m.group(2)
        if len(text) < 4:
            return m.group(0)
        h = len(text) // 2
        return (f'<w:p>{ppr}<w:r><w:t>{text[:h]}</w:t></w:r></w:p>'
                f'<w:p>{ppr}<w:r><w:t>{text[h:]}</w:t></w:r></w:p>')
    xml = CELL_LABEL.sub(two, xml)

    # then every character of every other run its own run
    def split(m):
        rpr = m.group(1) or ""
        return "".join(f'<w:r>{rpr}<w:t xml:space="preserve">{ch}</w:t></w:r>'
                       for ch in m.group(2))
    return TEXT_RUN.sub(split, xml)


def numbers_in_cells(xml, wrap):
    """Rewrites every run holding a number only (the table values)."""
    def sub(m):
        text = m.group(2)
        if not NUMBER.fullmatch(text):
            return m.group(0)
        return wrap(m.group(1) or "", text)
    return TEXT_RUN.sub(sub, xml)


def v_fields(xml):
    count = [0]

    def wrap(rpr, text):
        count[0] += 1
        if count[0] % 2:
            return (f'<w:fldSimple w:instr=" = 9{text}9 "><w:r>{rpr}'
                    f'<w:t>{text}</w:t></w:r></w:fldSimple>')
        return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve"> = 7{text}7 </w:instrText></w:r>'
                f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                f'<w:r>{rpr}<w:t>{text}</w:t></w:r>'
                f'<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return numbers_in_cells(xml, wrap)


def v_tracked(xml):
    def wrap(rpr, text):
        return (f'<w:del w:id="1" w:author="a"><w:r>{rpr}<w:delText>8{text}</w:delText></w:r></w:del>'
                f'<w:moveFrom w:id="2" w:author="a"><w:r><w:t>6</w:t></w:r></w:moveFrom>'
                f'<w:ins w:id="3" w:author="a"><w:r>{rpr}<w:t>{text}</w:t></w:r></w:ins>')
    return numbers_in_cells(xml, wrap)


def v_textbox(xml):
    m = re.search(r"<w:body>(<w:p>.*?</w:p>)", xml)
    title = re.sub(r"<[^>]+>", "", m.group(1))
    inner = f'<w:p><w:r><w:t>{title}</w:t></w:r></w:p>'
    box = ('<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
           '<wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>'
           f'<w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp>'
           '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
           '<mc:Fallback><w:pict><v:shape><v:textbox>'
           f'<w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict>'
           '</mc:Fallback></mc:AlternateContent></w:r></w:p>')
    xml = xml.replace(m.group(1), box, 1)
    ns = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps" ')
    return xml.replace("<w:document ", "<w:document " + ns, 1)


def v_nested(xml):
    m = re.search(r"<w:body>(.*)(<w:sectPr>.*</w:sectPr>)</w:body>", xml, re.S)
    body, sect = m.group(1), m.group(2)
    outer = ('<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/></w:tblPr>'
             '<w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc>'
             f'<w:tcPr><w:tcW w:w="9000" w:type="dxa"/></w:tcPr>{body}<w:p/></w:tc></w:tr></w:tbl>')
    return xml.replace(m.group(0), f"<w:body>{outer}<w:p/>{sect}</w:body>")


def v_numbering(xml):
    def sub(m):
        return (f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
                f'{m.group(1)}</w:pPr>{m.group(2)}{m.group(3)}</w:t></w:r></w:p>')
    return re.sub(r'<w:p><w:pPr>(<w:spacing w:before="120".*?)</w:pPr>(<w:r>.*?<w:t xml:space="preserve">)'
                  r'[一二三四五六]、([^<]*)</w:t></w:r></w:p>', sub, xml)


# Word's part for the list above: level 0 counts 一 二 三 … followed by 、
NUMBERING_XML = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">'
                 '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
                 '<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>').encode()
NUMBERING_TYPE = (b'<Override PartName="/word/numbering.xml" ContentType="application/'
                  b'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>')
NUMBERING_REL = (b'<Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/'
                 b'officeDocument/2006/relationships/numbering" Target="numbering.xml"/>')


def variant(kind, src, dst):
    parts = read_parts(src)
    out = []
    for name, data in parts:
        if name == "word/document.xml":
            xml = data.decode("utf-8")
            xml = {"runs": v_runs, "fields": v_fields, "tracked": v_tracked,
                       "textbox": v_textbox, "nested": v_nested,
                   "numbering": v_numbering}[kind](xml)
            data = xml.encode("utf-8")
        elif kind == "numbering" and name == "[Content_Types].xml":
            data = data.replace(b"</Types>", NUMBERING_TYPE + b"</Types>")
        elif kind == "numbering" and name == "word/_rels/document.xml.rels":
            data = data.replace(b"</Relationships>", NUMBERING_REL + b"</Relationships>")
        out.append((name, data))
    if kind == "numbering":
        out.append(("word/numbering.xml", NUMBERING_XML))
    write_parts(dst, out)


# === Hostile inputs ===

CT = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
      b'openxmlformats.org/package/2006/content-types"/>')


def docx_with(path, document, extra=()):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        for name, data in extra:
            z.writestr(name, data)
        z.writestr("word/document.xml", document)


def body(inner):
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<w:document xmlns:w="{W}">'
            f'<w:body>{inner}</w:body></w:document>').encode()


def hostile(kind, out):
    para = "<w:p><w:r><w:t>满洲里市统计局2020年政府信息公开工作年度报告</w:t></w:r></w:p>"
    if kind == "bomb":
        docx_with(out, body(para + "<w:p><w:r><w:t>" + " " * (30 << 20) + "</w:t></w:r></w:p>"))
    elif kind == "lying":
        docx_with(out, body(para + "<w:p><w:r><w:t>" + "x" * (4 << 20) + "</w:t></w:r></w:p>"))
        raw = bytearray(open(out, "rb").read())
        # patch the uncompressed size of word/document.xml to 1024 in its
        # local header and its central directory entry
        name = b"word/document.xml"
        for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            i = 0
            while True:
                i = raw.find(sig, i)
                if i < 0:
                    break
                nlen_off = 26 if sig == b"PK\x03\x04" else 28
                nlen = int.from_bytes(raw[i + nlen_off:i + nlen_off + 2], "little")
                start = i + (30 if sig == b"PK\x03\x04" else 46)
                if bytes(raw[start:start + nlen]) == name:
                    raw[i + off:i + off + 4] = (1024).to_bytes(4, "little")
                i += 4
        open(out, "wb").write(bytes(raw))
    elif kind in ("slip", "absolute"):
        evil = "../../evil.txt" if kind == "slip" else "/etc/evil.txt"
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("[Content_Types].xml", CT)
            z.writestr("word/document.xml", body(para))
            z.writestr(zipfile.ZipInfo(evil), b"owned")
    elif kind in ("truncated", "crc"):
        docx_with(out, body(para * 400))
        raw = bytearray(open(out, "rb").read())
        if kind == "truncated":
            raw = raw[:len(raw) // 2]
        else:
            i = raw.find(b"word/document.xml") + len("word/document.xml") + 40
            raw[i] ^= 0xFF
        open(out, "wb").write(bytes(raw))
    elif kind == "truncxml":
        xml = body(para * 50)
        docx_with(out, xml[: len(xml) * 2 // 3])
    elif kind == "xxe":
        docx_with(out, (f'<?xml version="1.0"?>\n<!DOCTYPE w:document [\n'
                        f'<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
                        f'<w:document xmlns:w="{W}"><w:body>{para}'
                        f'<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>').encode())
    elif kind == "laughs":
        ents = '<!ENTITY lol0 "lol">' + "".join(
            f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
        docx_with(out, (f'<?xml version="1.0"?>\n<!DOCTYPE w:document [{ents}]>\n'
                        f'<w:document xmlns:w="{W}"><w:body>{para}'
                        f'<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>').encode())
    elif kind == "deep":
        n = 5000  # past max_xml_depth, too small for the ratio check
        docx_with(out, body(para + "<w:sdt>" * n + "</w:sdt>" * n))
    elif kind == "doc":
        open(out, "wb").write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 504)
    elif kind == "nodoc":
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("[Content_Types].xml", CT)
            z.writestr("xl/workbook.xml", b"<workbook/>")
    else:
        sys.exit(f"unknown hostile kind {kind}")


VARIANTS = ("runs", "fields", "tracked", "textbox", "nested", "numbering")
HOSTILES = ("bomb", "lying", "slip", "absolute", "truncated", "crc",
            "truncxml", "xxe", "laughs", "deep", "doc", "nodoc")

if __name__ == "__main__":
    a = sys.argv
    if len(a) == 5 and a[1] == "variant":
        variant(a[2], a[3], a[4])
    elif len(a) == 4 and a[1] == "variants":
        for k in VARIANTS:
            variant(k, a[2], f"{a[3]}.{k}.docx")
    elif len(a) == 4 and a[1] == "hostile":
        hostile(a[2], a[3])
    elif len(a) == 3 and a[1] == "hostiles":
        for k in HOSTILES:
            hostile(k, f"{a[2]}/h_{k}.docx")
    else:
        sys.exit(__doc__)
