"""Organization mentions and grant numbers in free text, linked to graph entities, each with its sentence.

Funding acknowledgements of publications, gift and contract descriptions and grant abstracts name funders in
prose. No statistical model can be downloaded where tietrace runs, so the pipeline is `spacy.blank("en")` with
a sentencizer, and what it finds comes from the graph itself:

1. phrase hits: every organization name and alias of the graph as a `PhraseMatcher` pattern over the folded,
   lower-cased text (short all-capital acronyms such as "CNRS" match case-sensitively); a hit names its entity
   (score 1.0), or lists the candidates when several entities share the name (never a silent choice);
2. rule hits: organization shapes ("... University", "University of ...", "... Foundation of China", ...,
   `resolve.patterns.ORG_SHAPES`) not in the phrase list, linked through the resolution matcher when the
   extractor was built from one and the matcher says "match";
3. model hits: ORG entities of a statistical spaCy model, only when one is installed and named by
   TIETRACE_SPACY_MODEL (e.g. en_core_web_sm); a model that cannot be loaded is logged and skipped.

Spans overlapping a better one are dropped (phrase > rule > model, longer first). Grant numbers
(`resolve.patterns.grant_spans`) are attached to the linked organization of their clause, the clause being a
stretch of the sentence between top-level commas, semicolons and "and" ("grant GM072815 from the National
Institutes of Health"), or of the clause just before when theirs names no organization and that one lists no
grants of its own ("Swiss National Science Foundation, Grant No. 200021_140648"). A grant near no linked
organization stays a mention of its own, unattached.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

import spacy
from spacy.language import Language
from spacy.matcher import Matcher as TokenMatcher
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from graph.settings import Settings
from resolve.matcher import Matcher
from resolve.patterns import ORG_SHAPES, SHAPE_ANCHORS, fold, grant_spans, normalize_award, sentence_spans

log = logging.getLogger(__name__)

MODEL_ENV = "TIETRACE_SPACY_MODEL"  # graph.settings.Settings.spacy_model, as the environment names it
MODEL_LABELS = frozenset({"ORG"})
MIN_NAME_CHARS = 3
ACRONYM_MAX = 6
BATCH = 5000
LINK_CACHE = 50_000  # matcher answers kept per distinct span text; funders recur in every acknowledgement
Kind = Literal["organization", "grant_number"]
Method = Literal["phrase", "rule", "model"]
_CLAUSE_MARKS = re.compile(r"[()\[\],;]| and ")
_PRIORITY: dict[str, int] = {"phrase": 0, "rule": 1, "model": 2}


@dataclass(frozen=True, slots=True)
class Mention:
    """One span of the text: an organization (maybe linked to a graph entity) or a grant number.

    `sentence` is the evidence: the whole sentence the span sits in, starting at `sentence_start` of the text.
    `candidates` lists the entities a mention could be when it cannot be decided (a shared name, a review).
    """

    text: str
    start: int
    end: int
    kind: Kind
    sentence: str
    sentence_start: int
    entity_id: str | None = None
    score: float = 0.0
    method: Method = "rule"
    award_ids: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    method: Method
    entity_id: str | None = None
    score: float = 0.0
    candidates: tuple[str, ...] = ()
    awards: list[str] = field(default_factory=list)


def _phrase_key(words: Iterable[str]) -> str:
    return " ".join(words)


class Extractor:
    """A spaCy pipeline built from the graph's organization names; `extract(text)` returns the mentions."""

    def __init__(
        self,
        names: Iterable[tuple[str, str]],
        matcher: Matcher | None = None,
        model: str | None = None,
    ) -> None:
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        self.matcher = matcher
        self._links: dict[str, tuple[str | None, float, tuple[str, ...]]] = {}
        self.ids: dict[str, set[str]] = defaultdict(set)
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.acronyms = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.shapes = TokenMatcher(self.nlp.vocab)
        for shape, patterns in ORG_SHAPES.items():
            self.shapes.add(shape, patterns, greedy="LONGEST")
        self._add_names(names)
        # Settings read afresh, not the cached ones: an extractor is built once per job, and the setting may change.
        self.model = _load_model(model if model is not None else Settings().spacy_model)

    @classmethod
    def from_names(cls, names: Iterable[tuple[str, str]], model: str | None = None) -> Extractor:
        """From (entity id, name or alias) pairs; mentions of shapes outside the list stay unlinked."""
        return cls(names, model=model)

    @classmethod
    def from_matcher(cls, matcher: Matcher, model: str | None = None) -> Extractor:
        """From the resolution matcher's organizations (names and aliases); it also links rule and model hits."""
        names = ((org.ref.id, name) for org in matcher.orgs for name in org.names)
        return cls(names, matcher=matcher, model=model)

    def _add_names(self, names: Iterable[tuple[str, str]]) -> None:
        """Patterns made with the tokenizer only (nlp.make_doc, not the pipeline), one per distinct folded name.

        Added in batches: the matcher keeps token ids, not the docs, so a batch of docs is freed once added and
        100k names cost about 170 MB instead of the 650 MB all their docs would hold at once.
        """
        pending: dict[str, str] = {}
        for entity_id, name in names:
            text = " ".join(fold(name).split())
            if len(text) < MIN_NAME_CHARS or not any(c.isalpha() for c in text):
                continue
            key = text.lower()
            pending.setdefault(key, text)
            self.ids[key].add(entity_id)
        texts = list(pending.values())
        # A tokenizer of its own, sharing the vocabulary: spaCy's tokenizer cache stops growing once full, and
        # filled with 100k names it would leave no room for the texts (tokenizing them 7 times slower).
        make_doc = spacy.blank("en", vocab=self.nlp.vocab).make_doc
        for first in range(0, len(texts), BATCH):
            phrases, acronyms = [], []
            for doc in map(make_doc, texts[first : first + BATCH]):
                if len(doc) == 1 and doc.text.isupper() and len(doc.text) <= ACRONYM_MAX:
                    acronyms.append(doc)
                else:
                    phrases.append(doc)
                key = _phrase_key(t.lower_ for t in doc)
                if key != doc.text.lower():  # the tokenizer splits "Co., Ltd." where whitespace does not
                    self.ids[key] |= self.ids[doc.text.lower()]
            if phrases:
                self.phrases.add("ORG", phrases)
            if acronyms:
                self.acronyms.add("ORG", acronyms)

    def extract(self, text: str) -> list[Mention]:
        """Organization and grant-number mentions of the text, in reading order, each with its sentence."""
        folded = fold(text)
        doc = self.nlp(folded)
        found = self._select(self._phrase_hits(doc) + self._rule_hits(doc) + self._model_hits(text))
        spans = [s if s.method == "phrase" else self._link(s, text) for s in found]  # linking only what is kept
        sentences = sentence_spans(doc)
        mentions: list[Mention] = []
        for start, end in sentences:
            orgs = [s for s in spans if start <= s.start < end]
            grants = _grants(folded, start, end, orgs)
            _attach(folded, start, end, orgs, grants)
            sentence = text[start:end]
            for span in orgs:
                mentions.append(self._mention(text, span, "organization", sentence, start))
            for g_start, g_end in grants:
                grant = _Span(g_start, g_end, "rule", score=1.0)
                mentions.append(self._mention(text, grant, "grant_number", sentence, start))
        return sorted(mentions, key=lambda m: (m.start, m.end))

    def _mention(self, text: str, span: _Span, kind: Kind, sentence: str, sentence_start: int) -> Mention:
        return Mention(
            text=text[span.start : span.end],
            start=span.start,
            end=span.end,
            kind=kind,
            sentence=sentence,
            sentence_start=sentence_start,
            entity_id=span.entity_id,
            score=span.score,
            method=span.method,
            award_ids=tuple(dict.fromkeys(span.awards)),
            candidates=span.candidates,
        )

    def _phrase_hits(self, doc: Doc) -> list[_Span]:
        hits = []
        for matcher in (self.phrases, self.acronyms):
            for _, first, last in matcher(doc):
                tokens = doc[first:last]
                if len(tokens) == 1 and tokens.text.islower():
                    continue  # "union" is a word; "Union" may be a name
                ids = self.ids.get(_phrase_key(t.lower_ for t in tokens)) or set()
                hits.append(_decided(_Span(tokens.start_char, tokens.end_char, "phrase", score=1.0), sorted(ids)))
        return hits

    def _rule_hits(self, doc: Doc) -> list[_Span]:
        if SHAPE_ANCHORS.search(doc.text) is None:
            return []
        shapes = spacy.util.filter_spans([doc[first:last] for _, first, last in self.shapes(doc)])
        return [_Span(s.start_char, s.end_char, "rule") for s in shapes]

    def _model_hits(self, text: str) -> list[_Span]:
        if self.model is None:
            return []
        ents = [e for e in self.model(text).ents if e.label_ in MODEL_LABELS]
        return [_Span(e.start_char, e.end_char, "model") for e in ents]

    def _link(self, span: _Span, text: str) -> _Span:
        """An exact name of the graph first; else the resolution matcher, which must say "match"."""
        name = " ".join(fold(text[span.start : span.end]).split())
        if name.lower() in self.ids:
            return _decided(replace(span, score=1.0), sorted(self.ids[name.lower()]))
        if self.matcher is None:
            return span
        if name not in self._links:
            if len(self._links) >= LINK_CACHE:
                self._links.clear()
            self._links[name] = _resolve(self.matcher, name)
        entity_id, score, candidates = self._links[name]
        return replace(span, entity_id=entity_id, score=score, candidates=candidates)

    @staticmethod
    def _select(spans: list[_Span]) -> list[_Span]:
        """Non-overlapping spans: phrase before rule before model, then longer before shorter."""
        chosen: list[_Span] = []
        for span in sorted(spans, key=lambda s: (_PRIORITY[s.method], s.start - s.end, s.start)):
            if all(span.end <= c.start or span.start >= c.end for c in chosen):
                chosen.append(span)
        return sorted(chosen, key=lambda s: s.start)


