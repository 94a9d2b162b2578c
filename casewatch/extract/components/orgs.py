"""Organizations that can speak for a case: the gazetteer's, and names shaped like an NGO's."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from casewatch.extract import lexicon
from casewatch.extract.context import Entity, WorkDoc
from casewatch.extract.prefilter import span_within

ACTOR_KINDS = ("ngo", "international_body", "media", "other")

_NGO_WORDS = re.compile(
    r"\b(?:Watch|Committee|Institute|Foundation|Association|Union|Federation|Cent(?:er|re)|Network|Coalition|Society|"
    r"Initiative|Movement|Board|Commission|Parliament|Reporters|Journalists|Rights|Amnesty|PEN|Defenders|Alliance|"
    r"League|Council|Assembly|Helsinki|Freedom|Memorial|Campaign|Group|Forum|Organi[sz]ation|Project|Fund|"
    r"Monitor|Observatory|Guild|Syndicate|Club|Solidarity|Collective|Consortium|Partnership|Caucus|Clinic|Front)\b"
)
_STATE_WORDS = re.compile(
    r"\b(?:Ministry|Prosecutor|Police|Court|Government|Administration|Security Service|Interior|Presidential|"
    r"Parliament of|Investigative Committee|Procuracy|Prosecutor-General|Attorney[- ]General|Solicitor[- ]General|"
    r"Militia|Army|Armed Forces|Tax|Customs)\b"
)
_NOT_ACTORS = re.compile(
    # ("Law Society", "Law Council": a bar's name, not a law's)
    r"\b(?:Convention|Covenant|Charter|Declaration|Law(?!\s+(?:Society|Societies|Council|Association))|Act|Code|"
    r"Constitution|Index|index|Treaty|Protocol|Day)\b"
)


_UNIT = re.compile(r"['’]s?\s.*\b(?:Service|Office|Department|Ministry|Committee|Subcommittee|Commission|Mission|"
                   r"Delegation|Bureau|Division|Directorate|Council|Secretariat|Parliament|Assembly|Agency|Rapporteur|"
                   r"Envoy|Commissioner|Representative|Court)\b")


class _Span:
    __slots__ = ("start", "end", "text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end, self.text = start, end, text


_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_BASED_IN = re.compile(r"^[A-Z][\w.]*(?:\s[A-Z][\w.]*)?-based\s+")
_POSSESSIVE_END = re.compile(r"['’]s$")


def clean_org_name(text: str) -> str:
    """An organization's name without a leading article or a trailing possessive, and no words of the
    lines before it ("Kuje\n\nBy X\n\nThe Attorney-General ...": the model's entity ran over a byline)."""
    name = _LEADING_THE.sub("", text.strip().rsplit("\n", 1)[-1].strip())
    name = _BASED_IN.sub("", name)  # "Almaty-based Steppe Rights Monitor"
    return _POSSESSIVE_END.sub("", name).strip()


def could_name_ngo(sentence: str) -> bool:
    """Whether a sentence has a word that :func:`ngo_like` requires of an organization's name; the
    model's ORG entities count only when NGO-like, so elsewhere the extractor need not run it."""
    return bool(_NGO_WORDS.search(sentence))


def ngo_words(sentence: str) -> Iterator[re.Match[str]]:
    """The words of a sentence that :func:`could_name_ngo` looks for."""
    return _NGO_WORDS.finditer(sentence)


_LINK = re.compile(r"\s+(?:for|of|on|to)\s+")


def ngo_like(name: str) -> bool:
    """Whether a name the gazetteer does not know reads as a civil-society organization's."""
    # a law or charter names no body, but one may defend it ("National Front for the Defence of the Constitution")
    head = _LINK.split(name, 1)[0]
    return (len(name) > 3 and bool(_NGO_WORDS.search(name)) and not _STATE_WORDS.search(name)
            and not _NOT_ACTORS.search(head))


_HEADS = (r"(?:Watch|Committee|Network|Fund|Monitor|Association|Foundation|Institute|Initiative|Cent(?:re|er)|"
          r"Coalition|Union|Society|Group|Council|Alliance|League|Federation|Observatory|Guild|Forum|Movement|"
          r"Platform|Project|Campaign|Defenders|Solidarity|Collective|Syndicate|Consortium|Partnership|Trust|"
          r"Caucus|Clinic|Front|Bloc)")
_DATE_WORD = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
              r"July|August|September|October|November|December)")
