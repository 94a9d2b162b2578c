"""Organizations that can speak for a case: the gazetteer's, and names shaped like an NGO's."""

from __future__ import annotations

import re
from collections.abc import Iterator

from casewatch.extract import lexicon
from casewatch.extract.context import WorkDoc

ACTOR_KINDS = ("ngo", "international_body", "media", "other")

_NGO_WORDS = re.compile(
    r"\b(?:Watch|Committee|Institute|Foundation|Association|Union|Federation|Cent(?:er|re)|Network|Coalition|Society|"
    r"Initiative|Movement|Board|Commission|Parliament|Reporters|Journalists|Rights|Amnesty|PEN|Defenders|Alliance|"
    r"League|Council|Assembly|Helsinki|Freedom|Memorial|Campaign|Group|Forum|Organi[sz]ation|Project|Fund|"
    r"Monitor|Observatory|Guild|Syndicate|Club|Solidarity|Collective|Consortium|Partnership|Caucus|Clinic)\b"
)
_STATE_WORDS = re.compile(
    r"\b(?:Ministry|Prosecutor|Police|Court|Government|Administration|Security Service|Interior|Presidential|"
    r"Parliament of|Investigative Committee|Procuracy|Prosecutor-General|Militia|Army|Armed Forces|Tax|Customs)\b"
)
_NOT_ACTORS = re.compile(
    r"\b(?:Convention|Covenant|Charter|Declaration|Law|Act|Code|Constitution|Index|index|Treaty|Protocol|Day)\b"
)


_UNIT = re.compile(r"['’]s?\s.*\b(?:Service|Office|Department|Ministry|Committee|Subcommittee|Commission|Mission|"
                   r"Delegation|Bureau|Division|Directorate|Council|Secretariat|Parliament|Assembly|Agency|Rapporteur|"
                   r"Envoy|Commissioner|Representative|Court)\b")


