# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""``StoryEngine.vectorise_batch`` for one chunk of articles, in C.

``term_hashes`` hashes an article's words (CRC-32 of their UTF-8, as ``engine.term_hash``); ``vectorise_chunk``
does everything after that -- term frequencies, the document frequencies the stream counts,
TF-IDF, the strongest terms of each sub-vector, norms, the probe -- article by article, so
that each article's IDF counts exactly the articles before it, as a stream would.

Every array index in ``_vectorise`` is bounded by sizes validated in ``vectorise_chunk`` or by
capacities derived from them (see the allocations); the compiler's checks are off for that reason.
"""

import numpy as np

from cpython.unicode cimport PyUnicode_AsUTF8AndSize
from libc.math cimport log, sqrt
from libc.stdint cimport int32_t, int64_t, uint8_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc, realloc
from libc.string cimport memcpy

cdef extern from *:
    """
    #if defined(__GNUC__) || defined(__clang__)
    #define SL_PREFETCH(p) __builtin_prefetch(p)
    #else
    #define SL_PREFETCH(p) ((void)0)
    #endif
    """
    void SL_PREFETCH(const void* p) noexcept nogil

# engine.SPACES: tok_title, tok_body, tok_all, lem_title, lem_body, lem_all, ent, name_title, name_body, name_all
cdef enum:
    N_SPACES = 10
    N_SEGMENTS = 7  # an article's occurrence segments: title/body tokens, title/body lemmas, entities, title/body names
    SPACE_ENT = 6
    SPACE_NAME_TITLE = 7
    SPACE_NAME_ALL = 9
    LTF_CACHE = 256

# the space of each occurrence segment, and the "all" space it also counts in (-1: none)
cdef int SEG_SPACE[N_SEGMENTS]
cdef int SEG_ALL[N_SEGMENTS]
SEG_SPACE[:] = [0, 1, 3, 4, 6, 7, 8]
SEG_ALL[:] = [2, 2, 5, 5, -1, 9, 9]
# lem_all, ent and name_all feed the inverted index (engine._INDEXED)
cdef int INDEXED[3]
INDEXED[:] = [5, 6, 9]
cdef uint64_t GOLDEN = 0x9E3779B97F4A7C15  # Fibonacci hashing of a (space, term) key into the tf table

# 1 + log(tf) of the common counts
cdef double LTF[LTF_CACHE]
cdef int _t
LTF[0] = 0.0
for _t in range(1, LTF_CACHE):
    LTF[_t] = 1.0 + log(<double>_t)


# -- term hashes ----------------------------------------------------------------------------

# CRC-32 (zlib's: reflected 0xEDB88320), table-driven: a term's hash is zlib.crc32((kind + term).encode()),
# computed here from the string's UTF-8 -- no cache of strings, no Python int per occurrence
cdef uint32_t CRC_TABLE[256]
cdef uint32_t _c
cdef int _i, _b
for _i in range(256):
    _c = <uint32_t>_i
    for _b in range(8):
        _c = (_c >> 1) ^ (0xEDB88320 if _c & 1 else 0)
    CRC_TABLE[_i] = _c


cdef inline uint32_t _crc32(uint32_t crc, const unsigned char* data, Py_ssize_t n) noexcept nogil:
    """Continue a CRC-32 (``crc`` as zlib.crc32 returned it) over ``data``."""
    cdef Py_ssize_t i
    crc = ~crc
    for i in range(n):
        crc = CRC_TABLE[(crc ^ data[i]) & 0xFF] ^ (crc >> 8)
    return ~crc


cdef struct HashBuf:
    uint32_t* data
    Py_ssize_t n
    Py_ssize_t cap


cdef int _hash_into(HashBuf* buf, char kind, object seq, Py_ssize_t skip) except -1:
    """Append the hashes of ``kind`` + each term of ``seq`` (its first ``skip`` characters cut off)."""
    cdef const char* utf8
    cdef Py_ssize_t size
    cdef uint32_t* grown
    cdef unsigned char k = <unsigned char>kind
    cdef uint32_t seed = _crc32(0, &k, 1)
    cdef Py_ssize_t need = buf.n + len(seq)
    if need > buf.cap:
        buf.cap = max(need, 2 * buf.cap)
        grown = <uint32_t*>realloc(buf.data, buf.cap * sizeof(uint32_t))
        if grown == NULL:
            raise MemoryError()
        buf.data = grown
    for term in seq:
        if skip:
            term = term[skip:]
        utf8 = PyUnicode_AsUTF8AndSize(term, &size)  # no copy for ASCII strings; raises for a non-str
        buf.data[buf.n] = _crc32(seed, <const unsigned char*>utf8, size)
        buf.n += 1
    return 0


def term_hashes(docs):
    """``(hashes, lens)`` of a chunk of ClusterDocs, as ``vectorise_chunk`` reads them: per article the
    32-bit hashes (uint32 array) of its seven occurrence segments (title tokens, body tokens, title
    lemmas, body lemmas, entity keys, title names, body names) and the length of each segment. Name
    keys are the entities ``~t:...`` (headline) and ``~b:...`` (body); ``engine.term_hash`` is the same
    hash of one term."""
    cdef list lens = []
    cdef list ents, title_names, body_names
    cdef str e
    cdef HashBuf buf
    cdef uint32_t[::1] view
    buf.data = NULL
    buf.n = buf.cap = 0
    try:
        for doc in docs:
            ents = []
            title_names = []
            body_names = []
            for e in doc.entities:
                if len(e) and e[0] == u"~":
                    (title_names if len(e) > 1 and e[1] == u"t" else body_names).append(e)
                else:
                    ents.append(e)
            for kind, seq, skip in ((b"t", doc.title_tokens, 0), (b"t", doc.body_tokens, 0),
                                    (b"l", doc.title_lemmas, 0), (b"l", doc.body_lemmas, 0), (b"e", ents, 0),
                                    (b"n", title_names, 3), (b"n", body_names, 3)):
                _hash_into(&buf, (<bytes>kind)[0], seq, skip)
                lens.append(len(seq))
        out = np.empty(buf.n, dtype=np.uint32)
        view = out
        if buf.n:
            memcpy(&view[0], buf.data, buf.n * sizeof(uint32_t))
        return out, lens
    finally:
        free(buf.data)


# -- vectors --------------------------------------------------------------------------------

cdef struct Entry:  # a distinct (space, term) of an article
    double idf
    uint32_t hash
    int32_t tf
    int32_t space
    int32_t idf_of  # the entry of the same term in its "all" space, whose IDF this one shares; -1: its own


cdef struct Ranked:  # an entry as ranked: by weight, ties by key (hash << 4 | space) ascending
    double w
    int64_t key


cdef struct Table:  # one article's (space, term) -> entry, open addressing; a slot is taken if it has the article's stamp
    uint64_t* key
    uint32_t* stamp
    int32_t* idx
    uint64_t mask
    int shift


cdef inline bint _before(const Ranked* a, const Ranked* b) noexcept nogil:
    if a.w != b.w:
        return a.w > b.w
    return a.key < b.key


cdef inline Py_ssize_t _keep_best(Ranked* best, Py_ssize_t m, Py_ssize_t k, const Ranked* r) noexcept nogil:
    """Insert ``r`` into ``best[:m]`` (ranked, at most ``k`` long) if it ranks among the ``k`` first; the new m."""
    cdef Py_ssize_t j
    if m == k:
        if not _before(r, &best[k - 1]):
            return m
        j = k - 1  # the weakest drops out
    else:
        j = m
        m += 1
    while j > 0 and _before(r, &best[j - 1]):
        best[j] = best[j - 1]
        j -= 1
    best[j] = r[0]
    return m


cdef inline Py_ssize_t _count(Table* t, uint32_t stamp, Entry* ent, Py_ssize_t* n, int space, uint32_t h,
                              int32_t idf_of, const int32_t* df, const int32_t* bg, uint32_t mask) noexcept nogil:
    """Count one occurrence of term ``h`` in ``space``; the index of its entry."""
    cdef uint64_t key = (<uint64_t>space << 32) | h
    cdef uint64_t i = (key * GOLDEN) >> t.shift
    cdef Py_ssize_t k
    while t.stamp[i] == stamp:
        if t.key[i] == key:
            k = t.idx[i]
            ent[k].tf += 1
            return k
        i = (i + 1) & t.mask
    k = n[0]
    n[0] = k + 1
    t.stamp[i] = stamp
    t.key[i] = key
    t.idx[i] = <int32_t>k
    ent[k].idf = 0.0
    ent[k].hash = h
    ent[k].tf = 1
    ent[k].space = space
    ent[k].idf_of = idf_of
    if idf_of < 0:  # its IDF will read these two counts: start fetching them now
        SL_PREFETCH(&df[h & mask])
        SL_PREFETCH(&bg[h & mask])
    return k


def vectorise_chunk(const uint32_t[::1] hashes, list lens, int32_t[::1] df, const int32_t[::1] bg, int64_t bg_n, int64_t n_docs,
                    bint count, int top_terms, int probe_terms):
    """The sub-vectors of a chunk of articles.

    ``hashes``, ``lens``: the 32-bit term hashes of the articles and the lengths of their seven
    occurrence segments (``term_hashes``). ``df``: the stream's hashed document frequencies,
    updated in place when ``count``; ``bg``: the background table (the same power-of-two size);
    ``bg_n``, ``n_docs``: their numbers of documents.

    Returns ``(n_docs, keys, weights, bounds, probe, probe_bounds, top, has)``: the stream's new
    number of documents; the entries of all articles (int64 keys ``hash << 4 | space``, L2-normalised
    float64 weights; per article by space, weight descending, hash ascending), article i's being
    ``bounds[i]:bounds[i + 1]``; the probe keys (the strongest ``probe_terms`` keys of the indexed
    spaces by weight, then key) with per-article bounds; ``top[2 * i]`` article i's strongest entity key
    and ``top[2 * i + 1]`` its strongest headline name as a name_all key (-1: none); ``has[10 * i + s]``
    whether article i's space s has weight.
    """
    cdef Py_ssize_t n_art = len(lens) // N_SEGMENTS
    cdef Py_ssize_t size = df.shape[0]
    if len(lens) != n_art * N_SEGMENTS:
        raise ValueError("lens must hold 7 segment lengths per article")
    if size == 0 or size & (size - 1) or bg.shape[0] != size or size > (<Py_ssize_t>1 << 32):
        raise ValueError("df and bg must have the same power-of-two size")
    if top_terms < 1 or probe_terms < 1:
        raise ValueError("top_terms and probe_terms must be positive")

    cdef Py_ssize_t a, j, seg_n, occ, n_total = 0, ent_total = 0, ent_max = 0
    cdef Py_ssize_t* seg_len = <Py_ssize_t*>malloc((n_art * N_SEGMENTS + 1) * sizeof(Py_ssize_t))
    if seg_len == NULL:
        raise MemoryError()
    try:
        for a in range(n_art):
            occ = 0  # an article's distinct entries: at most its occurrences, title and body ones twice
            for j in range(N_SEGMENTS):
                seg_n = lens[a * N_SEGMENTS + j]
                if seg_n < 0:
                    raise ValueError("negative segment length")
                seg_len[a * N_SEGMENTS + j] = seg_n
                n_total += seg_n
                occ += seg_n if SEG_ALL[j] < 0 else 2 * seg_n
            ent_total += occ
            if occ > ent_max:
                ent_max = occ
        if n_total != hashes.shape[0]:
            raise ValueError("lens do not add up to len(hashes)")
        return _vectorise(hashes, seg_len, n_art, ent_total, ent_max, df, bg, <uint32_t>(size - 1), bg_n, n_docs,
                          count, top_terms, probe_terms)
    finally:
        free(seg_len)


cdef tuple _vectorise(const uint32_t[::1] hashes, const Py_ssize_t* seg_len, Py_ssize_t n_art, Py_ssize_t ent_total,
                      Py_ssize_t ent_max, int32_t[::1] df, const int32_t[::1] bg, uint32_t mask, int64_t bg_n,
                      int64_t n_docs, bint count, int top_terms, int probe_terms):
    cdef Py_ssize_t n_hashes = hashes.shape[0]
    # entries kept: at most all distinct entries, and at most top_terms per space and article
    cdef Py_ssize_t cap = min(ent_total, <Py_ssize_t>top_terms * N_SPACES * n_art)
    keys_a = np.empty(cap, dtype=np.int64)
    w_a = np.empty(cap, dtype=np.float64)
    bounds_a = np.empty(n_art + 1, dtype=np.int64)
    probe_a = np.empty(n_art * probe_terms, dtype=np.int64)  # at most probe_terms per article
    pbounds_a = np.empty(n_art + 1, dtype=np.int64)
    top_a = np.empty(2 * n_art, dtype=np.int64)
    has_a = np.zeros(n_art * N_SPACES, dtype=np.uint8)
    cdef int64_t[::1] okey = keys_a, obounds = bounds_a
    cdef int64_t[::1] oprobe = probe_a, opbounds = pbounds_a, otop = top_a
    cdef double[::1] ow = w_a
    cdef uint8_t[::1] ohas = has_a

    # the tf table holds one article's entries at a load of at most 1/2
    cdef int tbits = 4
    while (<Py_ssize_t>1 << tbits) < 2 * ent_max:
        tbits += 1
    cdef Table t
    t.mask = (<uint64_t>1 << tbits) - 1
    t.shift = 64 - tbits
    t.key = <uint64_t*>malloc((t.mask + 1) * sizeof(uint64_t))
    t.stamp = <uint32_t*>calloc(t.mask + 1, sizeof(uint32_t))
    t.idx = <int32_t*>malloc((t.mask + 1) * sizeof(int32_t))
    cdef const uint32_t* hbuf = &hashes[0] if n_hashes else NULL
    cdef Entry* ent = <Entry*>malloc((ent_max + 1) * sizeof(Entry))
    cdef Ranked* ranked = <Ranked*>malloc((ent_max + 1) * sizeof(Ranked))
    cdef Ranked* best = <Ranked*>malloc((max(top_terms, probe_terms) + 1) * sizeof(Ranked))
    cdef Py_ssize_t start[N_SPACES + 1]  # an article's entries by space: ranked[start[s]:start[s + 1]]
    cdef Py_ssize_t fill[N_SPACES]
    cdef Py_ssize_t seg[N_SPACES + 1]  # an article's kept entries by space: okey[seg[s]:seg[s + 1]]
    cdef Py_ssize_t k, q, s, m, n_ent, p = 0, pos = 0, ppos = 0
    cdef int32_t* dfp = &df[0]
    cdef const int32_t* bgp = &bg[0]
    cdef uint32_t h, slot, stamp
    cdef int32_t v
    cdef int seg_space, seg_all
    cdef double n, norm, root
    cdef Entry* e
    cdef Ranked r
    try:
        if t.key == NULL or t.stamp == NULL or t.idx == NULL or ent == NULL or ranked == NULL or best == NULL:
            raise MemoryError()

        for a in range(n_art):
            obounds[a] = pos
            opbounds[a] = ppos
            otop[2 * a] = -1
            otop[2 * a + 1] = -1

            # term frequencies: a title or body occurrence counts in its own space and in its "all" space
            n_ent = 0
            stamp = <uint32_t>(a + 1)
            for j in range(N_SEGMENTS):
                seg_space = SEG_SPACE[j]
                seg_all = SEG_ALL[j]
                for k in range(seg_len[a * N_SEGMENTS + j]):
                    h = hbuf[p]
                    p += 1
                    if seg_all >= 0:
                        q = _count(&t, stamp, ent, &n_ent, seg_all, h, -1, dfp, bgp, mask)
                        _count(&t, stamp, ent, &n_ent, seg_space, h, <int32_t>q, dfp, bgp, mask)
                    else:
                        _count(&t, stamp, ent, &n_ent, seg_space, h, -1, dfp, bgp, mask)
            if n_ent == 0:  # no words: no vector, and not counted as a document
                continue

            # document frequencies: the article counts once in each DF slot of its "all" spaces' terms (the
            # entries with their own IDF), even where two terms share a slot: a slot is marked by holding
            # ~(df + 1) until the second pass
            if count:
                for k in range(n_ent):
                    if ent[k].idf_of < 0:
                        slot = ent[k].hash & mask
                        v = df[slot]
                        if v >= 0:
                            df[slot] = -v - 2
                for k in range(n_ent):
                    if ent[k].idf_of < 0:
                        slot = ent[k].hash & mask
                        v = df[slot]
                        if v < 0:
                            df[slot] = -v - 1
                n_docs += 1
            n = <double>(bg_n + n_docs)
            for k in range(n_ent):
                e = &ent[k]
                if e.idf_of < 0:
                    slot = e.hash & mask
                    e.idf = log((n + 1.0) / (<double>(<int64_t>bg[slot] + df[slot]) + 1.0)) + 1.0

            # TF-IDF, the entries grouped by space (counting sort)
            for s in range(N_SPACES + 1):
                start[s] = 0
            for k in range(n_ent):
                start[ent[k].space + 1] += 1
            for s in range(N_SPACES):
                start[s + 1] += start[s]
                fill[s] = start[s]
            for k in range(n_ent):
                e = &ent[k]
                q = fill[e.space]
                fill[e.space] = q + 1
                ranked[q].w = ((LTF[e.tf] if e.tf < LTF_CACHE else 1.0 + log(<double>e.tf))
                               * (ent[e.idf_of].idf if e.idf_of >= 0 else e.idf))
                ranked[q].key = (<int64_t>e.hash << 4) | e.space

            # each sub-vector keeps its strongest top_terms terms, L2-normalised (summed in rank order)
            for s in range(N_SPACES):
                seg[s] = pos
                m = 0
                for k in range(start[s], start[s + 1]):
                    m = _keep_best(best, m, top_terms, &ranked[k])
                norm = 0.0
                for k in range(m):
                    norm += best[k].w * best[k].w
                ohas[a * N_SPACES + s] = norm > 0.0
                root = sqrt(norm)
                for k in range(m):
                    okey[pos + k] = best[k].key
                    ow[pos + k] = best[k].w / root
                if m and s == SPACE_ENT:
                    otop[2 * a] = best[0].key
                elif m and s == SPACE_NAME_TITLE:
                    otop[2 * a + 1] = (best[0].key >> 4 << 4) | SPACE_NAME_ALL
                pos += m
            seg[N_SPACES] = pos

            # the probe: the strongest keys of the indexed spaces, across them
            m = 0
            for j in range(3):
                s = INDEXED[j]
                for q in range(seg[s], seg[s + 1]):
                    r.w = ow[q]
                    r.key = okey[q]
                    m = _keep_best(best, m, probe_terms, &r)
            for k in range(m):
                oprobe[ppos + k] = best[k].key
            ppos += m

        obounds[n_art] = pos
        opbounds[n_art] = ppos
    finally:
        free(t.key)
        free(t.stamp)
        free(t.idx)
        free(ent)
        free(ranked)
        free(best)
    return n_docs, keys_a[:pos], w_a[:pos], bounds_a, probe_a[:ppos], pbounds_a, top_a, has_a
