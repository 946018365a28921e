"""Hostile archives, written byte by byte where zipfile would refuse to write them:
bombs whose headers lie about sizes, corrupt, truncated, encrypted, nested and
crowded archives. Used by the upload tests and by bench/upload_memory.py."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache

DOCX_PARTS = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MB = 1024 * 1024


@dataclass(frozen=True)
class Entry:
    """One member as written: ``payload`` is stored as is (already compressed);
    ``size`` and ``crc`` are what the headers declare, true or not."""

    name: str
    payload: bytes
    size: int
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0


def entry(name: str, data: bytes, method: int = zipfile.ZIP_DEFLATED, **lies) -> Entry:
    """An honest member, unless ``lies`` overrides its declared size, CRC or flags."""
    payload = deflate(data) if method == zipfile.ZIP_DEFLATED else data
    fields = {"size": len(data), "crc": zlib.crc32(data), **lies}
    return Entry(name=name, payload=payload, method=method, **fields)


def deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


@cache
def deflated_zeros(megabytes: int) -> bytes:
    """Raw deflate of ``megabytes`` MB of zeros (about 1 KB per MB). One MB is
    compressed once and ended by a full flush (no reference to earlier bytes), so
    the segment can be repeated; an empty final block closes the stream."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = compressor.compress(bytes(MB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return segment * megabytes + b"\x03\x00"


def build_zip(entries: list[Entry]) -> bytes:
    """Local headers, data, central directory and end record, as the entries declare."""
    body, central = bytearray(), bytearray()
    for member in entries:
        name = member.name.encode()
        offset = len(body)
        body += struct.pack(
            "<4s5H3L2H",
            b"PK\x03\x04",
            20,
            member.flags,
            member.method,
            0,
            0x21,
            member.crc,
            len(member.payload),
            member.size,
            len(name),
            0,
        )
        body += name + member.payload
        central += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            member.flags,
            member.method,
            0,
            0x21,
            member.crc,
            len(member.payload),
            member.size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += name
    count = len(entries)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), len(body), 0)
    return bytes(body + central + end)


def docx(*extra: Entry, parts: dict | None = None) -> bytes:
    members = [entry(name, data) for name, data in (DOCX_PARTS if parts is None else parts).items()]
    return build_zip([*members, *extra])


# --- The hostile files -------------------------------------------------------------


def lying_bomb_docx(megabytes: int = 300) -> bytes:
    """A DOCX whose document part declares 39 bytes and inflates to ``megabytes`` MB."""
    return docx(
        Entry("word/media/image1.png", deflated_zeros(megabytes), size=39, crc=0),
    )


def lying_bomb_odt(megabytes: int = 300) -> bytes:
    """An ODT whose ``mimetype`` declares 39 bytes and inflates to ``megabytes`` MB:
    the member a validator has to read."""
    return build_zip(
        [
            Entry("mimetype", deflated_zeros(megabytes), size=39, crc=zlib.crc32(ODT_MIMETYPE)),
            entry("content.xml", b"<office:document/>"),
        ]
    )


def honest_bomb_docx(megabytes: int = 300) -> bytes:
    """Sizes declared truthfully: a plain bomb."""
    return docx(
        Entry("word/media/image1.png", deflated_zeros(megabytes), size=megabytes * MB, crc=0)
    )


def many_bombs_docx(members: int = 400, megabytes: int = 4) -> bytes:
    """Many members, each a small bomb declaring a few bytes: no single one stands out."""
    bomb = deflated_zeros(megabytes)
    return docx(*[Entry(f"word/media/{i}.bin", bomb, size=10, crc=0) for i in range(members)])


def nested_bomb_docx(megabytes: int = 300) -> bytes:
    """A DOCX embedding a zip bomb: honest itself, hostile one level down."""
    inner = build_zip([Entry("a.bin", deflated_zeros(megabytes), size=39, crc=0)])
    return docx(entry("word/embeddings/package.zip", inner, method=zipfile.ZIP_STORED))


def crowded_docx(members: int = 5000) -> bytes:
    """More members than any document needs."""
    return docx(*[entry(f"word/{i}.xml", b"", method=zipfile.ZIP_STORED) for i in range(members)])


def huge_directory_docx(target: int = 4 * MB) -> bytes:
    """A central directory of tens of thousands of empty members: its parsing alone
    would cost tens of MB."""
    members = target // (46 + 30 + 2 * 8)
    return docx(*[entry(f"{i:07x}", b"", method=zipfile.ZIP_STORED) for i in range(members)])


def bad_crc_docx() -> bytes:
    return docx(entry("word/styles.xml", b"<w:styles/>" * 50, crc=1234))


def truncated_docx() -> bytes:
    """Cut in the middle: no end record."""
    whole = docx(entry("word/styles.xml", bytes(range(256)) * 40))
    return whole[: len(whole) // 2]


def truncated_member_docx() -> bytes:
    """The directory is whole but a member's data stops short."""
    data = bytes(range(256)) * 40
    member = entry("word/styles.xml", data, method=zipfile.ZIP_STORED)
    short = Entry(member.name, data[:100], size=len(data), crc=member.crc, method=0)
    whole = build_zip([*[entry(n, d) for n, d in DOCX_PARTS.items()], short])
    # Declare the full length in both headers, as the real file would.
    return whole.replace(
        struct.pack("<2L", 100, len(data)), struct.pack("<2L", len(data), len(data))
    )


def encrypted_docx() -> bytes:
    return docx(entry("word/styles.xml", b"<w:styles/>", flags=0x1))


def corrupt_deflate_docx() -> bytes:
    return docx(Entry("word/styles.xml", b"\xff" * 64, size=64, crc=0))


def unsupported_method_docx() -> bytes:
    return docx(Entry("word/styles.xml", b"\x00" * 64, size=64, crc=0, method=99))


def not_a_zip() -> bytes:
    return b"PK\x03\x04" + b"\x00" * 2000


def docx_without_document() -> bytes:
    return docx(parts={"[Content_Types].xml": b"<Types/>"})


def honest_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in DOCX_PARTS.items():
            archive.writestr(name, data)
        archive.writestr("word/styles.xml", b"<w:styles/>" * 500)
    return buffer.getvalue()
