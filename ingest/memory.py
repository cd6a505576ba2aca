"""Give memory that a large extract's stages freed back to the system, so the next stage's
memory does not come on top of it. Arrow's pool and glibc both keep freed blocks for reuse:
after reading a million rows, hundreds of MB. Nothing happens where there is no glibc."""

from __future__ import annotations

import ctypes

import pyarrow as pa


def return_freed_memory() -> None:
    pa.default_memory_pool().release_unused()
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.malloc_trim(0)
