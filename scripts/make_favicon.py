"""Render app/static/favicon.svg at 16, 32 and 48 px with Debian's Chromium and pack the PNGs into
app/static/favicon.ico (run after changing the SVG):  .venv/bin/python scripts/make_favicon.py app/static"""
import struct, sys
from pathlib import Path
from playwright.sync_api import sync_playwright

static = Path(sys.argv[1])
svg = (static / "favicon.svg").read_text()
pngs = []
with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
    for size in (16, 32, 48):
        page = b.new_page(viewport={"width": size, "height": size})
        page.set_content(f'<html><body style="margin:0;background:transparent">'
                         f'<div style="width:{size}px;height:{size}px">{svg.replace("<svg ", f"<svg width={size} height={size} ")}</div></body></html>')
        pngs.append((size, page.screenshot(omit_background=True, clip={"x": 0, "y": 0, "width": size, "height": size})))
    b.close()
header = struct.pack("<HHH", 0, 1, len(pngs))
offset = 6 + 16 * len(pngs)
entries, data = b"", b""
for size, png in pngs:
    entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset + len(data))
    data += png
(static / "favicon.ico").write_bytes(header + entries + data)
print(len(header + entries + data))
