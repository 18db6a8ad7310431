"""What an entity key says, and which keys a name a user typed stands for.

Keys are language-independent (``per:tokaev``, ``org:csto``, ``loc:iso:KZ``): German and English
articles that write *Tokajew* and *Tokayev* carry the same one. A person's key ends in the skeleton of
the surname (``per:tokaev``; a full name may put a given name before it, ``per:kasym-tokaev``), so two
person keys with the same surname skeleton are taken for the same person when a user names them.
"""

from __future__ import annotations

import re

from storyline.analyse.canonical import skeleton
from storyline.analyse.gazetteer import lookup

PERSON = "per:"
_KEY = re.compile(r"^(per|org|loc|misc):\S+$")
_ACRONYM = 6  # "csto", "ovks", "nato" typed in lower case are tried as acronyms up to this length


def is_key(text: str) -> bool:
    return bool(_KEY.match(text.strip()))


def surname(key: str) -> str | None:
    """The surname skeleton of a person key (``per:kasym-tokaev`` -> ``tokaev``), else None."""
    if not key.startswith(PERSON):
        return None
    return key[len(PERSON):].rsplit("-", 1)[-1] or None


def same_entity(watched: str, key: str) -> bool:
    """``key`` is the entity ``watched`` names: the same key, or a person with the same surname."""
    if watched == key:
        return True
    sur = surname(watched)
    return sur is not None and surname(key) == sur


def _forms(name: str) -> list[str]:
    """The name as typed, capitalised, and in capitals when it could be an acronym."""
    forms = [name, name[:1].upper() + name[1:]]
    if len(name) <= _ACRONYM and " " not in name:
        forms.append(name.upper())
    return list(dict.fromkeys(forms))


def keys_for_name(name: str) -> list[str]:
    """The keys a name may stand for, whether or not any article mentions them yet: a gazetteer entry
    (``CSTO`` and ``OVKS`` -> ``org:csto``, ``Almaty`` -> its city key) and a person's surname key
    (``Tokayev`` and ``Tokajew`` -> ``per:tokaev``). Callers keep the keys their store knows."""
    name = " ".join(name.split()).strip(" .,;:!?\"'")
    if not name:
        return []
    if is_key(name):
        return [name]
    out = []
    for form in _forms(name):
        entry = lookup(form, None)
        if entry is not None:
            out.append(entry.key)
            break
    last = name.split()[-1]
    sk = skeleton(last)
    if len(sk) >= 3:
        out.append(PERSON + sk)
    return list(dict.fromkeys(out))