# A name the model misses: capitalized words ending in an organization word ("Ural Civic Watch").
_SHAPED = re.compile(
    rf"\b(?:[A-Z][\w'’.-]*\s+(?:(?:of|for|on|and|the|in)\s+)*){{1,6}}{_HEADS}"
    # "National Front for the Defence of the Constitution": up to two links after the head
    rf"(?:\s+(?:for|on|of|to)\s+(?:the\s+)?(?!{_DATE_WORD}\b)[A-Z][\w'’-]*(?:\s+(?!{_DATE_WORD}\b)[A-Z][\w'’-]*){{0,3}}){{0,2}}\b"
)


_SEAT = re.compile(r" in (?:the )?[A-Z][a-z]+(?: [A-Z][a-z]+)?")
_INTRODUCED = re.compile(
    r"\b(?P<kind>(?:rights|human\s+rights|advocacy|campaign|monitoring|press\s+freedom|diaspora|exile)\s+)?"
    r"(?:group|organi[sz]ation|NGO|charity|watchdog|association|(?<=rights\s)cent(?:re|er))\s+"
    # "the association Mouwatinoun for Rights and Freedoms": "for", "of" and then "and" inside a name are part of
    # it (but "the group Sitthi Monitor and Human Rights Watch" are two)
    r"(?P<name>(?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){0,5}"
    r"(?:\s+(?:for|of|on)\s+[A-Z][\w'’.-]*(?:\s+(?:and\s+)?[A-Z][\w'’.-]*){0,3})?)")


_LOWER_HEADS = ("centre", "center", "collective", "group", "movement", "network", "coalition", "association",
                "foundation", "initiative", "committee", "alliance", "forum", "watchdog")
_LOWER_HEADED = re.compile(
    r"\b[Tt]he\s+((?:(?![\w'’.-]*-based\b)[A-Z][\w'’.-]*\s+){1,3}"
    r"(?:(?:human\s+)?rights\s+|press[- ]freedom\s+|media\s+|legal[- ]aid\s+)?"
    rf"(?:{'|'.join(_LOWER_HEADS)}))\b(?!\s+[A-Z])")  # not "the Paris-based group Women's Voice Iran"
_ENDS_IN_HEAD = re.compile(rf"\b{_HEADS}$")
# After a name: what the organization publishes or awards, not the organization ("RSF's World Press Freedom Index")
_NOT_THE_BODY_AFTER = re.compile(r"\s+(?:index|Index|ranking|report|Report|Day|Prize|Award)\b")
_POSSESSIVE_AFTER = re.compile(r"['’]s?\s")
_OFFICE_NAME = re.compile(r"\b(?:Embassy|Office|Mission|Delegation|Consulate|Bureau)\b")


def org_shaped(name: str) -> bool:
    """Whether a capitalized name ends in an organization word ("Vietnam Prisoners Monitor")."""
    return bool(_ENDS_IN_HEAD.search(name.strip()))


def organizations_in(doc: WorkDoc, start: int, end: int, acronyms: bool = True) -> list[tuple[int, int, str, str]]:
    """``(start, end, name, kind)`` of the organizations in a stretch of text: the gazetteer's, and
    NGO-shaped names from the model. A longer model name wins over a gazetteer name inside it
    ("Central Asian Media Defence Fund" over "Media Defence"). Found once per stretch and document."""
    key = ("organizations", start, end, acronyms)
    cached = doc.cache.get(key)
    if cached is None:
        cached = doc.cache[key] = _organizations_in(doc, start, end, acronyms)
    return list(cached)


_NEXT_WORD = re.compile(r"[ \t]+([A-Z][a-z]+)\b")


def _with_country(text: str, start: int, end: int, limit: int) -> tuple[int, int, str]:
    """An NGO-shaped name with the country that closes it: "Justice Access Network Zimbabwe"."""
    m = _NEXT_WORD.match(text, end, limit)
    if m and any(h.kind == "country" and h.end == len(m.group(1)) for h in lexicon.find_places(m.group(1))):
        end = m.end()
    return start, end, text[start:end]


