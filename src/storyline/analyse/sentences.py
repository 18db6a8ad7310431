"""Sentences and tokens with character offsets (SoMaJo), lemmas (simplemma)."""

from __future__ import annotations

import re
import types
import unicodedata
from functools import lru_cache

import regex
import simplemma
from somajo import SoMaJo

from storyline.lang import HANDLED
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


class _CompiledPatterns:
    """Stands in for the ``regex`` module inside SoMaJo's tokenizer and aligner.

    SoMaJo calls module-level ``regex.sub(r"\\s", " ", token)`` / ``regex.search(...)``
    once per token; each call goes through ``regex``'s own cache lookup, whose key is
    built with enum flag arithmetic, and that bookkeeping was ~6 % of analysis time
    (bench: analysis), more than the matching itself. Here a plain dict maps the
    pattern string to the compiled pattern, so the same pattern runs with the same
    result. Anything else (compiled patterns, extra keyword arguments, other
    functions) goes to the real module untouched."""

    def __init__(self, module) -> None:
        self._module = module
        self._compiled: dict[tuple[str, int], object] = {}

    def __getattr__(self, name: str):
        return getattr(self._module, name)

    def _get(self, pattern, flags: int):
        key = (pattern, flags)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._module.compile(pattern, flags)
        return compiled

    def sub(self, pattern, repl, string, count=0, flags=0, **kwargs):
        if kwargs or not isinstance(pattern, str):
            return self._module.sub(pattern, repl, string, count, flags, **kwargs)
        return self._get(pattern, flags).sub(repl, string, count)

    def search(self, pattern, string, flags=0, **kwargs):
        if kwargs or not isinstance(pattern, str):
            return self._module.search(pattern, string, flags, **kwargs)
        return self._get(pattern, flags).search(string)

    def finditer(self, pattern, string, flags=0, **kwargs):
        if kwargs or not isinstance(pattern, str):
            return self._module.finditer(pattern, string, flags, **kwargs)
        return self._get(pattern, flags).finditer(string)


def _patch_somajo_regex() -> None:
    import somajo.alignment
    import somajo.tokenizer

    for mod in (somajo.alignment, somajo.tokenizer):
        if getattr(mod, "re", None) is regex:
            mod.re = _CompiledPatterns(regex)
    original = somajo.alignment.token_offsets
    determine = getattr(somajo.alignment, "_determine_offsets", None)
    if determine is None or getattr(original, "_storyline", False):
        return

    # SoMaJo maps token offsets back through three per-character dicts built for every
    # paragraph (NFC text -> original text), ~4 % of analysis time. Text that is already
    # NFC (nearly all news) maps every position to itself, so those dicts are the
    # identity and the offsets _determine_offsets finds are already the answer. Any
    # other input (XML, text that NFC changes) takes SoMaJo's own path.
    def token_offsets(token_list, raw, position, xml_input, tokens):
        if xml_input or not unicodedata.is_normalized("NFC", raw):
            return original(token_list, raw, position, xml_input, tokens)
        offsets = determine(tokens, raw, position)
        assert len(tokens) == len(offsets), f"Not as many tokens as offsets: {len(tokens)} != {len(offsets)}"
        return [(s + position, e + position) for s, e in offsets]

    token_offsets._storyline = True
    somajo.alignment.token_offsets = token_offsets


@lru_cache(maxsize=2)
def _tokenizer(lang: str) -> SoMaJo:
    _patch_somajo_regex()
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


# Every regular token is lemmatised; simplemma's own cache still leaves its dispatch
# and input checks per call (~3 % of analysis time), and the same forms recur in
# every article, so the (word, lang) result is memoised, bounded like gazetteer.fold.
@lru_cache(maxsize=1 << 16)
def lemma(word: str, lang: str | None) -> str:
    if lang not in HANDLED:
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
