"""Advocacy: who (organization, speaker) said what (action) about which cases, with the quote."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from casewatch.core.types import DateValue
from casewatch.extract import dates as dates_mod
from casewatch.extract import lexicon
from casewatch.extract.components.orgs import ACTOR_KINDS, organizations_in
from casewatch.extract.context import WorkDoc
from casewatch.extract.rules import load

COMPONENT = "advocacy"
VERSION = "1"

_ADDRESSEE = re.compile(
    r"\b(?:calls?|called|calling|urg(?:e|es|ed|ing)|appeal(?:s|ed)?|ask(?:s|ed)?|invites?|requests?|told|tells|"
    r"with|to|from|by|of)\s+(?:on|upon|to)?\s*"
    r"(?:the\s+)?(?:[\w’'-]+\s+){0,12}$",
    re.I,
)
_ADDRESSEE_VERB = re.compile(r"\b(?:call(?:s|ed|ing)?\s+(?:on|upon)|urg(?:e|es|ed|ing)|appeal(?:s|ed)?\s+to|ask(?:s|ed)?)\b", re.I)
_SAID_BEFORE = re.compile(r"\b(?:said|says|according to|stated|added|wrote)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}$", re.I)
_SPEECH_AFTER = re.compile(r"\s*,?\s*(?:said|says|added|adds|told|stated|noted|wrote|declared|stressed|explained)\b", re.I)
_AFFILIATION = re.compile(
    r"['’]?s?\s+(?:contributor|correspondent|reporter|journalist|editor|staffer|employee|presenter|host|"
    r"freelancer|blogger|cameraman|photographer|director|founder)\b", re.I)
# The defendant's words, not the actor's: "who criticized", "in which he criticised", "jailed for criticising"
_RELATIVE_BEFORE = re.compile(
    r"\bwho\s+(?:\w+\s+)?$|\b(?:in\s+which|after|when|because|where)\s+(?:he|she|they|it)\s+(?:\w+\s+)?$|"
    r"\bfor\s+(?:\w+ly\s+)?$", re.I)
_DREW_FROM = re.compile(
    r"\b(?:drew|drawn|draws|drawing|sparked|sparking|prompted|prompting|triggered|triggering|attracted|provoked|"
    r"provoking)\s+(?:\w+\s+){0,2}(?:condemnation|criticism|outrage)\s+(?:from|by)\b", re.I)
_CONTINUED = re.compile(r"\b(?:he|she|it|they)\s+(?:said|says|added|adds|stated|wrote|noted|stressed|continued)\b|"
                        r"\b(?:said|added|stated|wrote|noted)\s+(?:he|she|it|they)\b", re.I)
# A joint statement goes on: "The organisations also urge...", "They call on..."
_PLURAL_ACTORS = re.compile(
    r"^\W*(?:(?:The|These|Both|All)\s+(?:\w+\s+){0,2}(?:organi[sz]ations|groups|NGOs|signatories|undersigned|"
    r"watchdogs|bodies|rights groups)\b|(?:They|We)\b)"
)
# Words with which an advocate's quoted statement condemns what was done.
_CONDEMNING = re.compile(
    r"\b(?:punish\w*|frighten\w*|travesty|injustice|unjust\w*|fabricat\w*|absurd|intimidat\w*|persecut\w*|"
    r"retaliat\w*|reprisal|harass\w*|crackdown|silenc\w*|outrage\w*|shameful|baseless|bogus|trumped-up|sham|"
    r"arbitrary|cruel\w*|politically motivated|not justice|no justice|send a message|deter\w*|chilling|"
    r"meant to (?:scare|silence|punish|intimidate))\b",
    re.I,
)


@dataclass(slots=True)
class RawAdvocacy:
    actor: str
    action: str
    start: int
    end: int
    persons: tuple[int, ...]
    speaker: str | None = None
    date: DateValue | None = None
    quote: tuple[int, int] | None = None


@cache
def _actions() -> list[tuple[str, re.Pattern[str]]]:
    rules = load("advocacy")["actions"]
    # one alternation per action: a dozen scans per sentence instead of one per rule
    return [(action, re.compile("|".join(f"(?:{p})" for p in pats), re.I)) for action, pats in rules.items()]


@cache
def _attribution() -> re.Pattern[str]:
    return re.compile(load("advocacy")["attribution"], re.I)


def _actors_in(doc: WorkDoc, start: int, end: int) -> list[tuple[int, int, str]]:
    """Organizations in a stretch of text that can voice advocacy, with their canonical names."""
    out: list[tuple[int, int, str]] = []
    for s, e, name, kind in organizations_in(doc, start, end):
        if kind in ACTOR_KINDS or (kind == "government" and not _is_domestic(doc, name)):
            e2, surface = _surface_name(doc.text, s, e, end, name)
            out.append((s, e2, surface))
    return out


_ROLE_WORD = (r"(?:Executive|Director|President|Chair(?:man|woman|person)?|Head|Secretary|Spokes(?:person|man|woman)|"
              r"Coordinator|Researcher|Deputy|Senior|Programme|Program|Regional|Chief|Editor|Founder|Member|Officer|"
              r"Analyst|Campaigner|Adviser|Advisor|Manager|Representative|Monday|Tuesday|Wednesday|Thursday|Friday|"
              r"Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|"
              r"December|On|In|At|The|This|That|But|And|After|Before|While|When)\b")
_CAPITALIZED_TAIL = re.compile(
    rf"(?:['’]s(?=\s+(?!{_ROLE_WORD})[A-Z]))?(?:\s+(?:of\s+|for\s+|on\s+)?(?!{_ROLE_WORD})[A-Z][a-z][\w’'-]*)+")
_MANDATE = re.compile(
    r"\s+(?:on|for|of)\s+(?:the\s+)?(?:situation\s+of\s+)?(?:[\w’'-]+\s+){0,7}?[\w’'-]+(?=\s*(?:,|\.|;|\(|\s(?:called|urged|said|says|has|have|had|asked|welcomed|condemned|expressed|demanded|was|is|also|in\s+a)\b))")
_OFFICE_WORDS = re.compile(r"\b(?i:rapporteur|group|mission|commissioner|committee|subcommittee|office|service|representative|"
                           r"envoy|expert|experts|commission|council|department|delegation)$")
# An office of a body, named in lower case after it: "the UN special rapporteur", "the European Union delegation"
_OFFICE_TAIL = re.compile(
    r"\s+(?:(?:special|independent)\s+rapporteur|working\s+group|(?:high\s+)?commissioner|delegation|"
    r"(?:fact-finding\s+)?mission|(?:human\s+rights\s+)?office|special\s+(?:envoy|representative))\b")
_SEAT = re.compile(r"\s+(?:in|to)\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?(?=\s*(?:,|\.|;|\(|\s[a-z]))")


def _surface_name(text: str, start: int, end: int, limit: int, canonical: str) -> tuple[int, str]:
    """The actor as the text names it: "UN Fact-Finding Mission on Venezuela" rather than "United Nations",
    "European Union's External Action Service", "UN Special Rapporteur on the situation of human rights in
    Belarus"; an acronym ("HRW") keeps the gazetteer's full name."""
    surface = text[start:end]
    tail = _CAPITALIZED_TAIL.match(text, end, limit) or _OFFICE_TAIL.match(text, end, limit)
    if surface.isupper() and len(surface) <= 6 and canonical != surface and not (tail and tail.group().strip()):
        return end, canonical
    if tail and tail.group().strip():
        end = tail.end()
        lower = _OFFICE_TAIL.match(text, end, limit)  # "European Union delegation", "UN Human Rights Office"
        if lower:
            end = lower.end()
    if _OFFICE_WORDS.search(text[start:end]):
        seat = _SEAT.match(text, end, limit)
        mandate = _MANDATE.match(text, end, limit)
        if seat and re.search(r"(?i:delegation|mission|office|embassy|consulate)$", text[start:end]):
            end = seat.end()  # "the EU delegation in Vietnam"
        elif mandate:
            end = mandate.end()
    name = re.sub(r"['’]s$", "", text[start:end]).strip()
    return end, name if len(name) >= len(surface) else canonical