class _Span:
    __slots__ = ("start", "end", "text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end, self.text = start, end, text


def clean_org_name(text: str) -> str:
    """An organization's name without a leading article or a trailing possessive."""
    name = re.sub(r"^(?:the|The)\s+", "", text.strip())
    name = re.sub(r"^[A-Z][\w.]*(?:\s[A-Z][\w.]*)?-based\s+", "", name)  # "Almaty-based Steppe Rights Monitor"
    return re.sub(r"['’]s$", "", name).strip()


def could_name_ngo(sentence: str) -> bool:
    """Whether a sentence has a word that :func:`ngo_like` requires of an organization's name; the
    model's ORG entities count only when NGO-like, so elsewhere the extractor need not run it."""
    return bool(_NGO_WORDS.search(sentence))


def ngo_words(sentence: str) -> Iterator[re.Match[str]]:
    """The words of a sentence that :func:`could_name_ngo` looks for."""
    return _NGO_WORDS.finditer(sentence)


def ngo_like(name: str) -> bool:
    """Whether a name the gazetteer does not know reads as a civil-society organization's."""
    return (len(name) > 3 and bool(_NGO_WORDS.search(name)) and not _STATE_WORDS.search(name)
            and not _NOT_ACTORS.search(name))


_HEADS = (r"(?:Watch|Committee|Network|Fund|Monitor|Association|Foundation|Institute|Initiative|Cent(?:re|er)|"
          r"Coalition|Union|Society|Group|Council|Alliance|League|Federation|Observatory|Guild|Forum|Movement|"
          r"Platform|Project|Campaign|Defenders|Solidarity|Collective|Syndicate|Consortium|Partnership|Trust|"
          r"Caucus|Clinic|Front|Bloc)")
# A name the model misses: capitalized words ending in an organization word ("Ural Civic Watch").
_SHAPED = re.compile(
    rf"\b(?:[A-Z][\w'’.-]*\s+(?:(?:of|for|on|and|the|in)\s+)*){{1,6}}{_HEADS}"
    rf"(?:\s+(?:for|on|of|to)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s?){{1,4}})?\b"
)


_SEAT = re.compile(r" in (?:the )?[A-Z][a-z]+(?: [A-Z][a-z]+)?")
_INTRODUCED = re.compile(
    r"\b(?:(?:rights|human\s+rights|advocacy|campaign|monitoring|press\s+freedom|diaspora|exile)\s+)?"
    r"(?:group|organi[sz]ation|NGO|charity|watchdog)\s+((?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){0,5})")


def org_shaped(name: str) -> bool:
    """Whether a capitalized name ends in an organization word ("Vietnam Prisoners Monitor")."""
    return bool(re.search(rf"\b{_HEADS}$", name.strip()))


def organizations_in(doc: WorkDoc, start: int, end: int, acronyms: bool = True) -> list[tuple[int, int, str, str]]:
    """``(start, end, name, kind)`` of the organizations in a stretch of text: the gazetteer's, and
    NGO-shaped names from the model. A longer model name wins over a gazetteer name inside it
    ("Central Asian Media Defence Fund" over "Media Defence"). Found once per stretch and document."""
    key = ("organizations", start, end, acronyms)
    cached = doc.cache.get(key)
    if cached is None:
        cached = doc.cache[key] = _organizations_in(doc, start, end, acronyms)
    return list(cached)


def _organizations_in(doc: WorkDoc, start: int, end: int, acronyms: bool) -> list[tuple[int, int, str, str]]:
    found = [(o.start, o.end, o.name, o.kind) for o in lexicon.find_organizations(doc.text, start, end)]
    spans = [(e.start, e.end, e.text) for e in doc.entities_in(start, end, "ORG")]
    spans += [(m.start(), m.end(), m.group()) for m in _SHAPED.finditer(doc.text, start, end)]
    for ent_start, ent_end, ent_text in sorted(spans, key=lambda x: (x[0], -(x[1] - x[0]))):
        ent = _Span(ent_start, ent_end, ent_text)
        name = clean_org_name(ent.text)
        if name.split()[0] in ("The", "A", "An", "In", "On", "But", "And"):
            name = name.split(None, 1)[1] if " " in name else name
        if not ngo_like(name) or re.match(r"\s+(?:index|Index|ranking|report|Report|Day|Prize|Award)\b",
                                          doc.text[ent.end:ent.end + 8]):
            continue
        s = ent.start + max(0, ent.text.find(name))
        e = s + len(name)
        inside = [f for f in found if s <= f[0] and f[1] <= e]
        if any(f[0] < e and s < f[1] for f in found if f not in inside):
            continue
        # "Committee to Protect Journalists' Europe (and Central Asia program)": a desk of the known body
        # ("European Union's Special Representative for Human Rights" is an office of its own)
        desk = (any(re.match(r"['’]s?\s", doc.text[f[1]:f[1] + 3]) for f in inside) and not org_shaped(name)
                and not _UNIT.search(name))
        if inside and (len(inside) > 1 or " and " in name or any(f[1] == e for f in inside) or desk):
            # "Amnesty International and Human Rights Watch" are two; in "New York-based
            # Committee to Protect Journalists" the gazetteer's name is the whole name.
            continue
        found = [f for f in found if f not in inside] + [(s, e, name, "ngo")]
    # "the Paris-based group Women's Voice Iran": a name the text introduces as an NGO's
    for intro in _INTRODUCED.finditer(doc.text, start, end):
        name = intro.group(1).rstrip(".")
        s, e = intro.start(1), intro.start(1) + len(name)
        if not any(f[0] < e and s < f[1] for f in found) and not _STATE_WORDS.search(name) \
                and not _NOT_ACTORS.search(name) and len(name.split()) >= 2:
            found.append((s, e, name, "ngo"))
    # "The Carthage Centre for Press Freedom (CCPF) ... The CCPF welcomes": an acronym the text defines
    for acronym, (name, kind) in (_defined_acronyms(doc) if acronyms else {}).items():
        for hit in re.finditer(rf"\b{re.escape(acronym)}\b", doc.text[start:end]):
            s, e = start + hit.start(), start + hit.end()
            if not any(f[0] < e and s < f[1] for f in found) and doc.text[s - 1:s] != "(":
                found.append((s, e, name, kind))
    # "the U.S. Embassy in Baku", "the UN office in Geneva": the seat is part of the name.
    out = []
    for s, e, name, kind in sorted(found):
        m = _SEAT.match(doc.text, e)
        if m and re.search(r"\b(?:Embassy|Office|Mission|Delegation|Consulate|Bureau)\b", name):
            e = m.end()
            name = f"{name}{m.group()}"
        out.append((s, e, name, kind))
    return out


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
