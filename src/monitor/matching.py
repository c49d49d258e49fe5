"""Which paragraphs of two texts are counterparts: three measures behind a cheap filter, renewals, merges, splits."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .parse.model import Paragraph
from .verbs import verb_finder

MIN_SIMILARITY = 0.45  # words: below this two paragraphs are different asks, not one reworded
MIN_OBJECT = 0.6       # object: the same ask under another verb is a bolder claim, so a higher bar
MIN_COVERAGE = 0.8     # coverage: the share of a paragraph's words that another one holds
MIN_CLAUSE = 0.4       # clause: the share of an opening clause's content words (opener aside) another paragraph holds
# Containing a paragraph is weaker evidence of being its counterpart than reading alike at the same value:
# a paragraph kept nearly word for word pairs with its twin before another text that quotes it absorbs it.
COVERAGE_DISCOUNT = 0.1
RUN = 3                # coverage counts runs of at least 3 words: scattered "the" and "of" prove nothing
MIN_PART = 6           # nor does a paragraph of fewer words
MIN_OBJECT_WORDS = 5
MEASURES = {
    "words": "difflib ratio of the two word sequences",
    "object": "difflib ratio of the words after the verb and its addressee",
    "coverage": f"share of the contained paragraph's words found in the other, in runs of {RUN} or more",
    "object_coverage": f"share of the shorter object's words found in the other, in runs of {RUN} or more",
    "clause": "share of the content words of the older opening clause found in the newer paragraph",
}
_RANK = {"words": 0, "object": 1, "coverage": 2, "clause": 3}

_WORD = re.compile(r"[\w'-]+")
_MODALS = {"should", "shall", "must", "will", "would", "devrait", "devraient", "doit", "doivent"}
_NOT_A_VERB = {"the", "a", "an", "its", "their", "his", "her", "all", "this", "these", "those", "which", "such", "be"}
_STOP = set("a about against an and are as at be between by for from has have in including into is its it of on or "
            "particular that the their these this through to under was were which with within all also any other such "
            "au aux d de des du en et la le les l' par pour que qui sur un une".split())
_RENEWAL = re.compile(r"\b(?:decides|décide)\b[^;]{0,60}?\b(?:to\s+(?:renew|extend)|de\s+(?:renouveler|proroger))\b"
                      r"(?P<rest>[^;]{0,240})", re.IGNORECASE)
_ESTABLISH = re.compile(r"\b(?:decides|décide)\b[^;]{0,60}?\b(?:to\s+establish|de\s+créer|d['’]établir|"
                        r"de\s+mettre\s+en\s+place)\s+(?:(?:an?|the|une?|la|le|l['’])\s*)?(?P<en>[^,;(]+)",
                        re.IGNORECASE)
_HOLDER = re.compile(r"\bmandate\s+of\s+(?:the\s+)?(?P<en>[^,;(]+)|\bmandat\s+(?:de\s+la|de\s+l['’]|du|des|de)\s*"
                     r"(?P<fr>[^,;(]+)", re.IGNORECASE)
_HOLDER_END = re.compile(r"\s+(?:for|which|who|in order|to|appointed|established|composed|tasked|pour|afin|qui|"
                         r"chargée?s?|nommée?s?|désignée?s?|créée?s?|composée?s?)\b.*", re.IGNORECASE | re.DOTALL)


def words(text: str) -> list[str]:
    """Lower-case words; a typographic apostrophe is not a change of wording."""
    return _WORD.findall(text.lower().replace("’", "'"))


def mandate_renewed(text: str) -> str | None:
    """The mandate holder a paragraph renews or extends ('Independent Expert on ... in Haiti'), else None."""
    found = _RENEWAL.search(text)
    holder = _HOLDER.search(found.group("rest")) if found else None
    if holder is None:
        return None
    return _HOLDER_END.sub("", holder.group("en") or holder.group("fr")).strip() or None


def mandate_established(text: str) -> str | None:
    """What a paragraph establishes ('an independent international fact-finding mission for the Sudan'), else None."""
    found = _ESTABLISH.search(text)
    return _HOLDER_END.sub("", found.group("en")).strip() or None if found else None


def same_holder(a: str, b: str) -> bool:
    """Two holders are one mandate when most of their content words are shared."""
    x, y = ({w for w in words(h) if w not in _STOP} for h in (a, b))
    return bool(x and y) and 2 * len(x & y) / (len(x) + len(y)) >= 0.6


def object_words(text: str, opener: str) -> list[str]:
    """The words after the opening verb and its addressee: 'Encourages the mission to give due regard' -> 'give ...'.

    The addressee ends at the infinitive ('to' + verb) or the modal of a 'that' clause, when one comes early.
    """
    ws = words(text)
    head = words(opener)
    rest = ws[len(head):] if head and ws[:len(head)] == head else ws[1:]
    for k, w in enumerate(rest[:20]):
        if w in _MODALS:
            return rest[k + 1:]
        if w in ("to", "à") and k + 1 < len(rest) and rest[k + 1] not in _NOT_A_VERB:
            return rest[k + 1:]
    return rest


def clauses(text: str, lang: str = "en") -> list[tuple[str, str]]:
    """(lemma, text) of each clause, cut where a clause-initial verb starts; the first keeps what precedes."""
    finder = verb_finder(lang)
    starts = [(u.start, u.lemma) for u in finder.clauses(text)]
    opening = finder.opening(text)
    if not starts or starts[0][0] > (opening.start if opening else 0):
        starts = [(0, opening.lemma if opening else "")] + starts
    starts[0] = (0, starts[0][1])
    ends = [s for s, _ in starts[1:]] + [len(text)]
    return [(lemma, text[s:e]) for (s, lemma), e in zip(starts, ends)]


def content(ws: list[str]) -> set[str]:
    return {w for w in ws if w not in _STOP}


@dataclass
class Prepared:
    """A paragraph with what the measures need, computed once."""

    paragraph: Paragraph
    words: list[str]
    counts: Counter
    object: list[str]
    object_counts: Counter
    mandate: str | None      # the holder whose mandate it renews
    established: str | None  # the body it establishes, whose mandate a later text renews

    @classmethod
    def of(cls, paragraph: Paragraph, renewals: bool) -> "Prepared":
        ws = words(paragraph.text)
        obj = object_words(paragraph.text, paragraph.opener or "")
        text = paragraph.text
        return cls(paragraph, ws, Counter(ws), obj, Counter(obj), mandate_renewed(text) if renewals else None,
                   mandate_established(text) if renewals else None)


@dataclass
class Link:
    old: int
    new: int
    measure: str
    value: float
    mandate: str | None = None  # the holder, when both paragraphs renew one mandate (or the older established it)
    established: bool = False   # the older paragraph established what the newer renews
    continues: bool = True      # False for the extra links of a merge or split (see Matching.choose_primaries)


def _common(a: Counter, b: Counter) -> int:
    """Words the two hold in common, counted with repeats: an upper bound of what difflib can match."""
    if len(a) > len(b):
        a, b = b, a
    return sum(min(n, b[w]) for w, n in a.items() if w in b)


def _common_matrix(before: list[Counter], after: list[Counter]) -> list[list[int]]:
    """_common of every pair at once, as [i][j], exact, so the bounds it feeds skip nothing that could pass.

    The words two paragraphs share counted with repeats is the number of distinct words both hold (a popcount
    of their packed bit rows) plus, over the few words both texts repeat, min(a - 1, b - 1); no pair's word
    lists are walked in Python, and no BLAS product is asked for so little.
    """
    shared = set().union(*before) & set().union(*after) if before and after else set()
    if not shared:
        return [[0] * len(after) for _ in before]

    def counts(counters: list[Counter], column: dict[str, int], less: int) -> np.ndarray:
        m = np.zeros((len(counters), len(column)), dtype=np.int64)
        for row, c in enumerate(counters):
            for w, n in c.items():
                if n > less and w in column:
                    m[row, column[w]] = n - less
        return m
    column = {w: k for k, w in enumerate(shared)}
    a, b = (np.packbits(counts(side, column, 0) > 0, axis=1) for side in (before, after))
    total = np.bitwise_count(a[:, None, :] & b[None, :, :]).sum(axis=2, dtype=np.int64)
    repeated = ({w for c in before for w, n in c.items() if n > 1} & {w for c in after for w, n in c.items() if n > 1})
    if repeated:
        column = {w: k for k, w in enumerate(repeated)}
        a, b = counts(before, column, 1), counts(after, column, 1)
        total += np.minimum(a[:, None, :], b[None, :, :]).sum(axis=2)
    return total.tolist()


def _ratio(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    return 1.0 if a == b else difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass
class Matching:
    """The links between the paragraphs of two texts (one kind), and the measures they were read from."""

    before: list[Prepared]
    after: list[Prepared]
    links: list[Link] = field(default_factory=list)
    _scores: dict = field(default_factory=dict)  # (i, j) -> (words ratio, coverage of old in new, of new in old)
    _shared: dict = field(default_factory=dict)  # "words" / "object" -> _common_matrix of the pairs

    def common(self, what: str) -> list[list[int]]:
        """The words (or object words) each pair shares, counted with repeats, for every pair: [old][new]."""
        if what not in self._shared:
            attribute = "counts" if what == "words" else "object_counts"
            self._shared[what] = _common_matrix([getattr(p, attribute) for p in self.before],
                                                [getattr(p, attribute) for p in self.after])
        return self._shared[what]

    def scores(self, i: int, j: int) -> tuple[float, float, float]:
        if (i, j) not in self._scores:
            a, b = self.before[i].words, self.after[j].words
            matcher = None if a and a == b else difflib.SequenceMatcher(None, a, b, autojunk=False)
            self._scores[(i, j)] = self._measure(matcher, i, j)
        return self._scores[(i, j)]

    def _measure(self, matcher, i: int, j: int) -> tuple[float, float, float]:
        a, b = self.before[i].words, self.after[j].words
        if a and a == b:  # a paragraph kept word for word (about half of a renewal): difflib's one block, known
            return 1.0, (1.0 if len(a) >= RUN else 0.0), (1.0 if len(a) >= RUN else 0.0)
        blocks = matcher.get_matching_blocks()
        matched = sum(block.size for block in blocks)
        runs = sum(block.size for block in blocks if block.size >= RUN)
        return 2 * matched / (len(a) + len(b)), runs / len(a), runs / len(b)

    def object_ratio(self, i: int, j: int) -> float:
        return _ratio(self.before[i].object, self.after[j].object)

    def object_coverage(self, i: int, j: int) -> float:
        """The larger share of one object's words found in the other, in runs."""
        a, b = self.before[i].object, self.after[j].object
        if len(a) < MIN_OBJECT_WORDS or len(b) < MIN_OBJECT_WORDS:
            return 0.0
        runs = sum(x.size for x in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
                   if x.size >= RUN)
        return runs / min(len(a), len(b))

    def closest(self, index: int, old: bool) -> tuple[int, float] | None:
        """The other text's paragraph nearest to an orphan, by word similarity (None when nothing shares words)."""
        own = (self.before if old else self.after)[index]
        others = self.after if old else self.before
        common = self.common("words")
        shared = common[index] if old else [row[index] for row in common]
        bounds = sorted(((shared[k] / max(len(own.words) + len(o.words), 1), k)
                         for k, o in enumerate(others)), reverse=True)[:3]
        found = [(self.scores(index, k)[0] if old else self.scores(k, index)[0], k) for bound, k in bounds if bound > 0]
        if not found:
            return None
        value, k = max(found)
        return k, value