def _organizations_in(doc: WorkDoc, start: int, end: int, acronyms: bool) -> list[tuple[int, int, str, str]]:
    text = doc.text
    defined = _defined_names(doc)
    if not _may_name_one(doc, start, end) and not (
            acronyms and any(text.find(acronym, start, end) >= 0 for acronym in _defined_acronyms(doc))) and not any(
            text.find(name, start, end) >= 0 for name in defined):
        return []  # most sentences: none of the words every step below starts from
    found = [(o.start, o.end, o.name, o.kind) for o in _gazetteer_in(doc, start, end)]
    spans = [(e.start, e.end, e.text) for e in _org_entities_in(doc, start, end)]
    if _has_literal_within(doc, _HEAD_LITERALS, start, end):
        spans += [_with_country(text, m.start(), m.end(), end) for m in _SHAPED.finditer(text, start, end)]
    for ent_start, ent_end, ent_text in sorted(spans, key=lambda x: (x[0], -(x[1] - x[0]))):
        ent = _Span(ent_start, ent_end, ent_text)
        name = clean_org_name(ent.text)
        if name.split()[0] in ("The", "A", "An", "In", "On", "But", "And"):
            name = clean_org_name(name.split(None, 1)[1]) if " " in name else name  # "But the X Network"
        if not ngo_like(name) or _NOT_THE_BODY_AFTER.match(text, ent.end, ent.end + 8):
            continue
        s = ent.start + max(0, ent.text.find(name))
        e = s + len(name)
        inside = [f for f in found if s <= f[0] and f[1] <= e]
        if any(f[0] < e and s < f[1] for f in found if f not in inside):
            continue
        # "Committee to Protect Journalists' Europe (and Central Asia program)": a desk of the known body
        # ("European Union's Special Representative for Human Rights" is an office of its own)
        desk = (any(_POSSESSIVE_AFTER.match(text, f[1], f[1] + 3) for f in inside) and not org_shaped(name)
                and not _UNIT.search(name))
        if inside and (len(inside) > 1 or " and " in name or any(f[1] == e for f in inside) or desk):
            # "Amnesty International and Human Rights Watch" are two; in "New York-based
            # Committee to Protect Journalists" the gazetteer's name is the whole name.
            continue
        found = [f for f in found if f not in inside] + [(s, e, name, "ngo")]
    # "the Paris-based group Women's Voice Iran": a name the text introduces as an NGO's
    for intro in _INTRODUCED.finditer(text, start, end) if _has_literal_within(doc, _INTRO_LITERALS, start, end) else ():
        name = intro.group("name").rstrip(".")
        s, e = intro.start("name"), intro.start("name") + len(name)
        # (one word is a name only after a rights body's noun, "the human rights centre Viasna": _defined_names)
        if not any(f[0] < e and s < f[1] for f in found) and not _STATE_WORDS.search(name) \
                and not _NOT_ACTORS.search(name) and len(name.split()) >= 2:
            found.append((s, e, name, "ngo"))
    # "The Qorgan rights centre", "The Dignidad collective": a name in capitals before a lower-case organization word
    for low in _LOWER_HEADED.finditer(text, start, end) if _has_literal_within(doc, _LOWER_HEADS, start, end) else ():
        name = low.group(1)
        s, e = low.start(1), low.end(1)
        if not any(f[0] < e and s < f[1] for f in found) and not _STATE_WORDS.search(name) \
                and not _NOT_ACTORS.search(name) and not _POSSESSIVE_AFTER.match(text, e):
            found.append((s, e, name, "ngo"))
    # "About Haki Dijitali Kenya: Haki Dijitali Kenya is a Nairobi-based non-profit organisation": a name the
    # text itself defines as an NGO's, wherever it stands
    for name in defined:
        for hit in re.finditer(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])", text[start:end]):
            s, e = start + hit.start(), start + hit.end()
            if not any(f[0] < e and s < f[1] for f in found):
                found.append((s, e, name, "ngo"))
    # "The Carthage Centre for Press Freedom (CCPF) ... The CCPF welcomes": an acronym the text defines
    for acronym, (name, kind) in (_defined_acronyms(doc) if acronyms else {}).items():
        if text.find(acronym, start, end) < 0:
            continue  # the common case, decided without compiling a pattern for the acronym
        for hit in re.finditer(rf"\b{re.escape(acronym)}\b", text[start:end]):
            s, e = start + hit.start(), start + hit.end()
            if not any(f[0] < e and s < f[1] for f in found) and doc.text[s - 1:s] != "(":
                found.append((s, e, name, kind))
    # "the U.S. Embassy in Baku", "the UN office in Geneva": the seat is part of the name, and so is
    # the country that closes a body's name ("National Union of Journalists of the Philippines").
    out = []
    for s, e, name, kind in sorted(found):
        is_acronym = text[s:e].isupper() and len(text[s:e]) <= 6  # "(OHCHR) in Guatemala": the name was before
        tail = None if is_acronym else _place_tail(text, e, end, office=bool(_OFFICE_NAME.search(name)))
        if tail is None and _OFFICE_NAME.search(name):
            m = _SEAT.match(doc.text, e)
            tail = m.end() if m else None
        if tail is not None:
            name = f"{name}{text[e:tail]}"
            e = tail
        out.append((s, e, name, kind))
    return out


