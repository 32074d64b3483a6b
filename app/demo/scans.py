"""Tiny but valid «scans» of signed paper forms for the demo consents: a one-page PDF and a small
greyscale PNG, built in code (no binary files in the repository). The ledger checks a scan by its
content (app/consents/scans.py), so these pass the same check a real upload passes."""
from __future__ import annotations

import struct
import zlib


def pdf(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF 1.4 with a title, the given lines and a signature line. Text in the standard
    Helvetica font, so ASCII only (the demo writes transliterated captions)."""
    def escape(value: str) -> str:
        value = value.encode("ascii", "replace").decode("ascii")
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = [f"BT /F1 14 Tf 60 780 Td ({escape(title)}) Tj ET"]
    y = 740
    for line in lines:
        text.append(f"BT /F1 11 Tf 60 {y} Td ({escape(line)}) Tj ET")
        y -= 18
    # The signature line and a hand-drawn squiggle of a signature.
    text.append(f"0.5 w 330 {y - 40} m 530 {y - 40} l S")
    text.append(f"1.2 w 350 {y - 38} m 370 {y - 20} 380 {y - 50} 400 {y - 30} c 420 {y - 10} 430 {y - 45} "
                f"460 {y - 32} c S")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png(seed: int, width: int = 120, height: int = 170) -> bytes:
    """A small greyscale «photo of a page»: a light sheet, grey lines of text of varying length (from
    ``seed``) and a darker signature stroke near the bottom."""
    rows = []
    for y in range(height):
        row = bytearray([235] * width)
        if 12 <= y < height - 30 and y % 9 in (0, 1):
            length = 20 + (seed * 31 + y * 17) % (width - 40)
            for x in range(10, 10 + length):
                row[x] = 120
        if height - 24 <= y < height - 10:
            for x in range(70, 110):
                if abs((x * 7 + seed) % 13 - (y - height + 24)) < 2:
                    row[x] = 40
        rows.append(b"\x00" + bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
            + chunk(b"IEND", b""))
