"""What ingest and analysis produce: an article and its analysis, the engine's view of it and its assignment.

Every analysis result carries its provenance: the article id and a character span ``[start, end)``
into ``Article.text`` such that ``text[start:end]`` is exactly the quoted words.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from enum import StrEnum
from typing import Any, Literal

from storyline.types.dates import PartialDate

EntityType = Literal["PER", "ORG", "LOC", "MISC"]


class Category(StrEnum):
    """What a figure counts. People counts first; ``other`` takes its unit from the head noun.

    Year, date, ordinal and time quantities are recognised so that they are *not* taken for counts.
    """

    KILLED = "killed"
    INJURED = "injured"
    ARRESTED = "arrested"
    TROOPS = "troops"
    EVACUATED = "evacuated"
    AFFECTED = "affected"
    PARTICIPANTS = "participants"  # demonstrated, went on strike, took part
    CANCELLED = "cancelled"  # flights, trains called off ("fielen aus", "gestrichen")
    JOB_CUTS = "job_cuts"  # jobs cut, at stake, workers laid off
    MONEY = "money"
    PERCENT = "percent"
    DURATION = "duration"
    AGE = "age"
    MEASURE = "measure"  # a unit of measure: "5 km", "401 PS", "33,5 Grad"
    OTHER = "other"
    YEAR = "year"
    DATE = "date"
    ORDINAL = "ordinal"
    RANK = "rank"
    TIME = "time"


class Stance(StrEnum):
    """How a report gives a figure: as now, as an earlier figure it quotes, or as a plan or forecast."""

    CURRENT = "current"
    HISTORY = "history"  # "Die Behörden hatten zuvor von 164 Toten gesprochen", "1100 statt 1700"
    PLAN = "plan"  # "sollen 800 Flüge ausfallen", "will 550 Stellen streichen", "would cut"


HedgeKind = Literal["exact", "about", "below", "above", "over", "min", "under", "max", "range", "vague"]


@dataclass(slots=True)
class Article:
    """One news article as read from disk, a feed or an archive."""

    id: str
    text: str
    date: PartialDate | None
    source: str
    title: str | None = None
    url: str | None = None
    lang: str | None = None  # as declared by the input; analysis may detect another
    origin: str | None = None  # the file, URL or archive record it came from
    author: str | None = None


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    lemma: str
    kind: str = "regular"  # SoMaJo token class: regular, number, symbol, URL, ...


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)


@dataclass(slots=True)
class Place:
    """Gazetteer facts for a LOC entity."""

    gazetteer_id: str  # e.g. "geonames:1526384" or "iso:KZ"
    country: str | None  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None


@dataclass(slots=True)
class Mention:
    text: str
    start: int
    end: int
    sentence: int


@dataclass(slots=True)
class Entity:
    """One canonical entity within an article, with all its mentions.

    ``key`` is language-independent ("per:tokayev", "org:csto", "loc:geonames:1526384")
    so the same entity links across articles and languages.
    """

    key: str
    name: str  # the display form, e.g. the longest mention
    type: EntityType
    mentions: list[Mention] = field(default_factory=list)
    place: Place | None = None


@dataclass(slots=True)
class Fact:
    """A quantity and what it counts, e.g. "fast 10.000 wurden festgenommen"."""

    category: Category
    low: float | None
    high: float | None
    hedge: str | None  # the hedge word as written ("fast", "mehr als"), None when exact
    unit: str | None  # "people", "EUR", "%", "day", ... or the head noun for "other"
    attribution: str | None  # "nach Angaben der Regierung", "according to police"
    text: str  # the quantity phrase as written; == article.text[start:end]
    sentence: int
    start: int
    end: int
    head: str | None = None  # governing word ("festgenommen", "Soldaten")
    subject: str | None = None  # where/who it is about, when known (an entity key)
    vague: bool = False  # "viele Tote", "Hunderte Verletzte": kept, never counted as a figure
    # the claim (docs/facts.md, "Claims"): the figure as written, what it counts, its stance and time
    value: float | None = None  # the number as written ("rund 550" -> 550, a range's first); None when vague
    hedge_kind: HedgeKind | None = None  # over/under exclude the value ("mehr als"), min/max include it
    group: str | None = None  # what is counted: "people", "security_forces", "police", "flights", "jobs", ...
    stance: Stance = Stance.CURRENT
    as_of: str | None = None  # when the figure holds, when its clause says so: "2022-01-14", "2022-W02", "a/b"
    as_of_start: int | None = None  # the time expression that says so: text[as_of_start:as_of_end]
    as_of_end: int | None = None
    part_of: int | None = None  # start of the figure of the same sentence this one is a part of ("darunter")


@dataclass(slots=True)
class TimeExpr:
    text: str  # == article.text[start:end]
    start: int
    end: int
    sentence: int
    value: str | None  # normalised: "2022-01-13", "2022-W02", "2022-01", "1992"; None if unresolved
    precision: Literal["day", "week", "month", "year"] | None
    kind: Literal["date", "weekday", "relative", "duration"]
    range_start: str | None = None  # ISO day: the honest range when precision is coarse
    range_end: str | None = None
    duration_days: float | None = None  # for kind == "duration"


@dataclass(slots=True)
class Analysis:
    article_id: str
    lang: str | None  # detected ISO 639-1 code, None when undetermined
    lang_confidence: float
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)


@dataclass(slots=True)
class ClusterDoc:
    """What the story engine sees of an article: bags of strings and a date."""

    id: str
    lang: str | None
    date: PartialDate | None
    title_tokens: list[str] = field(default_factory=list)
    title_lemmas: list[str] = field(default_factory=list)
    body_tokens: list[str] = field(default_factory=list)
    body_lemmas: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)  # language-independent entity keys
    years: list[int] = field(default_factory=list)  # years written out in absolute dates of the text
    dense: Any = None  # optional L2-normalised float32 embedding (storyline[embeddings]); None when off
    lead: str = ""  # headline and opening words: what the engine embeds when the dense signal may decide

    def __setstate__(self, state) -> None:
        # pickles made before a field existed (cached ClusterDocs) lack it: it takes its default
        slots = (state[1] if isinstance(state, tuple) else state) or {}
        for f in fields(self):
            if f.name not in slots and f.default_factory is not MISSING:
                setattr(self, f.name, f.default_factory())
            elif f.name not in slots and f.default is not MISSING:
                setattr(self, f.name, f.default)
        for name, value in slots.items():
            setattr(self, name, value)


@dataclass(slots=True)
class EngineEvent:
    """A change the story engine made to stories it had already given out (the store applies it)."""

    story_id: str  # merge: the surviving story; split: the story articles left
    kind: Literal["merge", "split"]
    other: str  # merge: the absorbed story; split: the new story
    why: str
    moved: list[str] = field(default_factory=list)  # a re-check's merge: the one article that moved


@dataclass(slots=True)
class Assignment:
    article_id: str
    story_id: str
    score: float  # similarity to the story (or new-story confidence)
    new_story: bool
