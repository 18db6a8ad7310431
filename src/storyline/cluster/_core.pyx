# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The story engine's inner loops, compiled.

What an article costs the engine is dominated by a few loops over a few hundred integer
keys: looking its terms up in each candidate story's centroid, adding it to the story it
joins, counting which stories share its strongest terms. In Python each of those is a
dict or set operation per key (~270 us per article in all, docs/cluster.md); here they are
plain C loops over open-addressing tables:

* :class:`Centroid` -- a story's summed sub-vectors, key -> weight, with the squared norm
  of each of its sub-vectors;
* :class:`Index` -- the inverted index, key -> the stories whose centroid holds it (only
  keys of the indexed spaces), and the candidate count over an article's probe;
* :func:`features` -- the per-candidate feature vector the logistic model reads.

Keys are ``term hash << 4 | space`` (non-negative, below 2**36), so -1 marks an empty slot.
Tables use linear probing with a multiplicative hash of the whole key, at most half full.
Everything observable (weights, norms, features, the candidates and their order) is the
same as the dict-based engine computed; only sums over several keys may differ in the
last bit, because a table visits its keys in another order than a dict.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from libc.math cimport exp, log1p, sqrt
from libc.stdint cimport int32_t, int64_t, uint64_t
from libc.stdlib cimport qsort
from libc.string cimport memset

cdef enum:
    N_SPACES = 10
    SPACE_MASK = 15
    MIN_CAP = 16
    MAX_PROBE = 256  # keys an article may look its candidates up with

INDEXED = (5, 6, 9)  # lem_all, ent, name_all: the spaces whose keys feed the inverted index
cdef int INDEXED_BITS = (1 << 5) | (1 << 6) | (1 << 9)
cdef int64_t EMPTY = -1
cdef uint64_t GOLDEN = 0x9E3779B97F4A7C15ULL


cdef inline bint _indexed(int64_t key) noexcept nogil:
    return (INDEXED_BITS >> (key & SPACE_MASK)) & 1


cdef inline Py_ssize_t _home(int64_t key, int shift) noexcept nogil:
    # the low bits of a key are its space, so the slot comes from the high bits of a multiplication
    return <Py_ssize_t>((<uint64_t>key * GOLDEN) >> shift)


cdef inline int _shift_of(Py_ssize_t cap) noexcept nogil:
    cdef int bits = 0
    while (<Py_ssize_t>1 << bits) < cap:
        bits += 1
    return 64 - bits


