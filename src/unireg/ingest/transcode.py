"""Re-encoding a file to UTF-8, streaming, so DuckDB can read it.

Feeds declared in another encoding (GBK, GB 18030: see a profile's
``encoding``) are decoded in chunks with an incremental decoder, which keeps
multi-byte characters split across chunks whole, and written as UTF-8 to a
temporary file. Decoding is strict: at the first byte that is not text in the
declared encoding the copy is abandoned and the caller reads the original
line by line instead, rejecting exactly the rows that hold such bytes —
no character is ever replaced in a row that is then accepted.
"""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path

CHUNK = 1 << 22


def transcode_to_utf8(src: Path, encoding: str, tmp_dir: Path) -> Path | None:
    """A UTF-8 copy of ``src`` in ``tmp_dir``, or None if ``src`` is not clean ``encoding`` text.

    The caller deletes the copy when done.
    """
    tmp_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f"{src.stem}.", suffix=".utf8.csv", dir=tmp_dir)
    out = Path(name)
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        with src.open("rb") as fin, open(fd, "wb") as fout:
            while chunk := fin.read(CHUNK):
                fout.write(decoder.decode(chunk).encode("utf-8"))
            fout.write(decoder.decode(b"", final=True).encode("utf-8"))
    except UnicodeDecodeError:
        out.unlink(missing_ok=True)
        return None
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return out