def _resolve(matcher: Matcher, name: str) -> tuple[str | None, float, tuple[str, ...]]:
    """(entity id, score, candidates to review) from the matcher, which costs milliseconds on a large graph."""
    found = matcher.match(name)
    if not found:
        return None, 0.0, ()
    status = matcher.status(found)
    if status == "match":
        return found[0].entity.id, found[0].score, ()
    if status == "review":
        return None, found[0].score, tuple(c.entity.id for c in found if c.score >= matcher.review_threshold)
    return None, 0.0, ()


def _decided(span: _Span, ids: list[str]) -> _Span:
    if len(ids) == 1:
        return replace(span, entity_id=ids[0])
    return replace(span, candidates=tuple(ids))


def _grants(folded: str, start: int, end: int, orgs: list[_Span]) -> list[tuple[int, int]]:
    """Grant-number spans of one sentence, longest first on overlap, none inside an organization name."""
    chosen: list[tuple[int, int]] = []
    for g_start, g_end in sorted(set(grant_spans(folded, start, end)), key=lambda s: (s[0] - s[1], s[0])):
        taken = chosen + [(o.start, o.end) for o in orgs]
        if all(g_end <= a or g_start >= b for a, b in taken):
            chosen.append((g_start, g_end))
    return sorted(chosen)


