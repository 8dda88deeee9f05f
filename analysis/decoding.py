"""Bytes of a text file as text: UTF-8 or UTF-16 as they are, another encoding recognised by
charset-normalizer; empty files and binary data with a text extension are refused."""

from __future__ import annotations

import unicodedata

from analysis.errors import InputError

MAX_CONTROL_SHARE = 0.01  # more control characters than this: binary data, not text


def decode_text(source: str, data: bytes) -> tuple[str, list[str]]:
    """Bytes of a text file as str, and notes on how they were decoded.

    UTF-8 (with or without BOM) is taken as is; another encoding is detected with
    charset-normalizer; NUL bytes mean a binary file with a text extension and are refused.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, notes = data.decode("utf-16"), ["encoding:utf-16"]
        except UnicodeDecodeError:
            raise InputError(source, "invalid UTF-16 text") from None
        return _checked_text(source, text), notes
    if b"\x00" in data[:65536]:
        raise InputError(source, "binary data (NUL bytes) in a text file; is the extension right?")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = _detect_encoding(data)
        if best is None:
            raise InputError(
                source, "text is not UTF-8 and its encoding could not be recognised"
            ) from None
        text, notes = data.decode(best), [f"encoding:{best}"]
    else:
        notes = []
    return _checked_text(source, text), notes


def _checked_text(source: str, text: str) -> str:
    """`text` if it holds something and is not binary data decoded as text."""
    if not text.strip():
        raise InputError(source, "empty file (only whitespace)")
    sample = text[:65536]
    controls = sum(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f" for ch in sample)
    if controls > MAX_CONTROL_SHARE * len(sample):
        raise InputError(source, "binary data (control characters) in a text file")
    return text


# Western encodings of news text, preferred when charset-normalizer finds them as likely as
# its first guess (short texts often fit cp1250 and cp1252 equally well).
_PREFERRED_ENCODINGS = ("cp1252", "latin_1", "iso8859_15", "mac_roman")


def _detect_encoding(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.encoding is None:
        return None
    tied = {m.encoding for m in matches if m.chaos <= best.chaos and m.coherence >= best.coherence}
    return next((enc for enc in _PREFERRED_ENCODINGS if enc in tied), best.encoding)
