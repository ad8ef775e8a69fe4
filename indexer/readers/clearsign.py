"""PGP clearsigned text: taking the signed JSON out without verifying, as Spack reads it.

Spack (``verify_and_extract_manifest`` / ``extract_json_from_clearsig``) applies one regex to
text that starts with the clearsign header and parses the group as JSON; anything else is
plain JSON. No manifest line starts with ``-``, so dash-escaping never needs undoing.
"""

from __future__ import annotations

import re

from ..problems import SourceError

__all__ = ["CLEARSIGN_HEADER", "extract_signed"]

CLEARSIGN_HEADER = b"-----BEGIN PGP SIGNED MESSAGE-----"
# Spack's CLEARSIGN_FILE_REGEX, on bytes.
_CLEARSIGNED = re.compile(
    rb"^-----BEGIN PGP SIGNED MESSAGE-----\s+Hash:\s+[^\s]+\s+(.+)-----BEGIN PGP SIGNATURE-----",
    re.MULTILINE | re.DOTALL,
)


def extract_signed(data: bytes, source: str) -> tuple[bytes, bool]:
    """The document inside ``data`` and whether it was clearsigned.

    Raises:
        SourceError: the text starts as clearsigned but has no ``Hash:`` header or no
            signature block.
    """
    if not data.lstrip().startswith(CLEARSIGN_HEADER):
        return data, False
    match = _CLEARSIGNED.search(data)
    if match is None:
        raise SourceError(
            source, "clearsigned text without a 'Hash:' header or a PGP SIGNATURE block"
        )
    return match.group(1), True
