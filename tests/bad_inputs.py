"""Input folders built on the spot: the seeds beside good documents in every format and encoding and
bad files of every kind, each with what the pipeline must make of it."""
from __future__ import annotations

import gzip
import io
import os
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path


def minimal_pdf(pages: list[list[str]], info: dict[str, str] | None = None) -> bytes:
    """A small valid PDF whose pages show the given lines in Helvetica; a page with no lines has no
    text layer, like a scan. Written by hand so the tests need no PDF producer."""
    objects: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    contents = []
    for lines in pages:
        ops = [b"BT /F1 11 Tf 14 TL 72 720 Td"]
        for line in lines:
            escaped = line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            ops.append(b"(" + escaped + b") Tj T*")
        stream = b"\n".join([*ops, b"ET"]) if lines else b""
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        contents.append(len(objects))
    pages_id = len(objects) + len(pages) + 1
    page_ids = []
    for content in contents:
        objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /Font << /F1 1 0 R >> >> >>" % (pages_id, content))
        page_ids.append(len(objects))
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % p for p in page_ids), len(page_ids)))
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    catalog = len(objects)
    trailer_info = b""
    if info:
        objects.append(b"<< " + b" ".join(b"/%s (%s)" % (k.encode(), v.encode("latin-1")) for k, v in info.items()) + b" >>")
        trailer_info = b" /Info %d 0 R" % len(objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, trailer_info, xref)
    return bytes(out)


def encrypted_pdf(lines: list[str], password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(minimal_pdf([lines]))))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Japan and India sign semiconductor MoC | Ministry of External Affairs</title>
<meta property="og:title" content="Japan and India sign semiconductor MoC">
<meta property="article:published_time" content="2023-07-20T10:30:00+05:30">
<script>var promo = "Rs 3,500 crore";</script>
<style>body { font-family: serif; }</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/press">Press releases</a></li><li>Sitemap</li></ul></nav>
<article>
<h1>Japan and India sign semiconductor MoC</h1>
<p>The Ministry of Electronics and Information Technology (MeitY) and the Ministry of Economy, Trade and
Industry (METI) of Japan signed a Memorandum of Cooperation on the \u201cJapan-India Semiconductor Policy
Partnership\u201d on Thursday.</p>
<p>Japan will provide JPY 20 billion (about US$ 150 million) through JICA, and more than 500 students
will be exchanged under the programme \u2013 a \u20ac-free arrangement, officials said.</p>
</article>
<footer>Copyright 2023. <a href="/privacy">Privacy policy</a></footer>
<script>console.log("JPY 999 billion")</script>
</body></html>"""

MARKDOWN_NOTE = """---
title: Visit of the Education Minister to Tokyo
date: 2022-11-05
---
# Education Minister in Tokyo

