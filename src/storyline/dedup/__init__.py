"""Near-duplicates (MinHash-LSH over word shingles), revisions and copies of articles.

:func:`plan_batch` sorts a batch into new articles, duplicates, revisions and
copies before analysis; :meth:`Plan.write` stores the outcome in the batch's
transaction. Queries live in :mod:`storyline.store.revisions`.
"""

from storyline.dedup.plan import Copy, Plan, Revision, copy_id, outlet_of, plan_batch

__all__ = ["Copy", "Plan", "Revision", "copy_id", "outlet_of", "plan_batch"]
