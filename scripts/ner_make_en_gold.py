#!/usr/bin/env python
"""Write two small English NER gold files, hand-labelled with GermEval 2014 conventions
(PER/LOC/ORG/OTH; nationality adjectives are not entities), sentences from ECB+
(Cybulska & Vossen 2014, CC BY 3.0):

* scripts/ner_en_ecbplus_gold.tsv — 29 sentences of ECB+ dev articles; its errors were looked
  at while writing the English rules (a development set);
* scripts/ner_en_ecbplus_blind.tsv — 24 sentences of ECB+ train articles, labelled before
  the system was run on them and not used for tuning;
* scripts/ner_en_ecbplus_test.tsv — 320 sentences, one drawn at random from each of 320 ECB+
  train and dev articles (``--sample`` prints them), labelled by hand from
  scripts/ner_en_ecbplus_test_labels.txt before any model was run on them and never used for
  training or tuning: the English figure to quote;
* scripts/ner_en_uci_train.tsv — 198 English news headlines of the UCI News Aggregator, labelled
  by hand from scripts/ner_en_uci_train_labels.txt: English gold for *training* (train_ner.py --lang en),
  from another source than ECB+, so no test topic leaks into training.
Tokens come from storyline's own English tokenizer (SoMaJo en_PTB).

  .venv/bin/python scripts/ner_make_en_gold.py            # writes the three TSV files
  .venv/bin/python scripts/ner_make_en_gold.py --sample   # prints the sentences to label (needs ../shared/data)
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyline.analyse.sentences import split  # noqa: E402

GOLD = [
    ("Miles Vinar spoke to ONE News about seeing his brother plunge to his death on Thursday, and about his own desperate battle to stay alive on the mountain.",
     [("Miles Vinar", "PER"), ("ONE News", "ORG")]),
    ("Jamal Williams, the defensive tackle for the San Diego Chargers was arrested on suspicion of drunk driving early morning on Sunday, February 1, 2009.",
     [("Jamal Williams", "PER"), ("San Diego Chargers", "ORG")]),
    ("Ellen DeGeneres Set As Oscars Host For 2014 Academy Awards",
     [("Ellen DeGeneres", "PER"), ("Oscars", "OTH"), ("Academy Awards", "OTH")]),
    ("A former employee walked into a staff Christmas party at an east Vancouver health products business Friday and shot and killed a man, according to police.",
     [("Vancouver", "LOC")]),
    ("The Indian navy captured 23 piracy suspects who tried to take over a merchant vessel in the Gulf of Aden, between the Horn of Africa and the Arabian Peninsula, Indian officials said.",
     [("Gulf of Aden", "LOC"), ("Horn of Africa", "LOC"), ("Arabian Peninsula", "LOC")]),
    ("A climber who watched his brother fall to his death from a notorious ridge on Mt Cook, is lucky to be alive after two nights high on the mountain.",
     [("Mt Cook", "LOC")]),
    ("Authorities have released the name of a 66-year-old woman who was walking outside the Sam's Club in Bloomington when she was struck and killed by a motorist.",
     [("Sam's Club", "ORG"), ("Bloomington", "LOC")]),
    ("The Academy of Motion Picture Arts and Sciences announced Friday that Hugh Jackman will be the host of the 81st annual Oscars on Feb. 22 at the Kodak Theatre.",
     [("Academy of Motion Picture Arts and Sciences", "ORG"), ("Hugh Jackman", "PER"), ("Oscars", "OTH"), ("Kodak Theatre", "LOC")]),
    ("CNN's management confirmed yesterday that Dr Gupta had been approached by the Obama team.",
     [("CNN", "ORG"), ("Gupta", "PER"), ("Obama", "PER")]),
    ("An Australian climber who survived two nights stuck on Mount Cook after seeing his brother die also narrowly escaped being buried alive himself.",
     [("Mount Cook", "LOC")]),
    ("A Bloomington man has been charged with third-degree murder in a hit and run that killed a woman at the Bloomington Sam's Club store.",
     [("Bloomington", "LOC"), ("Bloomington", "LOC"), ("Sam's Club", "ORG")]),
    ("Taking the lead in the fight against piracy, the Indian Navy on Saturday arrested 23 Somali pirates.",
     [("Indian Navy", "ORG")]),
    ("Employees at a Vancouver wholesaler were coping Saturday with the death of their boss, who was gunned down at their office Christmas party.",
     [("Vancouver", "LOC")]),
    ("AN AUSTRALIAN climber who survived two nights stuck on Mount Cook after seeing his brother die narrowly escaped being buried alive.",
     [("Mount Cook", "LOC")]),
    ("Woman Killed in Queens Hit-Run, Driver Charged",
     [("Queens", "LOC")]),
    ("A second man has fallen to his death in Aoraki Mount Cook National Park.",
     [("Aoraki Mount Cook National Park", "LOC")]),
    ("One man is dead after being shot by a gunman who marched into a company Christmas party Friday night.",
     []),
    ("INS Sukanya foils piracy attempt in Gulf of Eden",
     [("INS Sukanya", "OTH"), ("Gulf of Eden", "LOC")]),
    ("PHILADELPHIA 76ERS Fired Jim O'Brien, coach. Named Maurice Cheeks coach.",
     [("PHILADELPHIA 76ERS", "ORG"), ("Jim O'Brien", "PER"), ("Maurice Cheeks", "PER")]),
    ("Ellen DeGeneres will host the Oscars for a second time next year, the Academy announced Friday.",
     [("Ellen DeGeneres", "PER"), ("Oscars", "OTH"), ("Academy", "ORG")]),
    ("A 61-year-old man was charged with first-degree murder Saturday after allegedly opening fire at his former employers' office Christmas party in Vancouver, killing one man, police said.",
     [("Vancouver", "LOC")]),
    ("Philadelphia 76ers management had enough of the NBA team lurking near the bottom of the Eastern Conference standings and fired head coach Maurice Cheeks on Saturday.",
     [("Philadelphia 76ers", "ORG"), ("NBA", "ORG"), ("Eastern Conference", "ORG"), ("Maurice Cheeks", "PER")]),
    ("The Indian navy captured 23 pirates in the Gulf of Aden after rescuing a merchant vessel that was being hijacked on Saturday, the Defence Ministry said.",
     [("Gulf of Aden", "LOC"), ("Defence Ministry", "ORG")]),
    ("Stephen A. Smith has reported that the Philadelphia 76ers have parted ways with coach Maurice Cheeks.",
     [("Stephen A. Smith", "PER"), ("Philadelphia 76ers", "ORG"), ("Maurice Cheeks", "PER")]),
    ("The Eastern Conference standings have claimed another coach, with Philadelphia 76ers head man Maurice Cheeks joining the ever-growing list of coaches who are no longer employed.",
     [("Eastern Conference", "ORG"), ("Philadelphia 76ers", "ORG"), ("Maurice Cheeks", "PER")]),
    ("Wide receiver Jackson says he doesn't think charges will be filed",
     [("Jackson", "PER")]),
    ("A just-fired employee of a Canadian health products company crashed the office Christmas party in Vancouver, killing the chief executive officer, police said.",
     [("Vancouver", "LOC")]),
    ("President Barack Obama held a press conference, July 13, 2009 to announce his nominee for U.S. Surgeon General, Regina Benjamin.",
     [("Barack Obama", "PER"), ("U.S.", "LOC"), ("Regina Benjamin", "PER")]),
    ("Indian naval forces came to the rescue of a merchant vessel under attack by pirates in the Gulf of Aden on Saturday, capturing 23 of the raiders, India said.",
     [("Gulf of Aden", "LOC"), ("India", "LOC")]),
]


# Labelled after the English rules were written and never used to tune them: the blind figure.
BLIND = [
    ("The elections, the first since the country adopted a new constitution earlier this year, had 2.5 million eligible voters picking between 288 candidates for 125 seats in the revived parliament.", []),
    ("Four men drove a 4x4 through the front window of the store on Rue de Castiglione, before making off with the jewellery and watches.",
     [("Rue de Castiglione", "LOC")]),
    ("According to the student ISNA news agency, the quake on the outskirts of Dargahan, a small town on the island, injured two people.",
     [("ISNA", "ORG"), ("Dargahan", "LOC")]),
    ("Police say two people have been killed and another wounded in a shooting at the Kraft Foods plant in Northeast Philadelphia.",
     [("Kraft Foods", "ORG"), ("Northeast Philadelphia", "LOC")]),
    ("Manning completed his first 17 passes, picked apart Jacksonville's secondary and led the Colts to their eighth consecutive win and seventh straight playoff berth.",
     [("Manning", "PER"), ("Jacksonville", "ORG"), ("Colts", "ORG")]),
    ("Prosecutors have released new video in the trial of two men accused of killing a Brownsville mother of 12 in Oct. 2011.",
     [("Brownsville", "LOC")]),
    ("The rules were weakened in the final days of the Bush administration.", [("Bush", "PER")]),
    ("That's exactly what LiLo's lawyer Mark Heller did in court this morning.", [("LiLo", "PER"), ("Mark Heller", "PER")]),
    ("Instead, federal agencies undertaking projects like road and power plant construction or oil and gas drilling will make their own assessment.", []),
    ("His body was discovered Tuesday, July 27, 2004, by a maid who entered his hotel room in Biloxi, Miss.",
     [("Biloxi", "LOC"), ("Miss.", "LOC")]),
    ("It seems that another incident of an undersea telecommunications cable being severed on Tuesday has resulted in partially blocking internet and mobile services in Alexandria and some other governorates.",
     [("Alexandria", "LOC")]),
    ("According to Woodburn police an officer arrived at the West Coast Bank after receiving a call that a suspicious device had been spotted in bushes near the bank.",
     [("Woodburn", "LOC"), ("West Coast Bank", "ORG")]),
    ("Three people have suffocated to death as a result of a fire in Marfin Bank during ongoing battles between anti-measure protesters and police in Athens.",
     [("Marfin Bank", "ORG"), ("Athens", "LOC")]),
    ("The indictment also charges Valley Dairy CEO and investor Karen B. Olson with concealing the alleged criminal conduct of the former dairy manager, Kyle Beus.",
     [("Valley Dairy", "ORG"), ("Karen B. Olson", "PER"), ("Kyle Beus", "PER")]),
    ("The Kansas City Chiefs lost possibly the best game they've played this season.", [("Kansas City Chiefs", "ORG")]),
    ("No one was injured in the fire last night, which was intentionally set while people, including two children, were inside.", []),
    ("The footage shows 34-year-old Horton (pictured) picking up her daughter from school on October 21, 2011, in Brooklyn's Brownsville section.",
     [("Horton", "PER"), ("Brooklyn", "LOC"), ("Brownsville", "LOC")]),
    ("She began modeling in 1950 when she met New York City police officer and photographer Jerry Tibbs.",
     [("New York City", "LOC"), ("Jerry Tibbs", "PER")]),
    ("The first two factored heavily into Creighton's 65-53 victory against Drake in the quarterfinals of the Missouri Valley Conference tournament, but the last one might have been the deciding factor in moving the Bluejays along to Saturday's semifinals.",
     [("Creighton", "ORG"), ("Drake", "ORG"), ("Missouri Valley Conference", "ORG"), ("Bluejays", "ORG")]),
    ("The causes of the cut, which is located in the Mediterranean between Sicily and Tunisia, on sections linking Sicily to Egypt, remain unclear, a statement said, while a spokesman said it was unlikely to have been an attack.",
     [("Mediterranean", "LOC"), ("Sicily", "LOC"), ("Tunisia", "LOC"), ("Sicily", "LOC"), ("Egypt", "LOC")]),
    ("On Dec. 16, the Bush administration allowed agencies to waive such reviews if they decided, on their own, that the actions would not harm vulnerable plants and animals.",
     [("Bush", "PER")]),
    ("The finding came as a nationwide strike paralysed Greece, with banks, schools and shops closed, flights in and out of the country halted and even the Parthenon barred to tourists.",
     [("Greece", "LOC"), ("Parthenon", "LOC")]),
    ("The flaw, which was accidentally made public by Chinese security researchers just over a week ago, has been used in a growing number of Web-based attacks over the past few days.", []),
    ("The result will be a series of wildlife overpasses and underpasses, and efforts to make Gold Creek a healthy home to the endangered bull trout.",
     [("Gold Creek", "LOC")]),
]


def write(gold: list, out: Path, tag: str) -> None:
    lines = []
    for n, (sentence, ents) in enumerate(gold):
        toks = [t for s in split(sentence, "en") for t in s.tokens]
        tags = ["O"] * len(toks)
        pos = 0
        for surface, label in ents:
            at = sentence.index(surface, pos if sentence.find(surface, pos) >= 0 else 0)
            pos = at + len(surface)
            idx = [i for i, t in enumerate(toks) if t.start >= at and t.end <= at + len(surface)]
            assert idx and toks[idx[0]].start == at and toks[idx[-1]].end == at + len(surface), (surface, sentence)
            tags[idx[0]] = f"B-{label}"
            for i in idx[1:]:
                tags[i] = f"I-{label}"
        lines.append(f"#\t{'uci' if tag == 'uci' else 'ecbplus'}-{tag}-{n}")
        lines += [f"{i + 1}\t{t.text}\t{tag}\tO" for i, (t, tag) in enumerate(zip(toks, tags))]
        lines.append("")
    out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {out} ({len(gold)} sentences)")


LABELS = ROOT / "scripts" / "ner_en_ecbplus_test_labels.txt"
UCI_LABELS = ROOT / "scripts" / "ner_en_uci_train_labels.txt"
SAMPLE_SIZE = 320


def sample(data: Path, n: int = SAMPLE_SIZE, seed: int = 17) -> list[str]:
    """One sentence of 6-60 words from each of ``n`` randomly drawn ECB+ articles (train and dev),
    none of the sentences of the two older files."""
    taken = {s for s, _ in GOLD + BLIND}
    articles = []
    for name in ("ecbplus.train.jsonl", "ecbplus.dev.jsonl"):
        with open(data / "ecbplus" / name, encoding="utf-8") as fh:
            articles += [json.loads(line) for line in fh]
    rng = random.Random(seed)
    rng.shuffle(articles)
    out: list[str] = []
    for art in articles:
        lines = [ln.strip() for ln in art["text"].split("\n") if 6 <= len(ln.split()) <= 60 and ln.strip() not in taken]
        if lines:
            line = rng.choice(lines)
            taken.add(line)
            out.append(line)
        if len(out) == n:
            break
    return out


def read_labels(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """Blocks of two lines: the sentence, then ``TYPE entity | TYPE entity`` (``-`` for none)."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    out = []
    for sentence, labels in zip(lines[0::2], lines[1::2], strict=True):
        ents = []
        for item in labels.split(" | ") if labels.strip() != "-" else []:
            label, _, surface = item.strip().partition(" ")
            assert label in ("PER", "LOC", "ORG", "OTH"), (label, sentence)
            ents.append((surface, label))
        out.append((sentence, ents))
    return out


def main() -> int:
    if "--sample" in sys.argv:
        data = Path(os.environ.get("STORYLINE_SHARED_DATA", ROOT.parent / "shared" / "data"))
        for n, line in enumerate(sample(data)):
            print(f"{n}\t{line}")
        return 0
    write(GOLD, ROOT / "scripts" / "ner_en_ecbplus_gold.tsv", "dev")
    write(BLIND, ROOT / "scripts" / "ner_en_ecbplus_blind.tsv", "train")
    write(read_labels(LABELS), ROOT / "scripts" / "ner_en_ecbplus_test.tsv", "test")
    write(read_labels(UCI_LABELS), ROOT / "scripts" / "ner_en_uci_train.tsv", "uci")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
