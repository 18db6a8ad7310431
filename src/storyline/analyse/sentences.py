"""Sentences and tokens with character offsets (SoMaJo), lemmas (simplemma)."""

from __future__ import annotations

import re
import types
from functools import lru_cache

import regex
import simplemma
from somajo import SoMaJo

from storyline.types import Sentence, Token

# SoMaJo's cost grows with paragraph length; a 5 MB single-line text must not
# stall the pipeline, so very long paragraphs are cut at whitespace first.
_MAX_CHUNK = 20_000
_PARA = re.compile(r"\n\s*\n")


# SoMaJo looks for emoji grapheme by grapheme with a regex search each, which
# was half its time on news text (bench: analysis). When a token's text holds no
# emoji character at all that scan cannot find a boundary, so one search over the
# whole text decides whether the scan is needed: same output, less time.
_EMOJI_CHAR = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\uFE0F]")


def _split_emojis_when_present(self, node, token_class: str = "emoticon") -> None:
    if _EMOJI_CHAR.search(node.value.text) is not None:
        type(self)._split_emojis(self, node, token_class)


@lru_cache(maxsize=2)
def _tokenizer(lang: str) -> SoMaJo:
    model = "en_PTB" if lang == "en" else "de_CMC"
    tok = SoMaJo(model, split_camel_case=False, character_offsets=True)
    inner = tok._tokenizer
    inner._split_emojis = types.MethodType(_split_emojis_when_present, inner)
    return tok


def _chunks(text: str) -> list[tuple[int, str]]:
    """Paragraphs (split on blank lines) with their offsets, long ones cut at whitespace."""
    out: list[tuple[int, str]] = []
    pos = 0
    for m in [*_PARA.finditer(text), None]:
        end = m.start() if m else len(text)
        para_start = pos
        while para_start < end:
            stop = min(end, para_start + _MAX_CHUNK)
            if stop < end:
                cut = text.rfind(" ", para_start + _MAX_CHUNK // 2, stop)
                stop = cut if cut > para_start else stop
            piece = text[para_start:stop]
            if piece.strip():
                out.append((para_start, piece))
            para_start = stop
        pos = m.end() if m else len(text)
    return out


def lemma(word: str, lang: str | None) -> str:
    if lang not in ("de", "en"):
        return word.lower()
    return simplemma.lemmatize(word, lang=lang).lower()


def split(text: str, lang: str | None) -> list[Sentence]:
    """Split ``text`` into sentences of tokens; offsets index into ``text``."""
    chunks = _chunks(text)
    if not chunks:
        return []
    tok = _tokenizer(lang or "de")
    sentences: list[Sentence] = []
    for base, piece in chunks:
        for raw in tok.tokenize_text([piece]):
            tokens = []
            for t in raw:
                s, e = t.character_offset
                word = text[base + s : base + e]
                lem = lemma(word, lang) if t.token_class == "regular" else word.lower()
                tokens.append(Token(word, base + s, base + e, lem, t.token_class))
            if tokens:
                sentences.append(Sentence(len(sentences), tokens[0].start, tokens[-1].end, tokens))
    return sentences
