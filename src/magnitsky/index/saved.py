"""The saved index file: opened by mapping it into memory, not by reading it all.

A screening command answers one query, so opening the index must cost far less than building
it, or than unpickling it whole (seconds for every shared list: 26,000 entities and 105,000 name
forms as Python objects). The file holds:

* numpy arrays (postings, weights, the form table), laid out at aligned offsets and used in
  place: a copy-on-write mapping of the file, whose pages the kernel reads on first touch and
  shares between every process that maps the file (the service's workers, batch workers);
* records (entities, name forms): one pickle each, unpickled when first asked for
  (:class:`Records`): a query touches a few hundred, not all;
* the remaining small objects (the token table, identifiers), one pickle each.

Layout: ``MAGIC``, the header's length (8 bytes, little-endian), the header (a pickle: format
version, and name -> (offset, size, dtype, shape) of every part), then the parts, each at a
multiple of ``ALIGN`` bytes.
"""

from __future__ import annotations

import mmap
import pickle
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, overload

import numpy as np

MAGIC = b"MAGNIDX\0"
ALIGN = 64  # every array starts on a cache line (and suits every dtype's alignment)


class Records(Sequence):
    """Pickled records in one mapped buffer, each unpickled on first access and then kept."""

    def __init__(self, buffer: memoryview, offsets: np.ndarray):
        self._buffer = buffer
        self._offsets = offsets
        self._loaded: list[Any] = [None] * (len(offsets) - 1)

    def __len__(self) -> int:
        return len(self._loaded)

    @overload
    def __getitem__(self, item: int) -> Any: ...
    @overload
    def __getitem__(self, item: slice) -> list[Any]: ...
    def __getitem__(self, item):
        if isinstance(item, slice):
            return [self[i] for i in range(*item.indices(len(self)))]
        value = self._loaded[item]  # IndexError beyond the end
        if value is None:
            item = item + len(self) if item < 0 else item
            start, end = self._offsets[item], self._offsets[item + 1]
            value = self._loaded[item] = pickle.loads(self._buffer[start:end])
        return value

    def __iter__(self) -> Iterator[Any]:
        return (self[i] for i in range(len(self)))


def _pickled_records(items: Sequence[Any]) -> tuple[bytes, np.ndarray]:
    parts = [pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL) for item in items]
    offsets = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in parts], out=offsets[1:])
    return b"".join(parts), offsets


def write_index(
    path: Path, version: int, arrays: dict[str, np.ndarray], records: dict[str, Sequence], objects: dict[str, Any]
) -> None:
    """Write the parts to ``path`` atomically (a reader never sees a half-written file)."""
    parts: dict[str, np.ndarray] = {name: np.ascontiguousarray(array) for name, array in arrays.items()}
    for name, items in records.items():
        blob, offsets = _pickled_records(items)
        parts[f"{name}.offsets"], parts[f"{name}.records"] = offsets, np.frombuffer(blob, dtype=np.uint8)
    for name, value in objects.items():
        parts[f"{name}.object"] = np.frombuffer(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), dtype=np.uint8)
    # offsets are counted from the end of the header, so the header can be written first
    layout, position = {}, 0
    for name, data in parts.items():
        layout[name] = (position, data.dtype.str, data.shape)
        position += _aligned(data.nbytes)
    kinds = {"arrays": list(arrays), "records": list(records), "objects": list(objects)}
    header = pickle.dumps((version, kinds, layout), protocol=pickle.HIGHEST_PROTOCOL)
    start = _aligned(len(MAGIC) + 8 + len(header))
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(MAGIC + len(header).to_bytes(8, "little") + header)
        for name, data in parts.items():
            fh.seek(start + layout[name][0])
            fh.write(data.data)
        fh.truncate(start + position)
    tmp.replace(path)


def _aligned(size: int) -> int:
    return -(-size // ALIGN) * ALIGN


class SavedIndex:
    """An index file mapped into memory: its arrays, records and objects by name."""

    def __init__(self, path: Path, version: int):
        """Raises ValueError when ``path`` is not an index file of ``version``; OSError when unreadable."""
        with open(path, "rb") as fh:
            if fh.read(len(MAGIC)) != MAGIC:
                raise ValueError(f"{path}: not an index file")
            header = fh.read(int.from_bytes(fh.read(8), "little"))
            found, kinds, self._layout = pickle.loads(header)
            if found != version:
                raise ValueError(f"{path}: an index of layout {found}, not {version}")
            self.arrays: list[str] = kinds["arrays"]
            self.records: list[str] = kinds["records"]
            self.objects: list[str] = kinds["objects"]
            self._start = _aligned(len(MAGIC) + 8 + len(header))
            # copy-on-write: the arrays are writable numpy arrays (the compiled kernels take one
            # array type), and the pages nobody writes stay shared with every other process
            self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_COPY)

    def array(self, name: str) -> np.ndarray:
        offset, dtype, shape = self._layout[name]
        return np.ndarray(shape, np.dtype(dtype), buffer=self._map, offset=self._start + offset)

    def record_list(self, name: str) -> Records:
        return Records(self._bytes(f"{name}.records"), self.array(f"{name}.offsets"))

    def object(self, name: str) -> Any:
        return pickle.loads(self._bytes(f"{name}.object"))

    def _bytes(self, name: str) -> memoryview:
        offset, _, (size,) = self._layout[name]
        start = self._start + offset
        return memoryview(self._map)[start : start + size]
