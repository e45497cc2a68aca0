"""The sealed ballot box, as pure functions: a fixed-length plaintext of one
byte per agenda line, sealed with AES-256-GCM under a key per session derived
(HKDF-SHA256) from the environment's ``BALLOT_SEAL_KEY``, with the session and
a digest of its agenda as associated data; the tracker a member is shown; and
the canonical identity of the agenda that the digest and the signed results
cover.  Nothing here reads the database or the settings: callers pass the key.

See docs/ballot-secrecy.md for the design and its threat model."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

AGREE = b"A"
DISAGREE = b"D"
BLANK = b"B"
RECUSED = b"R"
INVALID = b"X"
CODES = {"agree": AGREE, "disagree": DISAGREE, "blank": BLANK}
NONCE_BYTES = 12
VERSION = b"ballot-seal-v1"


class SealError(Exception):
    """A sealed ballot cannot be made or opened (no key, another key, a changed row or agenda)."""


@dataclass(frozen=True)
class Sealed:
    key_id: str
    nonce: bytes
    sealed: bytes

    @property
    def tracker(self) -> str:
        return tracker(self.nonce, self.sealed)


def key_id(master: bytes) -> str:
    """Names the key without revealing it: a row sealed under another key is refused by name."""
    return hashlib.sha256(b"ballot-seal-key-id:" + master).hexdigest()[:16]


def session_key(master: bytes, session_id: int) -> bytes:
    if not master:
        raise SealError("no key")
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=VERSION, info=f"ballot-seal:session:{session_id}".encode()
    ).derive(master)


def associated_data(session_id: int, agenda_digest: str) -> bytes:
    return b"%s|session:%d|agenda:%s" % (VERSION, session_id, agenda_digest.encode())


def plaintext(choices: Sequence[bytes], length: int) -> bytes:
    """One code per agenda line, in agenda order; every ballot of a session has the same length."""
    text = b"".join(choices)
    if len(text) != length or any(len(code) != 1 for code in choices):
        raise SealError(f"a ballot of {len(text)} codes for an agenda of {length} lines")
    if not set(text) <= set(AGREE + DISAGREE + BLANK + RECUSED + INVALID):
        raise SealError("unknown code")
    if INVALID[0] in text and set(text) != set(INVALID):
        raise SealError("an invalid ballot is invalid as a whole")
    return text


def _nonce() -> bytes:
    """A fresh random 96-bit nonce for every ballot (AES-GCM must never reuse one under a key)."""
    return os.urandom(NONCE_BYTES)


def seal(master: bytes, *, session_id: int, agenda_digest: str, text: bytes, length: int) -> Sealed:
    text = plaintext([bytes([byte]) for byte in text], length)
    nonce = _nonce()
    box = AESGCM(session_key(master, session_id))
    return Sealed(key_id(master), nonce, box.encrypt(nonce, text, associated_data(session_id, agenda_digest)))


def unseal(master: bytes, *, session_id: int, agenda_digest: str, row: Sealed, length: int) -> bytes:
    if row.key_id != key_id(master):
        raise SealError("sealed under another key")
    box = AESGCM(session_key(master, session_id))
    try:
        text = box.decrypt(bytes(row.nonce), bytes(row.sealed), associated_data(session_id, agenda_digest))
    except InvalidTag as exc:
        raise SealError("the sealed row or the agenda changed") from exc
    return plaintext([bytes([byte]) for byte in text], length)


def tracker(nonce: bytes, sealed: bytes) -> str:
    """SHA-256 of the sealed row: proves the ballot is in the box; says nothing of its choices."""
    return hashlib.sha256(bytes(nonce) + bytes(sealed)).hexdigest()


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def agenda_digest(identity: Iterable[dict[str, Any]]) -> str:
    """The digest of the agenda's identity (see ``decisions.services.sessions.agenda_identity``)."""
    return hashlib.sha256(canonical(list(identity)).encode()).hexdigest()


def box_binding(identity_digest: str, box_id: str) -> str:
    """What a session's sealed ballots are bound to (their associated data): the agenda's digest
    and the random id of this opening of the box, so a ballot of a vote declared void cannot be
    replayed into the vote held again.  A vote opened before boxes had an id is bound to the
    agenda's digest alone."""
    if not box_id:
        return identity_digest
    return hashlib.sha256(f"{identity_digest}:{box_id}".encode()).hexdigest()
