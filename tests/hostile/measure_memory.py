"""Starts Lentera on a demo data directory, posts the hostile files of the hardening issue
(a sparse sheet reaching XFD1048576, an XLSX zip bomb, a million-row CSV, a 12000x11000 PNG
alone and eight at once) and prints the server's peak resident memory (VmHWM) after each,
while a thread checks /healthz every 200 ms. Needs Python's `requests`.

    cargo build --release
    target/release/lentera demo --data-dir /tmp/hostile-data
    python3 tests/hostile/measure_memory.py target/release/lentera /tmp/hostile-data
"""
import io, json, os, struct, subprocess, sys, threading, time, zipfile, zlib
import requests

BIN, DATA = sys.argv[1], sys.argv[2]

def run(*args, stdin=None):
    return subprocess.run([BIN, *args, "--data-dir", DATA], capture_output=True, text=True, input=stdin)

server = subprocess.Popen([BIN, "serve", "--bind", "127.0.0.1:0", "--data-dir", DATA], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
line = server.stdout.readline()
base = [w for w in line.split() if w.startswith("http://")][0].rstrip("/")
token = run("user", "token", "--username", "pengelola").stdout.strip()
H = {"Authorization": f"Bearer {token}"}

def hwm():
    for l in open(f"/proc/{server.pid}/status"):
        if l.startswith("VmHWM"):
            return int(l.split()[1]) // 1024
health_fail = []
stop = False
def poll():
    while not stop:
        try:
            r = requests.get(base + "/healthz", timeout=2)
            if r.status_code != 200: health_fail.append(r.status_code)
        except Exception as e:
            health_fail.append(str(e))
        time.sleep(0.2)
threading.Thread(target=poll, daemon=True).start()

def xlsx(sheet_xml_parts):
    b = io.BytesIO()
    z = zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED)
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
        for part in sheet_xml_parts:
            f.write(part)
    z.close()
    return b.getvalue()

head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>'
sparse = xlsx([head, b'<row r="1"><c r="A1" t="inlineStr"><is><t>judul</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'])
def bomb_parts():
    yield head
    yield b'<row r="1"><c r="A1" t="inlineStr"><is><t>judul</t></is></c></row>'
    chunk = b" " * (1 << 20)
    for _ in range(1024):
        yield chunk
    yield b"</sheetData></worksheet>"
bomb = xlsx(bomb_parts())
million = ("judul\n" + "x\n" * 1_000_000).encode()

def png(w, h):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    row = b"\x00" + b"\x00" * (w * 3)
    comp = zlib.compressobj(9)
    body = b"".join(comp.compress(row) for _ in range(h)) + comp.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
big_png = png(12000, 11000)

# A draft activity of the manager's library for the photos.
me = requests.get(base + "/api/v1/libraries", headers=H).json()["items"][0]["id"]
act = requests.post(base + "/api/v1/activities", headers=H, json={"library_id": me, "title": "Uji foto besar", "start_date": "2026-10-14", "category_id": 1, "participants": {"male": 1, "female": 1, "adults": 2}}).json()["id"]

print(f"after start: peak {hwm()} MiB")
for name, body in [("sparse XLSX (A1 + XFD1048576), %d bytes" % len(sparse), sparse),
                   ("XLSX zip bomb (1 GiB of XML), %d bytes" % len(bomb), bomb),
                   ("CSV of 1,000,000 rows, %d bytes" % len(million), million)]:
    t = time.time()
    r = requests.post(base + "/api/v1/activities/import", headers=H, data=body)
    print(f"{name}: {r.status_code} in {time.time()-t:.2f}s; peak {hwm()} MiB")
t = time.time()
r = requests.post(base + f"/api/v1/activities/{act}/photos", headers={**H, "content-type": "image/png"}, data=big_png)
print(f"PNG 12000x11000, {len(big_png)} bytes: {r.status_code} in {time.time()-t:.2f}s; peak {hwm()} MiB")
threads = [threading.Thread(target=lambda: requests.post(base + f"/api/v1/activities/{act}/photos", headers={**H, "content-type": "image/png"}, data=big_png)) for _ in range(8)]
t = time.time()
[th.start() for th in threads]; [th.join() for th in threads]
print(f"8 such PNGs at once: {time.time()-t:.2f}s; peak {hwm()} MiB")
stop = True
time.sleep(0.3)
print("healthz failures during the run:", health_fail or "none")
server.terminate()