def _candidates(m: Matching) -> list[tuple[float, str, int, int, str]]:
    """(value, measure, old, new, direction) for every pair some measure may link, filtered by cheap bounds.

    difflib only runs where the count of shared words allows the threshold: ratio <= 2*common/(la+lb)
    and coverage <= common/length, so nothing the filter skips could have passed.
    """
    out = []
    shared_words, shared_objects = m.common("words"), m.common("object")
    for j, b in enumerate(m.after):
        matcher = None  # difflib indexes the second sequence once for all the older paragraphs, when one needs it
        for i, a in enumerate(m.before):
            la, lb = len(a.words), len(b.words)
            if not la or not lb:
                continue
            common = shared_words[i][j]
            if (2 * common / (la + lb) >= MIN_SIMILARITY or (la >= MIN_PART and common / la >= MIN_COVERAGE)
                    or (lb >= MIN_PART and common / lb >= MIN_COVERAGE)):
                if matcher is None:
                    matcher = difflib.SequenceMatcher(None, autojunk=False)
                    matcher.set_seq2(b.words)
                matcher.set_seq1(a.words)
                ratio, old_in_new, new_in_old = m._scores.setdefault((i, j), m._measure(matcher, i, j))
                if ratio >= MIN_SIMILARITY:
                    out.append((ratio, "words", i, j, ""))
                if la >= MIN_PART and old_in_new >= MIN_COVERAGE:
                    out.append((old_in_new, "coverage", i, j, "old"))
                if lb >= MIN_PART and new_in_old >= MIN_COVERAGE:
                    out.append((new_in_old, "coverage", i, j, "new"))
            oa, ob = a.object, b.object
            if len(oa) >= MIN_OBJECT_WORDS and len(ob) >= MIN_OBJECT_WORDS and (oa != a.words[1:] or ob != b.words[1:]):
                if 2 * shared_objects[i][j] / (len(oa) + len(ob)) >= MIN_OBJECT:
                    value = m.object_ratio(i, j)
                    if value >= MIN_OBJECT:
                        out.append((value, "object", i, j, ""))
    return sorted(out, key=lambda e: (-(e[0] - (COVERAGE_DISCOUNT if e[1] == "coverage" else 0)), _RANK[e[1]],
                                      abs(e[2] - e[3])))


