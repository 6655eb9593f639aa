"""Writing a file whole or not at all: the one place every command and export writes its output through.

The data goes to a temporary file beside the target, which is then renamed over it, so that a reader
never sees half a file and a failure leaves the old file (or none) and no temporary behind. The file
gets the permissions an ordinary new file would (``0666`` less the umask read when this module was
first imported), not the private ones of a temporary file; the umask is never changed afterwards, so
threads writing at once cannot disturb each other's files.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()


def write_atomically(path: Path, data: bytes | str) -> int:
    """Write ``data`` (text is written as UTF-8) to ``path`` whole, or not at all; the number of bytes written.

    Raises:
        OSError: The folder does not exist or cannot be written.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(raw)
        os.chmod(temporary, 0o666 & ~_UMASK)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(raw)


__all__ = ["write_atomically"]