_PLACE_LINK = re.compile(r" (in|of) (?:the )?(?=[A-Z])")
# What may follow the place that closes a name: punctuation, a parenthesized acronym, a verb in lower case
_AFTER_PLACE = re.compile(r"\s*(?:[,.;:(]|$)|\s+[a-z]")


def _place_tail(text: str, end: int, limit: int, office: bool) -> int | None:
    """The end of a known place that closes the name ending at ``end``: "of the Philippines", "of Kenya"
    after any body's name, "in Dar es Salaam", "in Guatemala" after an office's; None without one."""
    m = _PLACE_LINK.match(text, end, limit)
    if m is None or (m.group(1) == "in" and not office):
        return None
    at = m.start(1) + len(m.group(1)) + 1  # "the Philippines" is a place's name too
    hit = next((h for h in lexicon.find_places(text, at, min(limit, m.end() + 40)) if h.start in (at, m.end())), None)
    if hit is None or hit.kind not in (("country", "city") if m.group(1) == "in" else ("country",)):
        return None
    if not _AFTER_PLACE.match(text, hit.end, limit):
        return None  # "of Kenya's", "in Nairobi Central": the place is not the end of the name
    return hit.end


# The words every match of _SHAPED and of _INTRODUCED holds, case and all: a stretch without one of them
# needs neither scan (see _has_literal_within).
_HEAD_LITERALS = tuple(_HEADS[3:-1].replace("Cent(?:re|er)", "Centre|Center").split("|"))
_INTRO_LITERALS = ("group", "organisation", "organization", "NGO", "charity", "watchdog", "association")
assert all(w.isalpha() for w in _HEAD_LITERALS), "_HEADS must stay a plain list of words"


def _never_overlap(words: tuple[str, ...]) -> bool:
    """Whether no occurrence of one of ``words`` in any text can overlap another occurrence of one of them."""
    return not any((a != b and a in b) or any(a[-k:] == b[:k] for k in range(1, min(len(a), len(b))))
                   for a in words for b in words)


# The organization words in one scan instead of a str.find pass over the text per word (37 of them): an
# alternation of Title-case words lets re skip to the capitals that can open one. As no occurrence of one
# can overlap another, finditer's matches are every occurrence.
_HEAD_SCAN = re.compile("|".join(map(re.escape, _HEAD_LITERALS)))
assert _never_overlap(_HEAD_LITERALS)


def _literal_spans(doc: WorkDoc, literals: tuple[str, ...]) -> list[tuple[int, int]]:
    """Every occurrence of ``literals`` in the document, sorted (found once per document)."""
    key = ("org-literals", literals)
    hits: list[tuple[int, int]] | None = doc.cache.get(key)
    if hits is None and literals is _HEAD_LITERALS:
        hits = doc.cache[key] = [m.span() for m in _HEAD_SCAN.finditer(doc.text)]
    if hits is None:
        hits = []
        for literal in literals:
            at = doc.text.find(literal)
            while at >= 0:
                hits.append((at, at + len(literal)))
                at = doc.text.find(literal, at + 1)
        hits.sort()
        doc.cache[key] = hits
    return hits


def _has_literal_within(doc: WorkDoc, literals: tuple[str, ...], start: int, end: int) -> bool:
    """Whether one of ``literals`` lies wholly inside ``doc.text[start:end]`` (organizations_in is asked
    about every sentence)."""
    return span_within(_literal_spans(doc, literals), start, end)


def _may_name_one(doc: WorkDoc, start: int, end: int) -> bool:
    """Whether a gazetteer name, an ORG entity or a word that _SHAPED, _INTRODUCED or _LOWER_HEADED requires lies inside
    ``doc.text[start:end]``: without one, a stretch names no organization but by a defined acronym."""
    key = ("org-anything", len(doc.entities))
    spans: list[tuple[int, int]] | None = doc.cache.get(key)
    if spans is None:
        spans = [(h.start, h.end) for h in _gazetteer_in(doc, 0, len(doc.text))]
        spans += [(e.start, e.end) for e in _org_entities_in(doc, 0, len(doc.text))]
        spans += (_literal_spans(doc, _HEAD_LITERALS) + _literal_spans(doc, _INTRO_LITERALS)
                  + _literal_spans(doc, _LOWER_HEADS))
        spans.sort()
        doc.cache[key] = spans
    i = bisect.bisect_left(spans, (start, start))
    while i < len(spans) and spans[i][0] <= end:
        if spans[i][1] <= end:
            return True
        i += 1
    return False


