"""Output files written chunk by chunk: CSV (UTF-8 or GBK), Parquet and XLSX.

Every writer opens its file once, writes the header at once (an empty delivery
file still has its columns), appends each chunk, and counts rows. Output is
byte-for-byte reproducible: no timestamps anywhere (the XLSX writer is a
minimal SpreadsheetML writer with fixed ZIP dates; openpyxl would stamp the
current time into ``docProps/core.xml`` and the ZIP entries).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import IO, Protocol
from xml.sax.saxutils import escape

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

_CSV_OPTIONS = dict(quoting_style="needed")


class Sink(Protocol):
    rows: int

    def write(self, columns: dict[str, pa.Array]) -> None: ...

    def close(self) -> None: ...


def _table(names: tuple[str, ...], columns: dict[str, pa.Array]) -> pa.Table:
    return pa.table({n: columns[n].cast(pa.string()) for n in names})


class CsvSink:
    """RFC 4180 CSV, one header row; missing values are empty fields.

    ``header`` renames the columns in the file (a non-standard feed); ``encoding``
    other than UTF-8 is produced by re-encoding each chunk (GBK for legacy systems).
    """

    def __init__(self, path: Path, names: tuple[str, ...], *, header: tuple[str, ...] | None = None,
                 encoding: str = "utf-8") -> None:
        self.path, self.names, self.encoding = path, names, encoding
        self.header = header or names
        self.rows = 0
        self._fh: IO[bytes] = path.open("wb")
        schema = pa.schema([(h, pa.string()) for h in self.header])
        buf = io.BytesIO()
        w = pacsv.CSVWriter(buf, schema, write_options=pacsv.WriteOptions(**_CSV_OPTIONS))
        w.close()
        self._write_bytes(buf.getvalue())

    def _write_bytes(self, data: bytes) -> None:
        if self.encoding != "utf-8":
            data = data.decode("utf-8").encode(self.encoding)
        self._fh.write(data)

    def write(self, columns: dict[str, pa.Array]) -> None:
        t = _table(self.names, columns)
        if t.num_rows == 0:
            return
        t = t.rename_columns(list(self.header))
        buf = io.BytesIO()
        pacsv.write_csv(t, buf, write_options=pacsv.WriteOptions(include_header=False,
                                                                  **_CSV_OPTIONS))
        self._write_bytes(buf.getvalue())
        self.rows += t.num_rows

    def close(self) -> None:
        self._fh.close()


class ParquetSink:
    """Parquet with every column as text (nulls for missing values), one row group per chunk."""

    def __init__(self, path: Path, names: tuple[str, ...] | None = None,
                 schema: pa.Schema | None = None) -> None:
        self.names = names
        self.schema = schema or pa.schema([(n, pa.string()) for n in names or ()])
        self.rows = 0
        self._w = pq.ParquetWriter(path, self.schema, compression="zstd")

    def write(self, columns: dict[str, pa.Array]) -> None:
        if self.names is not None:
            t = _table(self.names, columns)
        else:
            t = pa.table({f.name: columns[f.name] for f in self.schema}, schema=self.schema)
        if t.num_rows == 0:
            return
        self._w.write_table(t)
        self.rows += t.num_rows

    def close(self) -> None:
        self._w.close()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _col(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


class XlsxSink:
    """One worksheet of text cells (inline strings), streamed row by row.

    Every value is a text cell, so ID numbers and dates stay exactly as written;
    a missing value is an absent cell.
    """

    def __init__(self, path: Path, names: tuple[str, ...], sheet: str = "Sheet1") -> None:
        self.names = names
        self.rows = 0
        self._zip = zipfile.ZipFile(path, "w")
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS),
                           ("xl/workbook.xml", _WORKBOOK.format(sheet=escape(sheet))),
                           ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)):
            self._zip.writestr(_info(name), text)
        self._sheet = self._zip.open(_info("xl/worksheets/sheet1.xml"), "w", force_zip64=True)
        self._refs = [_col(i) for i in range(len(names))]
        self._sheet.write(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<sheetData>")
        self._row([list(names)], 1)

    def _row(self, rows: list[list[str | None]], first: int) -> None:
        out = []
        for k, values in enumerate(rows):
            r = first + k
            cells = "".join(
                f'<c r="{ref}{r}" t="inlineStr"><is><t xml:space="preserve">{escape(v)}</t>'
                "</is></c>"
                for ref, v in zip(self._refs, values, strict=True) if v is not None and v != "")
            out.append(f'<row r="{r}">{cells}</row>')
        self._sheet.write("".join(out).encode("utf-8"))

    def write(self, columns: dict[str, pa.Array]) -> None:
        cols = [columns[n].cast(pa.string()).to_pylist() for n in self.names]
        rows = [list(r) for r in zip(*cols, strict=True)]
        if not rows:
            return
        self._row(rows, self.rows + 2)
        self.rows += len(rows)

    def close(self) -> None:
        self._sheet.write(b"</sheetData></worksheet>")
        self._sheet.close()
        self._zip.close()
