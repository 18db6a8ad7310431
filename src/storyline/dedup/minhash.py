"""MinHash signatures over word shingles and their LSH band keys (datasketch does the hashing).

Signatures use datasketch's ``affine32`` scheme: ``NUM_PERM`` uint32 values,
512 bytes per text. LSH uses ``BANDS`` x ``ROWS`` (datasketch's optimum for a 0.5
candidate threshold); :data:`THRESHOLD` is what counts as near-identical.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

NUM_PERM = 128
SHINGLE = 4  # words per shingle
MIN_SHINGLES = 8  # shorter texts are too short to call near-identical
THRESHOLD = 0.7  # estimated Jaccard at or above which two texts are near-identical
CANDIDATE_THRESHOLD = 0.5
BANDS, ROWS = _optimal_param(CANDIDATE_THRESHOLD, NUM_PERM, 0.5, 0.5)
_SEED = 1
_WORD = re.compile(r"\w+")
_SCHEME = "affine32"
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)  # permutations are computed once


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(unicodedata.normalize("NFC", text).casefold())
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)}


def signature(text: str) -> np.ndarray | None:
    """uint32[NUM_PERM], or None when the text has fewer than MIN_SHINGLES shingles."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=_SEED, permutations=_TEMPLATE.permutations, scheme=_SCHEME)
    m.update_batch(list(grams))
    return np.asarray(m.hashvalues, dtype=np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(a == b)) / len(a)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (band number folded in), for an SQL index."""
    keys = []
    for b in range(BANDS):
        chunk = sig[b * ROWS:(b + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=b"band%04d" % b).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)