cdef Py_ssize_t _cap_for(Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t cap = MIN_CAP
    while cap < 2 * n:
        cap *= 2
    return cap


# -- centroids --------------------------------------------------------------------------------

ctypedef struct _Weighted:
    double w
    int64_t key


cdef int _by_weight_desc(const void* a, const void* b) noexcept nogil:
    # strongest first; equal weights: larger key first (the order the dict engine kept)
    cdef const _Weighted* x = <const _Weighted*>a
    cdef const _Weighted* y = <const _Weighted*>b
    if x.w != y.w:
        return -1 if x.w > y.w else 1
    if x.key != y.key:
        return -1 if x.key > y.key else 1
    return 0


cdef class Centroid:
    """A story's summed sub-vectors (key -> weight) and each sub-vector's squared norm."""

    cdef int64_t* _keys
    cdef double* _vals
    cdef Py_ssize_t cap
    cdef Py_ssize_t n
    cdef int shift
    cdef double n2[N_SPACES]

    def __cinit__(self):
        self._keys = NULL
        self._vals = NULL
        self._alloc(MIN_CAP)
        for s in range(N_SPACES):
            self.n2[s] = 0.0

    def __dealloc__(self):
        PyMem_Free(self._keys)
        PyMem_Free(self._vals)

    cdef int _alloc(self, Py_ssize_t cap) except -1:
        cdef int64_t* keys = <int64_t*>PyMem_Malloc(cap * sizeof(int64_t))
        cdef double* vals = <double*>PyMem_Malloc(cap * sizeof(double))
        if keys == NULL or vals == NULL:
            PyMem_Free(keys)
            PyMem_Free(vals)
            raise MemoryError()
        for i in range(cap):
            keys[i] = EMPTY
        PyMem_Free(self._keys)
        PyMem_Free(self._vals)
        self._keys, self._vals, self.cap, self.n = keys, vals, cap, 0
        self.shift = _shift_of(cap)
        return 0

    cdef inline Py_ssize_t _slot(self, int64_t key) noexcept nogil:
        cdef Py_ssize_t mask = self.cap - 1
        cdef Py_ssize_t i = _home(key, self.shift)
        cdef int64_t k
        while True:
            k = self._keys[i]
            if k == key or k == EMPTY:
                return i
            i = (i + 1) & mask

    cdef int _reserve(self, Py_ssize_t n) except -1:
        """Room for ``n`` keys at most half full; re-inserts in slot order (deterministic layout)."""
        if 2 * n <= self.cap:
            return 0
        cdef int64_t* old_keys = self._keys
        cdef double* old_vals = self._vals
        cdef Py_ssize_t old_cap = self.cap
        self._keys = NULL
        self._vals = NULL
        try:
            self._alloc(_cap_for(n))
            self._refill(old_keys, old_vals, old_cap)
        finally:
            PyMem_Free(old_keys)
            PyMem_Free(old_vals)
        return 0

    cdef void _refill(self, const int64_t* keys, const double* vals, Py_ssize_t cap) noexcept nogil:
        cdef Py_ssize_t i, j
        for i in range(cap):
            if keys[i] != EMPTY:
                j = self._slot(keys[i])
                self._keys[j] = keys[i]
                self._vals[j] = vals[i]
                self.n += 1

    cdef inline bint _accumulate(self, int64_t key, double w) noexcept nogil:
        """Add ``w`` to ``key`` (room must be reserved); true if the key is new."""
        cdef Py_ssize_t i = self._slot(key)
        if self._keys[i] == EMPTY:
            self._keys[i] = key
            self._vals[i] = 0.0 + w  # as dict.get(key, 0.0) + w
            self.n += 1
            return True
        self._vals[i] += w
        return False

    # -- reading ---------------------------------------------------------------------------

    def __len__(self):
        return self.n

    def __contains__(self, int64_t key):
        return self._keys[self._slot(key)] != EMPTY

    def get(self, int64_t key, default=0.0):
        cdef Py_ssize_t i = self._slot(key)
        return self._vals[i] if self._keys[i] != EMPTY else default

    def __getitem__(self, int64_t key):
        cdef Py_ssize_t i = self._slot(key)
        if self._keys[i] == EMPTY:
            raise KeyError(key)
        return self._vals[i]

    def items(self) -> list:
        return [(self._keys[i], self._vals[i]) for i in range(self.cap) if self._keys[i] != EMPTY]

    def keys(self) -> list:
        return [self._keys[i] for i in range(self.cap) if self._keys[i] != EMPTY]

    def __iter__(self):
        return iter(self.keys())

    def to_dict(self) -> dict:
        return dict(self.items())

    def indexed_keys(self) -> list:
        """The keys the inverted index lists this centroid under."""
        return [self._keys[i] for i in range(self.cap) if self._keys[i] != EMPTY and _indexed(self._keys[i])]

    @property
    def norm2(self) -> tuple:
        """Squared norm of each sub-vector (read-only: the methods below keep it consistent)."""
        return tuple(self.n2[s] for s in range(N_SPACES))

    @property
    def nbytes(self) -> int:
        return self.cap * (sizeof(int64_t) + sizeof(double))

    def dots(self, const int64_t[::1] keys, const double[::1] w) -> list:
        """Dot product of each sub-vector with an article's (keys, weights)."""
        cdef double d[N_SPACES]
        self._dots(&keys[0] if keys.shape[0] else NULL, &w[0] if w.shape[0] else NULL, keys.shape[0], d)
        return [d[s] for s in range(N_SPACES)]

    cdef void _dots(self, const int64_t* keys, const double* w, Py_ssize_t n, double* out) noexcept nogil:
        cdef Py_ssize_t j, i
        for j in range(N_SPACES):
            out[j] = 0.0
        for j in range(n):
            i = self._slot(keys[j])
            # summed per space in the article's order, as np.bincount did
            out[keys[j] & SPACE_MASK] += (self._vals[i] if self._keys[i] != EMPTY else 0.0) * w[j]

    # -- writing ---------------------------------------------------------------------------

    def add(self, const int64_t[::1] keys, const double[::1] w, has, dots) -> list:
        """Add an article (unit sub-vectors ``has`` marks; ``dots``: its dot products with this
        centroid, None for a new story) and return its keys that are new here and indexed."""
        cdef Py_ssize_t j, n = keys.shape[0]
        cdef list fresh = []
        self._reserve(self.n + n)
        for j in range(n):
            if self._accumulate(keys[j], w[j]) and _indexed(keys[j]):
                fresh.append(keys[j])
        # |c + v|^2 = |c|^2 + 1 + 2 c.v for each unit sub-vector v
        for s in range(N_SPACES):
            if has[s]:
                self.n2[s] += 1.0 + (2.0 * dots[s] if dots is not None else 0.0)
        return fresh

    def accumulate(self, const int64_t[::1] keys, const double[::1] w) -> None:
        """Add weights without touching the norms (a rebuild calls :meth:`renorm` after)."""
        cdef Py_ssize_t j, n = keys.shape[0]
        self._reserve(self.n + n)
        for j in range(n):
            self._accumulate(keys[j], w[j])

    def renorm(self) -> None:
        """Recompute every sub-vector's squared norm from the weights."""
        cdef Py_ssize_t i
        for s in range(N_SPACES):
            self.n2[s] = 0.0
        for i in range(self.cap):
            if self._keys[i] != EMPTY:
                self.n2[self._keys[i] & SPACE_MASK] += self._vals[i] * self._vals[i]

    def absorb(self, Centroid other) -> list:
        """Fold another centroid into this one (a merge); returns the indexed keys new here."""
        cdef double cross[N_SPACES]
        cdef Py_ssize_t i, j
        cdef list fresh = []
        for s in range(N_SPACES):
            cross[s] = 0.0
        for i in range(other.cap):
            if other._keys[i] != EMPTY:
                j = self._slot(other._keys[i])
                if self._keys[j] != EMPTY:
                    cross[other._keys[i] & SPACE_MASK] += self._vals[j] * other._vals[i]
        self._reserve(self.n + other.n)
        for i in range(other.cap):
            if other._keys[i] != EMPTY:
                if self._accumulate(other._keys[i], other._vals[i]) and _indexed(other._keys[i]):
                    fresh.append(other._keys[i])
        for s in range(N_SPACES):
            self.n2[s] += other.n2[s] + 2.0 * cross[s]
        return fresh

    def cosine(self, Centroid other, int space) -> float:
        """Cosine of one sub-vector with another centroid's."""
        if self.n2[space] <= 0 or other.n2[space] <= 0:
            return 0.0
        cdef Centroid small = self if self.n <= other.n else other
        cdef Centroid big = other if small is self else self
        cdef double dot = 0.0
        cdef Py_ssize_t i, j
        for i in range(small.cap):
            if small._keys[i] != EMPTY and (small._keys[i] & SPACE_MASK) == space:
                j = big._slot(small._keys[i])
                if big._keys[j] != EMPTY:
                    dot += small._vals[i] * big._vals[j]
        return dot / sqrt(self.n2[space] * other.n2[space])

    def prune(self, Py_ssize_t keep) -> list:
        """Keep the ``keep`` strongest terms of each sub-vector (a large story stays bounded);
        returns the indexed keys dropped."""
        cdef _Weighted* items = <_Weighted*>PyMem_Malloc(max(self.n, 1) * sizeof(_Weighted))
        if items == NULL:
            raise MemoryError()
        cdef Py_ssize_t counts[N_SPACES]
        cdef Py_ssize_t starts[N_SPACES]
        cdef Py_ssize_t i, j, s, n = self.n
        cdef list dropped = []
        try:
            for s in range(N_SPACES):
                counts[s] = 0
            for i in range(self.cap):
                if self._keys[i] != EMPTY:
                    counts[self._keys[i] & SPACE_MASK] += 1
            j = 0
            for s in range(N_SPACES):
                starts[s] = j
                j += counts[s]
                counts[s] = 0
            for i in range(self.cap):
                if self._keys[i] != EMPTY:
                    s = self._keys[i] & SPACE_MASK
                    items[starts[s] + counts[s]].key = self._keys[i]
                    items[starts[s] + counts[s]].w = self._vals[i]
                    counts[s] += 1
            self._alloc(_cap_for(min(n, keep * N_SPACES)))
            for s in range(N_SPACES):
                qsort(&items[starts[s]], counts[s], sizeof(_Weighted), _by_weight_desc)
                self.n2[s] = 0.0
                for j in range(counts[s]):
                    if j < keep:
                        self._accumulate(items[starts[s] + j].key, items[starts[s] + j].w)
                        self.n2[s] += items[starts[s] + j].w * items[starts[s] + j].w
                    elif _indexed(items[starts[s] + j].key):
                        dropped.append(items[starts[s] + j].key)
        finally:
            PyMem_Free(items)
        return dropped

    # -- persistence -----------------------------------------------------------------------

    def __reduce__(self):
        # occupied slots in table order, starting after an empty slot, so that re-inserting them into a
        # table of the same size rebuilds the same layout (and the same summation orders after)
        cdef Py_ssize_t start = 0, k, i
        while self._keys[start] != EMPTY:
            start += 1
        keys, vals = [], []
        for k in range(1, self.cap + 1):
            i = (start + k) & (self.cap - 1)
            if self._keys[i] != EMPTY:
                keys.append(self._keys[i])
                vals.append(self._vals[i])
        return _restore, (self.cap, keys, vals, self.norm2)

    @classmethod
    def from_dict(cls, vec: dict, norm2=None) -> "Centroid":
        """A centroid from a key -> weight mapping (norms recomputed unless given)."""
        cdef Centroid c = cls()
        c._reserve(len(vec))
        for k, w in vec.items():
            c._accumulate(k, w)
        if norm2 is None:
            c.renorm()
        else:
            for s in range(N_SPACES):
                c.n2[s] = norm2[s]
        return c


def _restore(Py_ssize_t cap, list keys, list vals, tuple norm2) -> Centroid:
    cdef Centroid c = Centroid()
    c._alloc(cap)
    for k, w in zip(keys, vals):
        c._accumulate(k, w)
    for s in range(N_SPACES):
        c.n2[s] = norm2[s]
    return c


# -- the inverted index -----------------------------------------------------------------------

ctypedef struct _Posting:
    int64_t key
    int64_t* serials  # in the order the stories gained the key
    int32_t n
    int32_t size


cdef class Index:
    """Key -> the serials of the active stories whose centroid holds it."""

    cdef _Posting* table
    cdef Py_ssize_t cap
    cdef Py_ssize_t n
    cdef int shift
    cdef Py_ssize_t entries
    # scratch of :meth:`top`: serial -> count where c_used is set; the slots in the order their stories were met
    cdef int64_t* c_serial
    cdef int32_t* c_count
    cdef unsigned char* c_used
    cdef Py_ssize_t* c_met
    cdef Py_ssize_t c_cap

    def __cinit__(self):
        self.table = NULL
        self.c_serial = NULL
        self.c_count = NULL
        self.c_used = NULL
        self.c_met = NULL
        self.c_cap = 0
        self.entries = 0
        self._alloc(MIN_CAP)

    def __dealloc__(self):
        self._free_lists()
        PyMem_Free(self.table)
        self._free_scratch()

    cdef void _free_lists(self) noexcept:
        if self.table == NULL:
            return
        for i in range(self.cap):
            if self.table[i].key != EMPTY:
                PyMem_Free(self.table[i].serials)

    cdef void _free_scratch(self) noexcept:
        PyMem_Free(self.c_serial)
        PyMem_Free(self.c_count)
        PyMem_Free(self.c_used)
        PyMem_Free(self.c_met)

    cdef int _alloc(self, Py_ssize_t cap) except -1:
        cdef _Posting* t = <_Posting*>PyMem_Malloc(cap * sizeof(_Posting))
        if t == NULL:
            raise MemoryError()
        for i in range(cap):
            t[i].key = EMPTY
            t[i].serials = NULL
            t[i].n = t[i].size = 0
        self.table, self.cap, self.n = t, cap, 0
        self.shift = _shift_of(cap)
        return 0

    cdef inline Py_ssize_t _slot(self, int64_t key) noexcept nogil:
        cdef Py_ssize_t mask = self.cap - 1
        cdef Py_ssize_t i = _home(key, self.shift)
        while self.table[i].key != key and self.table[i].key != EMPTY:
            i = (i + 1) & mask
        return i

    cdef int _reserve(self, Py_ssize_t n) except -1:
        if 2 * n <= self.cap:
            return 0
        cdef _Posting* old = self.table
        cdef Py_ssize_t old_cap = self.cap, i, j
        self._alloc(_cap_for(n))
        for i in range(old_cap):
            if old[i].key != EMPTY:
                j = self._slot(old[i].key)
                self.table[j] = old[i]
                self.n += 1
        PyMem_Free(old)
        return 0

    cdef void _delete(self, Py_ssize_t i) noexcept nogil:
        """Remove slot ``i`` (its list already freed), shifting later entries of its run back."""
        cdef Py_ssize_t mask = self.cap - 1, j = i, h
        while True:
            self.table[i].key = EMPTY
            self.table[i].serials = NULL
            self.table[i].n = self.table[i].size = 0
            while True:
                j = (j + 1) & mask
                if self.table[j].key == EMPTY:
                    self.n -= 1
                    return
                h = _home(self.table[j].key, self.shift)
                # the entry at j may stay only if its home lies cyclically in (i, j]
                if (i <= j and i < h <= j) or (i > j and (h > i or h <= j)):
                    continue
                break
            self.table[i] = self.table[j]
            i = j

    def add(self, keys, int64_t serial) -> None:
        """List ``serial`` under each key (keys it is not listed under yet)."""
        cdef Py_ssize_t i
        cdef int64_t key
        cdef _Posting* p
        cdef int64_t* grown
        self._reserve(self.n + len(keys))
        for key in keys:
            i = self._slot(key)
            p = &self.table[i]
            if p.key == EMPTY:
                p.key = key
                self.n += 1
            if p.n == p.size:
                p.size = 2 if p.size == 0 else 2 * p.size
                grown = <int64_t*>PyMem_Realloc(p.serials, p.size * sizeof(int64_t))
                if grown == NULL:
                    raise MemoryError()
                p.serials = grown
            p.serials[p.n] = serial
            p.n += 1
            self.entries += 1

    def discard(self, keys, int64_t serial) -> None:
        """Remove ``serial`` from each key's list (a key whose list empties is dropped)."""
        cdef Py_ssize_t i, j
        cdef int64_t key
        cdef _Posting* p
        for key in keys:
            i = self._slot(key)
            p = &self.table[i]
            if p.key == EMPTY:
                continue
            for j in range(p.n):
                if p.serials[j] == serial:
                    p.n -= 1
                    self.entries -= 1
                    while j < p.n:  # keep the order the stories gained the key
                        p.serials[j] = p.serials[j + 1]
                        j += 1
                    break
            if p.n == 0:
                PyMem_Free(p.serials)
                p.serials = NULL
                self._delete(i)

    def get(self, int64_t key) -> list:
        cdef Py_ssize_t i = self._slot(key)
        cdef _Posting* p = &self.table[i]
        return [p.serials[j] for j in range(p.n)] if p.key != EMPTY else []

    def keys(self) -> list:
        return [self.table[i].key for i in range(self.cap) if self.table[i].key != EMPTY]

    def __len__(self):
        return self.n

    @property
    def n_entries(self) -> int:
        return self.entries

    cdef int _scratch(self, Py_ssize_t total) except -1:
        if 2 * total <= self.c_cap:
            return 0
        cdef Py_ssize_t cap = _cap_for(total)
        self._free_scratch()
        self.c_serial = <int64_t*>PyMem_Malloc(cap * sizeof(int64_t))
        self.c_count = <int32_t*>PyMem_Malloc(cap * sizeof(int32_t))
        self.c_used = <unsigned char*>PyMem_Malloc(cap)
        self.c_met = <Py_ssize_t*>PyMem_Malloc(cap * sizeof(Py_ssize_t))
        if not (self.c_serial and self.c_count and self.c_used and self.c_met):
            self.c_cap = 0
            raise MemoryError()
        self.c_cap = cap
        return 0

    def top(self, probe, int n) -> list:
        """The ``n`` stories listed under most of the probe's keys; ties go to the story met first
        (probe keys are strongest first), as ``Counter.most_common`` ordered them."""
        cdef Py_ssize_t total = 0, i, j, slot, found = 0, k, m, s, nlists = 0
        cdef int64_t key, serial
        cdef _Posting* p
        cdef _Posting* lists[MAX_PROBE]
        if len(probe) > MAX_PROBE:
            raise ValueError(f"top: a probe of at most {MAX_PROBE} keys")
        for key in probe:
            i = self._slot(key)
            if self.table[i].key != EMPTY:
                total += self.table[i].n
                lists[nlists] = &self.table[i]
                nlists += 1
        if total == 0 or n <= 0:
            return []
        self._scratch(total)
        # a table just large enough for this probe stays in cache; cleared, not re-allocated
        cdef Py_ssize_t cap = _cap_for(total)
        cdef Py_ssize_t mask = cap - 1
        cdef int shift = _shift_of(cap)
        memset(self.c_used, 0, cap)
        # the best n so far, as scratch slots, by count (descending), ties in the order met
        cdef Py_ssize_t best[64]
        cdef Py_ssize_t nbest = 0
        if n > 64:
            n = 64
        for i in range(nlists):
            p = lists[i]
            for j in range(p.n):
                serial = p.serials[j]
                slot = _home(serial, shift)
                while self.c_used[slot] and self.c_serial[slot] != serial:
                    slot = (slot + 1) & mask
                if not self.c_used[slot]:
                    self.c_used[slot] = 1
                    self.c_serial[slot] = serial
                    self.c_count[slot] = 0
                    self.c_met[found] = slot
                    found += 1
                self.c_count[slot] += 1
        for m in range(found):
            s = self.c_met[m]
            k = nbest
            while k > 0 and self.c_count[best[k - 1]] < self.c_count[s]:  # a tie keeps the story met first
                k -= 1
            if k >= n:
                continue
            if nbest < n:
                nbest += 1
            j = nbest - 1
            while j > k:
                best[j] = best[j - 1]
                j -= 1
            best[k] = s
        return [self.c_serial[best[k]] for k in range(nbest)]


# -- features -------------------------------------------------------------------------------

cdef enum:
    N_FEATURES = 25  # engine.FEATURES: ten cosines, fourteen more, the optional dense cosine last


cdef int _features(object d, object story, int size_cap, double* f, double* dots) except -1:
    """Fill ``f`` (engine.FEATURES order, the dense cosine left 0) and ``dots`` (per space)."""
    cdef Centroid c = story.vec
    cdef const int64_t[::1] keys
    cdef const double[::1] w
    cdef Py_ssize_t s, size = story.size
    if size <= 0:
        raise ValueError("features: the story has no article yet")
    karr = d.karr
    if len(karr):
        keys = karr
        w = d.warr64
        c._dots(&keys[0], &w[0], keys.shape[0], dots)
    else:
        for s in range(N_SPACES):
            dots[s] = 0.0
    for s in range(N_FEATURES):
        f[s] = 0.0
    for s in range(N_SPACES):
        if dots[s] > 0.0 and c.n2[s] > 0.0:
            f[s] = dots[s] / sqrt(c.n2[s])
    days, first = d.days, story.first
    if days is None or first is None:
        f[10] = 1.0  # no_date
    else:
        f[11] = log1p(max(0, days[0] - story.last, first - days[1]))  # log_gap
    f[12] = log1p(min(size, size_cap))  # log_size: capped, the model never saw larger stories
    f[13] = 1.0 if d.title_only else 0.0
    f[14] = min(f[5], f[9])  # the words and the names must both agree
    f[15] = min(f[5], f[6])
    # mean cosine to the members (average link) next to the cosine to the centroid
    f[16] = dots[5] / size
    f[17] = dots[2] / size
    f[18] = dots[9] / size
    # the article's main entity / headline name is absent from the story: another protagonist
    top_ent, top_name = d.top_ent, d.top_name
    if top_ent is not None and c._keys[c._slot(top_ent)] == EMPTY:
        f[19] = 1.0
    if top_name is not None and c._keys[c._slot(top_name)] == EMPTY:
        f[20] = 1.0
    # years spelt out: an article about a later event names a later year than any of the story's
    era, s_era = d.era, story.era
    if era is not None and s_era is not None:
        f[21] = log1p(max(0, era - s_era))
        f[22] = log1p(max(0, s_era - era))
        f[23] = 1.0
    return 0


cdef double _logistic(const double* f, list idx, list coef, double intercept) except? -1.0:
    cdef double z = intercept
    cdef Py_ssize_t i, j, n = len(idx)
    if len(coef) != n:
        raise ValueError("probability: as many coefficients as features needed")
    for i in range(n):
        j = idx[i]
        if j < 0 or j >= N_FEATURES:
            raise IndexError(f"probability: feature {j} of {N_FEATURES}")
        z += <double>coef[i] * f[j]  # summed in the model's order
    return 1.0 / (1.0 + exp(-z)) if z > -50 else 0.0


def features(d, story, Py_ssize_t n_features, int size_cap) -> tuple:
    """(feature vector, raw dot products per space) of article ``d`` against ``story``, in the
    order of ``engine.FEATURES``; the optional dense cosine (last) is left to the engine."""
    cdef double f[N_FEATURES]
    cdef double dots[N_SPACES]
    if n_features != N_FEATURES:
        raise ValueError(f"features: the engine has {n_features} features, the compiled layout {N_FEATURES}")
    _features(d, story, size_cap, f, dots)
    return [f[s] for s in range(N_FEATURES)], [dots[s] for s in range(N_SPACES)]


def score(d, story, int size_cap, list idx, list coef, double intercept) -> tuple:
    """(probability that ``d`` belongs to ``story`` under the logistic model, dot products per space):
    :func:`features` and :func:`probability` in one call, for models without the dense cosine."""
    cdef double f[N_FEATURES]
    cdef double dots[N_SPACES]
    _features(d, story, size_cap, f, dots)
    return _logistic(f, idx, coef, intercept), [dots[s] for s in range(N_SPACES)]


def probability(list f, list idx, list coef, double intercept) -> float:
    """The logistic model: sigmoid(intercept + sum of coef * f[idx])."""
    cdef double fa[N_FEATURES]
    if len(f) != N_FEATURES:
        raise ValueError(f"probability: {len(f)} features, the compiled layout has {N_FEATURES}")
    for i in range(N_FEATURES):
        fa[i] = f[i]
    return _logistic(fa, idx, coef, intercept)