def match(before: list[Paragraph], after: list[Paragraph], renewals: bool = True, lang: str = "en") -> Matching:
    """Link the paragraphs of an older and a newer text.

    1. A mandate renewal (or the establishment of the body) links to the newer text's renewal of the same
       mandate, whatever else moved; a renewal links to nothing else one to one: a mandate the newer text
       does not renew is dropped.
    2. Then, best value first, a pair of free paragraphs links by any measure; an older paragraph still
       free links to a taken newer one when its words are covered there (merged), and a newer one still
       free to a taken older one that covers it (split).
    3. An older paragraph whose opening clause now opens an unlinked paragraph, while its other clauses
       went on elsewhere, is split too.
    """
    m = Matching([Prepared.of(p, renewals) for p in before], [Prepared.of(p, renewals) for p in after])
    into: dict[int, list[Link]] = {}
    out_of: dict[int, list[Link]] = {}

    def add(link: Link) -> None:
        m.links.append(link)
        out_of.setdefault(link.old, []).append(link)
        into.setdefault(link.new, []).append(link)

    for i, a in enumerate(m.before):
        holder = a.mandate or a.established
        if holder is None:
            continue
        for j, b in enumerate(m.after):
            if b.mandate is not None and j not in into and same_holder(holder, b.mandate):
                add(Link(i, j, "words", m.scores(i, j)[0], mandate=b.mandate, established=a.mandate is None))
                break
    for value, measure, i, j, direction in _candidates(m):
        free_old, free_new = i not in out_of, j not in into
        if any(link.new == j for link in out_of.get(i, [])):
            continue
        if free_old and free_new:
            if m.before[i].mandate is not None or m.after[j].mandate is not None:
                continue  # a renewal's counterpart is the renewal of its mandate (step 1), or it was not renewed
            ratio = m.scores(i, j)[0]
            # a pair that also reads alike is shown by its word similarity, the plainest of the measures
            add(Link(i, j, "words", ratio) if measure == "coverage" and ratio >= MIN_SIMILARITY else Link(i, j, measure, value))
        elif (free_old and direction == "old") or (free_new and direction == "new"):
            add(Link(i, j, measure, value))
    _opening_clause_splits(m, into, out_of, add, lang)
    _choose_primaries(m, into, out_of)
    return m