def _is_domestic(doc: WorkDoc, name: str) -> bool:
    if doc.country is None:
        return False
    # "U.S. Embassy in Baku" is foreign however local its seat
    votes = lexicon.country_votes(re.sub(r" in (?:the )?[A-Z][\w ]+$", "", name))
    return doc.country in votes


def find_advocacy(doc: WorkDoc, defendants: set[int], dates: list[dates_mod.DatePhrase]) -> list[RawAdvocacy]:
    """Advocacy statements, one per actor and action (the first supporting sentence is kept)."""
    text = doc.text
    out: list[RawAdvocacy] = []
    seen: set[tuple[str, str]] = set()
    last_actor: tuple[list[tuple[int, int, str]], str | None, int] | None = None
    for idx, (s_start, s_end) in enumerate(doc.sentences):
        sentence = text[s_start:s_end]
        actors = _actors_in(doc, s_start, s_end)
        has_speaker = any(len(m.persons) == 1 and doc.persons[m.persons[0]].org for m in doc.mentions_in(s_start, s_end))
        if not actors and not has_speaker and (last_actor is None or idx - last_actor[2] > 4):
            continue  # nobody here or just before who could be speaking: no statement to read
        actions = []
        for action, pattern in _actions():
            m = pattern.search(text, s_start, s_end)
            if m:
                actions.append((action, m.start(), m.end()))
        speaker: str | None = None
        speaker_actor: tuple[int, int, str] | None = None
        for mention in doc.mentions_in(s_start, s_end):
            if len(mention.persons) != 1:
                continue
            person = doc.persons[mention.persons[0]]
            if person.org and (mention.kind == "name" or mention.kind == "pronoun"):
                if _ADDRESSEE.search(text, max(s_start, mention.start - 40), mention.start):
                    continue  # "IRFS calls on Commissioner X": X is asked, not speaking
                speaker = person.name
                speaker_actor = (mention.start, mention.end, person.org)
                actors = [a for a in actors if a[2] != person.org] + [speaker_actor]
                break
        # "RFE/RL contributor X": an affiliation, not a speaker
        actors = [a for a in actors if not _AFFILIATION.match(text, a[1])]
        # "who criticized the government": someone else's words
        actions = [a for a in actions if not _RELATIVE_BEFORE.search(text, max(s_start, a[1] - 25), a[1])]
        drew = _DREW_FROM.search(text, s_start, s_end)
        if drew is not None:
            after_actors = [a for a in actors if a[0] >= drew.end() and a[0] - drew.end() < 80]
            if after_actors:
                actions.append(("condemn", drew.start(), drew.end()))
        first_action = min((a[1] for a in actions), default=s_end)
        addressed = _ADDRESSEE_VERB.search(text, s_start, s_end)
        if addressed is not None:
            # Everyone named after "calls on" is asked, not asking.
            actors = [a for a in actors if a[0] < addressed.start()]
            if speaker_actor is not None and speaker_actor[0] > addressed.start():
                speaker_actor, speaker = None, None
        subjects = [a for a in actors if a[0] < first_action and not _ADDRESSEE.search(text, max(s_start, a[0] - 40), a[0])]
        if not subjects:
            # The actor after its words: "..., said Amnesty International", "according to HRW".
            subjects = [a for a in actors if _SAID_BEFORE.search(text, max(s_start, a[0] - 30), a[0])]
        if not subjects and drew is not None:
            subjects = [a for a in actors if a[0] >= drew.end() and a[0] - drew.end() < 80]
        if not subjects and speaker_actor is not None and (
            _SPEECH_AFTER.match(text, speaker_actor[1])
            or _SAID_BEFORE.search(text, max(s_start, speaker_actor[0] - 20), speaker_actor[0])
        ):
            subjects = [speaker_actor]  # '"...," Turner added', '"...," said Nino Lomidze, a lawyer with GYLA
        if subjects:
            last_actor = (subjects, speaker, idx)
        elif last_actor and not actors and (
            (idx - last_actor[2] <= 2 and (_CONTINUED.search(sentence) or sentence.lstrip()[:1] in "\"“'‘"))
            or (idx - last_actor[2] <= 4 and len(last_actor[0]) > 1 and _PLURAL_ACTORS.search(sentence))
        ):
            # A statement that goes on over several sentences: "..., he said."
            subjects, speaker = last_actor[0], last_actor[1]
        if not actions and subjects and speaker_actor is not None and _quote(text, s_start, s_end):
            # An advocate's own words that condemn without the verb: "This is not justice," said X.
            quoted = _quote(text, s_start, s_end)
            m = _CONDEMNING.search(text, quoted[0], quoted[1]) if quoted else None
            if m:
                actions = [("condemn", m.start(), m.end())]
        if not actions or not subjects:
            continue
        persons = _cases_named(doc, s_start, s_end, defendants)
        quote = _quote(text, s_start, s_end)
        sent_dates = [d for d in dates if s_start <= d.start and d.end <= s_end]
        date = dates_mod.resolve_date(sent_dates[0], doc.anchor) if sent_dates else None
        for action, a_start, a_end in actions:
            for _, _, actor in subjects:
                key = (_actor_key(actor), action)
                if key in seen:
                    continue
                seen.add(key)
                out.append(RawAdvocacy(actor, action, a_start, a_end, persons, speaker, date, quote))
    return out


def _actor_key(name: str) -> str:
    hit = lexicon.org_by_name(name)
    canonical = hit.name if hit is not None else name
    return re.sub(r"\W+", " ", canonical.lower()).strip()


def _cases_named(doc: WorkDoc, start: int, end: int, defendants: set[int]) -> tuple[int, ...]:
    named: list[int] = []
    for mention in doc.mentions_in(start, end):
        for idx in mention.persons:
            if idx in defendants and idx not in named:
                named.append(idx)
    return tuple(named) if named else tuple(sorted(defendants))


def _quote(text: str, start: int, end: int) -> tuple[int, int] | None:
    m = re.search(r"[\"“]([^\"“”]{12,})[\"”]", text[start:end])
    if not m:
        return None
    return start + m.start(1), start + m.end(1)