def _attach(folded: str, start: int, end: int, orgs: list[_Span], grants: list[tuple[int, int]]) -> None:
    """Give each grant to the linked organization of its clause, or of the clause before (see the module doc)."""
    bounds = _clause_bounds(folded, start, end, orgs)
    linked = [o for o in orgs if o.entity_id is not None]
    clause_of = {id(o): bisect_right(bounds, o.start) for o in linked}
    granted = {bisect_right(bounds, g_start) for g_start, _ in grants}
    nonempty = sorted({bisect_right(bounds, o.start) for o in orgs} | granted)
    for g_start, g_end in grants:
        clause = bisect_right(bounds, g_start)
        owner = _owner([o for o in linked if clause_of[id(o)] == clause], g_start)
        if owner is None:
            before = [c for c in nonempty if c < clause]
            if before and before[-1] not in granted:
                owner = _owner([o for o in linked if clause_of[id(o)] == before[-1]], g_start)
        if owner is not None:
            owner.awards.append(normalize_award(folded[g_start:g_end]))


def _owner(candidates: list[_Span], position: int) -> _Span | None:
    """The nearest organization before the grant ("Funder (No. 1)"), else the nearest after it ("grant 1 from")."""
    before = [o for o in candidates if o.end <= position]
    if before:
        return before[-1]
    after = [o for o in candidates if o.start >= position]
    return after[0] if after else None


def _clause_bounds(folded: str, start: int, end: int, orgs: list[_Span]) -> list[int]:
    """Offsets where clauses begin: after top-level ',', ';' and ' and ', never inside a name or parentheses."""
    bounds, depth = [], 0
    for match in _CLAUSE_MARKS.finditer(folded, start, end):
        mark, at = match.group(), match.start()
        if mark in ("(", "["):
            depth += 1
        elif mark in (")", "]"):
            depth = max(0, depth - 1)
        elif depth == 0 and not any(o.start <= at < o.end for o in orgs):
            bounds.append(at + 1)
    return bounds


def _load_model(name: str | None) -> Language | None:
    """The statistical model named by TIETRACE_SPACY_MODEL, or None (and a warning) when it cannot be loaded."""
    if not name:
        return None
    try:
        model = spacy.load(name, exclude=["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"])
    except (OSError, ImportError, ValueError) as exc:
        log.warning("spaCy model %s=%s cannot be loaded (%s); extraction continues rule-based", MODEL_ENV, name, exc)
        return None
    if not model.has_pipe("ner") and not model.has_pipe("entity_ruler"):
        log.warning("spaCy model %s=%s has no entity recognizer; extraction continues rule-based", MODEL_ENV, name)
        return None
    log.info("spaCy model loaded for extraction: model=%s pipes=%s", name, ",".join(model.pipe_names))
    return model