def _opening_clause_splits(m: Matching, into, out_of, add, lang: str) -> None:
    """Split: the older paragraph's tail went on in its counterpart and its opening clause opens a new paragraph."""
    for link in list(m.links):
        if len(out_of[link.old]) > 1 or len(into[link.new]) > 1:
            continue
        if m.before[link.old].paragraph.text == m.after[link.new].paragraph.text:
            continue  # the same clauses in the same order: its opening clause cannot have left
        old = clauses(m.before[link.old].paragraph.text, lang)
        new = clauses(m.after[link.new].paragraph.text, lang)
        if len(old) < 2 or moved_opening(old, new) != "left":
            continue
        opener = _opener(m.before[link.old].paragraph)
        head = content(words(old[0][1])) - set(opener.split())
        best = None
        for j, b in enumerate(m.after):
            if j in into or len(head) < MIN_OBJECT_WORDS or _opener(b.paragraph) != opener:
                continue
            share = len(head & content(b.words)) / len(head)
            if share >= MIN_CLAUSE and (best is None or share > best[0]):
                best = (share, j)
        if best is not None:
            add(Link(link.old, best[1], "clause", best[0]))


def _opener(paragraph: Paragraph) -> str:
    """The opening phrase without the 'Also' or 'Further' that only says it follows another."""
    return re.sub(r"^(?:also|further|again)\s+", "", " ".join(words(paragraph.opener or "")))


def moved_opening(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> str:
    """'left' when the newer paragraph opens with a later clause of the older (its opening clause left),
    'added' when the older opening clause goes on after a new one, '' when the opening clauses correspond."""
    def ratio(x: str, y: str) -> float:
        return _ratio(words(x), words(y))
    same = ratio(old[0][1], new[0][1])
    if any(ratio(text, new[0][1]) > same for _, text in old[1:]):
        return "left"
    if any(ratio(old[0][1], text) > same for _, text in new[1:]):
        return "added"
    return ""


def _choose_primaries(m: Matching, into, out_of) -> None:
    """Of a merge or a split, the link that carries the lineage: the mandate renewal, else the larger part
    (of a merge, the older paragraph that makes up most of the newer; of a split, the newer part that holds
    most of the older), else the more alike in words, else the first paragraph."""
    def key(link: Link, merge: bool):
        ratio, old_in_new, new_in_old = m.scores(link.old, link.new)
        return (link.mandate is None, -(new_in_old if merge else old_in_new), -ratio, link.old, link.new)
    for merge, groups in ((True, into.values()), (False, out_of.values())):
        for group in groups:
            if len(group) > 1:
                best = min(group, key=lambda link: key(link, merge))
                for link in group:
                    if link is not best:
                        link.continues = False