def _gazetteer_in(doc: WorkDoc, start: int, end: int) -> list[lexicon.OrgHit]:
    """``lexicon.find_organizations(doc.text, start, end)`` from the whole text's hits, found once per
    document: they are sorted and do not overlap, so the hits inside a stretch are one slice of them."""
    key = ("org-gazetteer",)
    table = doc.cache.get(key)
    if table is None:
        hits = lexicon.find_organizations(doc.text)
        table = doc.cache[key] = (hits, [h.start for h in hits], [h.end for h in hits])
    hits, starts, ends = table
    i = bisect.bisect_left(starts, start)
    j = bisect.bisect_right(ends, end)
    return hits[i:j] if j > i else []


def _org_entities_in(doc: WorkDoc, start: int, end: int) -> list[Entity]:
    """``doc.entities_in(start, end, "ORG")`` by bisection over the document's ORG entities sorted by
    start (a stable sort: entities that start together keep their order, which the caller's sort keeps)."""
    key = ("org-entities", len(doc.entities))  # the NER adds entities before the rules read them
    table = doc.cache.get(key)
    if table is None:
        ents = sorted((e for e in doc.entities if e.label == "ORG"), key=lambda e: e.start)
        table = doc.cache[key] = (ents, [e.start for e in ents])
    ents, starts = table
    out = []
    for i in range(bisect.bisect_left(starts, start), len(ents)):
        ent = ents[i]
        if ent.start > end:
            break
        if ent.end <= end:
            out.append(ent)
    return out


_DEFINED_AS_NGO = re.compile(
    r"(?<![\w'’-])((?:[A-Z][\w'’-]*[^\S\n]+){1,5}[A-Z][\w'’-]*)[^\S\n]+is[^\S\n]+an?[^\S\n]+(?:[\w-]+[^\S\n]+){0,4}?"
    r"(?:non-?profit|not-for-profit|non-?governmental|human[^\S\n]+rights|rights|civil[^\S\n]+society|advocacy|"
    r"press[^\S\n]+freedom|media[^\S\n]+freedom|digital[^\S\n]+rights)[^\S\n]+"
    r"(?:organi[sz]ation|group|NGO|network|coalition|association|charity|watchdog)\b")


def _defined_names(doc: WorkDoc) -> tuple[str, ...]:
    """Names a text defines as an NGO's: "X is a Nairobi-based non-profit organisation that defends ...",
    the boilerplate that closes an organization's own statement, and "the human rights group X"."""
    key = ("defined_ngo_names",)
    if key not in doc.cache:
        names = []
        if " is a" in doc.text:  # the common case, decided without the regex
            for m in _DEFINED_AS_NGO.finditer(doc.text):
                name = _LEADING_THE.sub("", m.group(1))
                if (len(name.split()) >= 2 and not _STATE_WORDS.search(name) and not _NOT_ACTORS.search(name)
                        and name not in names):
                    names.append(name)
        if "rights " in doc.text:
            # "..., the Belarusian human rights group Abarona said. ... Abarona has recognized X as a political
            # prisoner": a name a rights body's noun introduced once is that body's wherever it stands
            for m in _INTRODUCED.finditer(doc.text):
                name = m.group("name").rstrip(".")
                if (m.group("kind") and "rights" in m.group("kind") and not _STATE_WORDS.search(name)
                        and not _NOT_ACTORS.search(name) and name not in names):
                    names.append(name)
        doc.cache[key] = tuple(names)
    return doc.cache[key]


def _defined_acronyms(doc: WorkDoc) -> dict[str, tuple[str, str]]:
    """Acronyms a text defines in parentheses after an organization's name and the gazetteer does not know."""
    key = ("defined_acronyms",)
    if key not in doc.cache:
        defined: dict[str, tuple[str, str]] = {}
        for m in re.finditer(r"\s\(([A-Z][A-Z&-]{1,7})\)", doc.text):
            acronym = m.group(1)
            if acronym in defined or lexicon.org_by_name(acronym) is not None:
                continue
            before = [o for o in organizations_in(doc, max(0, m.start() - 120), m.start(), acronyms=False)
                      if o[1] == m.start()]
            if before:
                defined[acronym] = (before[-1][2], before[-1][3])
        doc.cache[key] = defined
    return doc.cache[key]