The **Minister of Education** met the President of the *Japan Society for the Promotion of Science*
([JSPS](https://www.jsps.go.jp)) and agreed to exchange 120 researchers over three years.
"""

PDF_PAGES = [
    ["The Department of Science and Technology (DST) and the Japan Society for the Promotion of Science",
     "(JSPS) signed a Memorandum of Understanding on 12 March 2024 in Tokyo.",
     "Under the MoU, 40 researchers will be exchanged every year."],
    ["The programme is funded with a grant of JPY 300 million over five years."],
]

# Texts that only differ from the seeds and from each other in content, each in another encoding.
ENCODED = {
    "legacy-cp1252.txt": ("The ministry said the \u201cSakura Science\u201d exchange would bring 1,200 students to Japan in 2024 \u2013 a record. Funding: \u00a51.5 billion.", "cp1252"),
    "legacy-latin1.txt": ("Caf\u00e9 scientifique: the Universit\u00e9 de Lyon and Kyoto University agreed on 5 May 2021 to exchange 25 doctoral students. Co\u00fbt: 2\u00bd million euros.", "latin-1"),
    "utf16-with-bom.txt": ("Tokyo, 3 April 2023. JICA signed a loan agreement of JPY 25 billion with the Government of India for a metro project.", "utf-16"),
    "utf8-with-bom.txt": ("New Delhi, 14 June 2022. The Indian Institute of Science and the University of Tokyo renewed their MoU for five years.", "utf-8-sig"),
    "UPPER CASE NAME.TXT": ("Osaka, 9 September 2021. Osaka University hosted 35 visiting scholars from India.", "utf-8"),
    "\u00fcn\u00efc\u00f8d\u00e9 \u2014 report (final) 'v2'.txt": ("The grant of \uffe5\uff15\uff10\uff10 million was announced on \uff11 April \uff12\uff10\uff12\uff13\u3000by the Embassy.", "utf-8"),
    "sub/dir/deeply/nested.txt": ("Kyoto, 1 February 2020. Kyoto University and IIT Bombay signed an MoU on artificial intelligence research.", "utf-8"),
}
NON_UTF8_NAME = b"caf\xe9-named-in-latin1.txt"  # a name from another system: not valid UTF-8
NON_UTF8_NAME_TEXT = "Chennai, 2 October 2019. Anna University signed an agreement with Tohoku University on materials science."

UNREADABLE = "locked.txt"


@dataclass
class MixedFolder:
    root: Path
    loaded: set[str] = field(default_factory=set)  # source_path of every file that must load
    rejected: dict[str, str] = field(default_factory=dict)  # source_path -> words its reason must contain
    hidden: set[str] = field(default_factory=set)  # files that are not documents at all


def write_mixed_folder(root: Path, seeds: Path, max_bytes: int) -> MixedFolder:
    """The seeds, a good file in every format and encoding, and one file of every bad kind."""
    root.mkdir(parents=True, exist_ok=True)
    folder = MixedFolder(root)

    def put(rel: str, data: bytes, expect: str | None) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if expect is None:
            folder.loaded.add(rel)
        else:
            folder.rejected[rel] = expect

    for seed in sorted(seeds.glob("*.txt")):
        put(seed.name, seed.read_bytes(), None)
    put("web/japan-india-semiconductors.html", HTML_PAGE.encode("cp1252"), None)
    put("notes/minister-visit.md", MARKDOWN_NOTE.encode(), None)
    put("pdf/dst-jsps-mou.pdf", minimal_pdf(PDF_PAGES, {"Title": "DST-JSPS MoU"}), None)
    for rel, (text, encoding) in ENCODED.items():
        put(rel, text.encode(encoding), None)
    (root / os.fsdecode(NON_UTF8_NAME)).write_bytes(NON_UTF8_NAME_TEXT.encode())
    folder.loaded.add("caf\\xe9-named-in-latin1.txt")

    first_seed = sorted(seeds.glob("*.txt"))[0]
    put("empty.txt", b"", "empty file")
    put("blank.md", b" \n\n\t \n", "empty file")
    put("random-bytes.txt", random.Random(7).randbytes(5000), "binary")
    put("photo.txt", b"\x89PNG\r\n\x1a\n" + random.Random(8).randbytes(500), "PNG image")
    put("archive.html", gzip.compress(HTML_PAGE.encode()), "gzip")
    put("scripts-only.html", b"<html><head><title>x</title><script>var a = 1;</script></head><body><nav>Home</nav></body></html>", "no text")
    put("scanned.pdf", minimal_pdf([[], []]), "no text layer")
    put("truncated.pdf", minimal_pdf(PDF_PAGES)[:700], "truncated PDF")
    put("not-really.pdf", b"Just text that calls itself a PDF.", "not a PDF")
    put("password.pdf", encrypted_pdf(["Confidential minutes."], "s3cret"), "encrypted PDF")
    put("too-big.txt", b"JICA loan. " * (max_bytes // 11 + 1), "over the limit")
    put("spreadsheet.xlsx", b"PK\x03\x04" + b"\x00" * 100, "unsupported file type '.xlsx'")
    put("README", b"Notes about this folder.", "unsupported file type '(no extension)'")
    # Copies under other names: the same bytes, and the same text in another encoding. They sort after
    # the originals, so the originals (the names the gold answers use) are the ones kept.
    put("copies/copy of the first seed.txt", first_seed.read_bytes(), f"duplicate of {first_seed.name}")
    put("copies/first seed in utf-16.txt", first_seed.read_text(encoding="utf-8").encode("utf-16"), f"duplicate of {first_seed.name}")
    (root / "dangling.txt").symlink_to(root / "gone.txt")
    folder.rejected["dangling.txt"] = "cannot read file"
    put(UNREADABLE, b"Tokyo, 5 May 2020. A locked file.", "permission denied")
    (root / UNREADABLE).chmod(0)
    for hidden in (".DS_Store", ".git/config"):
        (root / hidden).parent.mkdir(parents=True, exist_ok=True)
        (root / hidden).write_bytes(b"\x00\x01 not a document")
        folder.hidden.add(hidden)
    # A folder the user calls "reference" is read like any other: only accord's own lists are not documents.
    reference = root / "reference"
    reference.mkdir()
    shutil.copy(seeds / "reference" / "organizations.csv", reference / "organizations.csv")
    folder.rejected["reference/organizations.csv"] = "unsupported file type '.csv'"
    put("archive/reference/filed-note.txt", b"Sendai, 4 June 2019. Tohoku University welcomed 12 visiting engineers.", None)
    # Red-team inputs of issue 15: a header that expands without bound, a title that is a paragraph,
    # a stray NUL in a text, deep markup, a FIFO, links out of the folder, to a device and to a folder.
    put("notes/billion-laughs.md", b'---\na: &a ["lol","lol"]\nb: &b [*a,*a]\ntitle: [*b,*b]\n---\nText.\n', "alias")
    put("notes/huge-title.md", b"---\ntitle: " + b"Long " * 400 + b"\n---\nText.\n", "title is 1,999 characters")
    put("one-nul.txt", "Kobe, 8 August 2018. Kobe University hosted\x00 16 researchers.".encode(), None)
    put("deep-page.html", ("<html><body>" + "<div>" * 300 + "<p>Nagoya, 1 March 2017. Nagoya University signed an MoU on robotics.</p>"
                          + "</div>" * 300 + "</body></html>").encode(), None)
    put("notes/deep.md", ("> " * 30 + "Fukuoka, 2 April 2016. Kyushu University received 22 interns.\n").encode(), None)
    os.mkfifo(root / "pipe.txt")
    folder.rejected["pipe.txt"] = "not a regular file (a FIFO)"
    outside = root.parent / "outside-the-documents"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash")
    (root / "passwd_link.txt").symlink_to(outside / "secret.txt")
    folder.rejected["passwd_link.txt"] = "outside the documents folder"
    (root / "device_link.txt").symlink_to("/dev/zero")
    folder.rejected["device_link.txt"] = "outside the documents folder"
    (root / "web_link").symlink_to(root / "web")
    folder.rejected["web_link"] = "link to a folder: not followed"
    (root / "locked-folder").mkdir()
    (root / "locked-folder" / "inside.txt").write_text("Words in a folder nobody may list.")
    (root / "locked-folder").chmod(0)
    folder.rejected["locked-folder"] = "folder cannot be listed"
    (root / "no-exec-folder").mkdir()
    (root / "no-exec-folder" / "inside.txt").write_text("Words in a folder nobody may enter.")
    (root / "no-exec-folder").chmod(0o644)
    folder.rejected["no-exec-folder/inside.txt"] = "Permission denied"
    return folder


# What root can read despite the permissions (when it cannot drop that override): path -> its text's file
# name once loaded, or None when it is listed as a folder's content.
LOCKED_WHEN_NOT_ROOT = {UNREADABLE: UNREADABLE, "locked-folder": "locked-folder/inside.txt", "no-exec-folder/inside.txt": "no-exec-folder/inside.txt"}


def drop_read_override() -> list[str] | None:
    """A command prefix under which root cannot read a file it has no permission for (as anyone else
    cannot): [] when not root, None when that is not possible here."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"] if setpriv else None


def cli_env() -> dict[str, str]:
    """Environment for running `accord` in a subprocess against the session's Prefect test server:
    no temporary server to start, and none left running when a test kills the process."""
    from prefect.settings import get_current_settings

    return {**os.environ, "PREFECT_API_URL": str(get_current_settings().api.url)}
