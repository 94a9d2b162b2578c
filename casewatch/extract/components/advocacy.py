"""Advocacy: who (organization, speaker) said what (action) about which cases, with the quote."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from casewatch.core.types import DateValue
from casewatch.extract import dates as dates_mod
from casewatch.extract import lexicon
from casewatch.extract.components.orgs import ACTOR_KINDS, organizations_in
from casewatch.extract.context import PersonMention, WorkDoc
from casewatch.extract.prefilter import GateSet, LiteralGate, folded_text, folded_twin_of
from casewatch.extract.rules import load

COMPONENT = "advocacy"
VERSION = "1"

_ADDRESSEE = re.compile(
    r"\b(?:calls?|called|calling|urg(?:e|es|ed|ing)|appeal(?:s|ed)?|ask(?:s|ed)?|invites?|requests?|told|tells|"
    r"with|to|from|by|of)\s+(?:on|upon|to)?\s*"
    r"(?:the\s+)?(?:[\w’'-]+\s+){0,12}$",
    re.I,
)
# "A (Nyando) and B of the Y said", "Director of the Y": the people speak for Y, Y is not asked
# ("the office of the OSCE Representative on Freedom of the Media voiced alarm": the office speaks for it)
# (... and "the political prisoners support project of Memorial recognized him": a unit of the body speaks for it)
_MEMBER_OF = re.compile(r"(?:\b[A-Z][\w’'-]+|\([^()]{1,30}\)|\b(?:office|secretariat|bureau|project|programme|program|"
                        r"unit|desk|branch|chapter|division|team|wing))\s+(?:of|from|at)\s+(?:the\s+)?$")
_COORDINATED = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?")
_AFTER_ITS_WORDS = re.compile(r"[,”\"]\s*(?:the\s+)?$")
_SAID_AFTER = re.compile(r"\s+(?:(?:also|has|have)\s+)?(?:said|says|stated|wrote|added|noted|warned|argued|insisted)\b")
_DECIDED = re.compile(
    r"\b(?:decision|decided|decides|ruling|ruled|ordered|agreed)\b"
    r"(?:(?!\b(?:call|calls|called|urg|ask|demand|appeal|press)\w*\b)[^.;]){0,60}?\bto\s+$", re.I)
_ADDRESSEE_VERB = re.compile(r"\b(?:call(?:s|ed|ing)?\s+(?:on|upon)|urg(?:e|es|ed|ing)|appeal(?:s|ed)?\s+to|ask(?:s|ed)?)\b", re.I)
_SAID_BEFORE = re.compile(r"\b(?:said|says|according to|stated|added|wrote)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}$", re.I)
# '"...," X said', '"...," X, head of the association, told reporters'
_SPEECH_AFTER = re.compile(r"(?:\s*,\s*[^,.“”\"]{1,80}?,)?\s*,?\s*(?:said|says|added|adds|told|stated|noted|wrote|declared|"
                           r"stressed|explained)\b", re.I)
_AFFILIATION = re.compile(
    r"['’]?s?\s+(?:contributor|correspondent|reporter|journalist|editor|staffer|employee|presenter|host|"
    r"freelancer|blogger|cameraman|photographer|director|founder|lawmakers?|legislators?|MPs?|deputy|deputies|"
    r"members?|activists?|politicians?|candidates?|supporters?)\b", re.I)
# The defendant's words, not the actor's: "who criticized", "in which he criticised", "jailed for criticising"
_RELATIVE_BEFORE = re.compile(
    r"\bwho\s+(?:\w+\s+)?$|\b(?:in\s+which|after|when|because|where)\s+(?:he|she|they|it)\s+(?:\w+\s+)?$|"
    r"\bfor\s+(?:\w+ly\s+)?$", re.I)
_DREW_FROM = re.compile(
    r"\b(?:drew|drawn|draws|drawing|sparked|sparking|prompted|prompting|triggered|triggering|attracted|provoked|"
    r"provoking)\s+(?:\w+\s+){0,2}(?:condemnation|criticism|outrage)\s+(?:from|by)\b", re.I)
# ... and "It urged the President to ...": the body of the sentence before, by its pronoun, at the sentence's start
_CONTINUED = re.compile(r"\b(?:he|she|it|they)\s+(?:said|says|added|adds|stated|wrote|noted|stressed|continued)\b|"
                        r"^\W*It\s+(?:also\s+)?(?:urged|urges|called|calls|demanded|demands|asked|asks|appealed|"
                        r"welcomed|welcomes|condemned|condemns)\b|"
                        r"\b(?:said|added|stated|wrote|noted)\s+(?:he|she|it|they)\b", re.I)
# A joint statement goes on: "The organisations also urge...", "They call on..."
_PLURAL_ACTORS = re.compile(
    r"^\W*(?:(?:The|These|Both|All)\s+(?:\w+\s+){0,2}(?:organi[sz]ations|groups|NGOs|signatories|undersigned|"
    r"watchdogs|bodies|rights groups)\b|Our\s+(?:\w+\s+)?(?:organi[sz]ations|groups)\b|(?:They|We)\b)"
)
# ... or one organization, named again by what it is: "The group called for her release", "The watchdog said"
_SINGULAR_ACTOR = re.compile(
    r"^\W*(?:(?:In|On|At)\s[^,.;\"“]{1,40},\s*)?(?:[Tt]he|This|That)\s+(?:[\w-]+\s+)?(?:group|organi[sz]ation|watchdog|"
    r"NGO|charity|monitor|body|cent(?:re|er)|society|bar|"
    r"network|coalition|foundation|committee|association|union|federation|alliance|league|institute|rapporteur|"
    r"front|movement|platform|collective|forum|observatory|council|guild|syndicate|initiative|"
    r"expert|office|mission|commission|ministry|department|embassy|delegation)\s+(?:(?:also|has|have|had|further|"
    r"then|later|again|repeatedly)\s+)*(?:call|urg|said|says|demand|condemn|denounc|welcom|express|ask|appeal|press|"
    r"describ|recogni[sz]|consider|add|note|warn|stat|insist|stress|criticis|criticiz|deplor)\w*\b")
# "call on the authorities to:\n- release X ...;\n- ensure ...": the demands of the sentence before, listed
_BULLET = re.compile(r"\s*[-–•*]\s+[a-zA-Z]")  # "- the police to ...", "- IPOA to investigate ..."
# (the lookbehind after the opening '"' rather than before it: each branch then starts with its quote mark,
# which lets the re module skip to the quote marks instead of trying every position)
_QUOTED = re.compile(r"“([^“”\n]{12,}?)”|\"(?<![\w]\")([^\"\n]{12,}?)\"")
_SPEECH_BEFORE_NAME = re.compile(r"\s*,?\s*(?:said|says|added|adds|told\s+\w+|stated|noted|wrote|continued|stressed)\s+",
                                 re.I)
_FIRST_PERSON = re.compile(r"(?<![\"“‘'])\b(?:We|we|Our\s+Office|our\s+office)\b")
# The same words without the test of the character before them, which _says_we makes: a pattern that
# starts with its letters lets the re module skip to them instead of trying every position.
_WE_WORDS = re.compile(r"(?:We|we|Our\s+Office|our\s+office)\b")
_NOT_BEFORE_WE = frozenset("\"“‘'")


def _says_we(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``_FIRST_PERSON.search(text, start, end)`` finds a match."""
    end = len(text) if end is None else end
    m = _WE_WORDS.search(text, start, end)
    while m is not None:
        at = m.start()
        before = text[at - 1] if at > 0 else ""  # \b and the lookbehind see before ``start`` too
        if not (before.isalnum() or before == "_" or before in _NOT_BEFORE_WE):
            return True
        m = _WE_WORDS.search(text, at + 1, end)
    return False
# How a document's header names the organization it speaks for.
_AUTHOR_CUE = re.compile(
    r"\b(?:(?:joint\s+|public\s+|press\s+)?statement|press\s+release|briefing\s+note|declaration|open\s+letter)\s+"
    r"(?:by|from|of)\s+(?:the\s+)?$|\b(?:spokes(?:person|man|woman)|press\s+secretary)\s+(?:for|of)\s+(?:the\s+)?$",
    re.I)
# Words with which an advocate's quoted statement condemns what was done.
_CONDEMNING = re.compile(
    r"\b(?:punish\w*|frighten\w*|travesty|injustice|unjust\w*|fabricat\w*|absurd|intimidat\w*|persecut\w*|"
    r"retaliat\w*|reprisal|harass\w*|crackdown|repress\w*|"
    # "to silence critics", not "every day of silence from the authorities" (a silence kept, not imposed)
    r"silenc(?:ing|ed|es)\w*|silence(?!\s+(?:from|of|on|over|about|in|at|since|is|was|has)\b)|outrage\w*|shameful|baseless|bogus|trumped-up|sham|"
    r"arbitrary|cruel\w*|politically motivated|not justice|no justice|send a message|deter\w*|chilling|"
    r"meant to (?:scare|silence|punish|intimidate)|(?:has|have|had) become a crime|criminali[sz]\w*)\b",
    re.I,
)

# Literals every match of a pattern holds (see prefilter): a sentence without one is not scanned.
_CONTINUED_GATE = LiteralGate([_CONTINUED.pattern])


class _Twin:
    """A case-insensitive pattern and, where prefilter.FoldedSearch can make one, its case-sensitive twin
    run over the document's folded text: the same spans (folding keeps every character's length and
    class), several times faster. Only for the searches whose caller reads no more than the span."""

    __slots__ = ("_rx", "flags", "sensitive", "source")

    def __init__(self, source: str, flags: int = re.I) -> None:
        self.source, self.flags = source, flags
        self.sensitive = folded_twin_of(source, flags)
        # The case-insensitive pattern serves only a text that does not fold: compiled then.
        self._rx: re.Pattern[str] | None = None

    @property
    def rx(self) -> re.Pattern[str]:
        if self._rx is None:
            self._rx = re.compile(self.source, self.flags)
        return self._rx

    def search(self, text: str, folded: str | None, start: int, end: int) -> re.Match[str] | None:
        if self.sensitive is not None and folded is not None:
            return self.sensitive.search(folded, start, end)
        return self.rx.search(text, start, end)


_ADDRESSEE_TWIN = _Twin(_ADDRESSEE.pattern, _ADDRESSEE.flags)
_RELATIVE_BEFORE_TWIN = _Twin(_RELATIVE_BEFORE.pattern, _RELATIVE_BEFORE.flags)
_DECIDED_TWIN = _Twin(_DECIDED.pattern, _DECIDED.flags)
_DREW_FROM_TWIN = _Twin(_DREW_FROM.pattern, _DREW_FROM.flags)
_ADDRESSEE_VERB_TWIN = _Twin(_ADDRESSEE_VERB.pattern, _ADDRESSEE_VERB.flags)
_SAID_BEFORE_TWIN = _Twin(_SAID_BEFORE.pattern, _SAID_BEFORE.flags)


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
    sentence: tuple[int, int] | None = None  # the words that support it (the headline is one too)


@cache
def _actions() -> list[tuple[str, str]]:
    """Each action and the source of its case-insensitive alternation (compiled by its _Twin, where used)."""
    rules = load("advocacy")["actions"]
    # one alternation per action: a dozen scans per sentence instead of one per rule
    return [(action, "|".join(f"(?:{p})" for p in pats)) for action, pats in rules.items()]


@cache
def _action_gates() -> list[tuple[str, str, LiteralGate]]:
    """Each action's alternation with a gate of literals derived from its patterns (see prefilter)."""
    rules = load("advocacy")["actions"]
    return [(action, source, LiteralGate(rules[action])) for action, source in _actions()]


@cache
def _action_twins() -> list[_Twin]:
    return [_Twin(source) for _, source, _ in _action_gates()]


@cache
def _action_gate_set() -> GateSet:
    return GateSet(gate for *_, gate in _action_gates())


@cache
def _attribution() -> re.Pattern[str]:
    return re.compile(load("advocacy")["attribution"], re.I)


def _actors_in(doc: WorkDoc, start: int, end: int) -> list[tuple[int, int, str]]:
    """Organizations in a stretch of text that can voice advocacy, with their canonical names."""
    out: list[tuple[int, int, str]] = []
    for s, e, name, kind in organizations_in(doc, start, end):
        if out and _ACRONYM_AFTER_NAME.fullmatch(doc.text, out[-1][1], s) and doc.text[e:e + 1] == ")":
            continue  # "The Office of ... in Guatemala (OHCHR)": the acronym of the name before, not a second actor
        if kind in ACTOR_KINDS or (kind == "government" and not _is_domestic(doc, name)):
            if s < doc.title_end and end <= doc.title_end:
                out.append((s, e, name))  # a title-case headline runs on: "Amnesty International Condemns ..."
                continue
            e2, surface = _surface_name(doc.text, s, e, end, name)
            owner = _COUNTRY_POSSESSIVE.search(doc.text, max(start, s - 30), s) if kind == "government" else None
            if owner is None and kind == "government":
                owner = _COUNTRY_PREFIX.search(doc.text, max(start, s - 20), s)
            if owner is not None and lexicon.country_votes(owner.group(1)):
                s, surface = owner.start(), f"{doc.text[owner.start():s]}{surface}"  # "Britain's Foreign Office"
            out.append((s, e2, surface))
    return out


_ACRONYM_AFTER_NAME = re.compile(r"\s*\(")

# A foreign government's office named with its country: "Britain's Foreign Office", "France's foreign ministry"
_COUNTRY_POSSESSIVE = re.compile(r"\b((?:(?!The\b)[A-Z][\w.]*\s)?[A-Z][\w.]*)['’]s\s+$")
# ... or with its country's name, code or adjective before it: "the UK Foreign, Commonwealth and Development
# Office" (one word: "Yesterday UK ..." is no country)
_COUNTRY_PREFIX = re.compile(r"(?<![\w.’'-])((?!The\b)[A-Z][\w.]*)[^\S\n]+$")
_ROLE_WORD = (r"(?:Executive|Director|President|Chair(?:man|woman|person)?|Head|Secretary|Spokes(?:person|man|woman)|"
              r"Coordinator|Researcher|Deputy|Senior|Programme|Program|Regional|Chief|Editor|Founder|Member|Officer|"
              r"Analyst|Campaigner|Adviser|Advisor|Manager|Representative|Monday|Tuesday|Wednesday|Thursday|Friday|"
              r"Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|"
              r"December|On|In|At|The|This|That|But|And|After|Before|While|When)\b")
_CAPITALIZED_TAIL = re.compile(
    rf"(?:['’]s(?=\s+(?!{_ROLE_WORD})[A-Z]))?(?:\s+(?:of\s+|for\s+|on\s+)?(?!{_ROLE_WORD})[A-Z][a-z][\w’'-]*)+")
# A mandate runs to the verb of its statement, a punctuation mark, or the next office named with it:
# "the UN Special Rapporteur on freedom of opinion and expression called ...", "... in Cambodia described ...",
# "... defenders and the UN Special Rapporteur on ..."
_STATEMENT_VERB = (
    r"(?:called|calls|urged|urges|said|says|has|have|had|asked|asks|welcomed|welcomes|condemned|condemns|expressed|"
    r"expresses|demanded|demands|was|is|also|described|describes|voiced|raised|noted|warned|stated|critici[sz]ed|"
    r"denounced|denounces|deplored|deplores|told|wrote|issued|added|appealed|pressed|reiterated|stressed|sent|"
    r"will|would|last|earlier|in\s+a|(?:on|in)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)|who|which|that)\b")
_MANDATE = re.compile(
    r"\s+(?:on|for|of)\s+(?:the\s+)?(?:situation\s+of\s+)?(?:[\w’'-]+\s+){0,11}?[\w’'-]+"
    r"(?=\s*(?:,|\.|;|\(|:|\s(?:and\s+(?:the\s+)?(?:UN|U\.N\.|United\s+Nations|OSCE|EU|European|Special|Working|"
    rf"Independent)\b|(?:today|yesterday|also|again|recently|this\s+week)\b|{_STATEMENT_VERB})))")
# What ends the name of a unit of a body named with its possessive: "European Union's External Action Service"
_UNIT_END = re.compile(r"\b(?:Service|Office|Department|Ministry|Committee|Commission|Mission|Delegation|Bureau|"
                       r"Division|Directorate|Directorate-General|Council|Secretariat|Parliament|Assembly|Agency|"
                       r"Rapporteur|Envoy|Commissioner|Representative|Court)$")
_OFFICE_WORDS = re.compile(r"\b(?i:rapporteur|group|mission|commissioner|committee|subcommittee|office|service|representative|"
                           r"envoy|expert|experts|commission|council|department|delegation|ambassador)$")
# An office of a body, named in lower case after it: "the UN special rapporteur", "the European Union delegation"
_OFFICE_TAIL = re.compile(  # ("the European Union's delegation to Egypt": its possessive too)
    r"(?:['’]s)?\s+(?:(?:special|independent)\s+rapporteur|working\s+group|(?:high\s+)?commissioner|delegation|"
    r"(?:fact-finding\s+)?mission|(?:human\s+rights\s+)?office|special\s+(?:envoy|representative))\b")
_REGION_DESK = re.compile(r"\s+(?:(?:Sub-Saharan|East|West|Southern|Central|North|South|Eastern|Western|Latin|and)\s+)*"
                          r"(?:Africa|Asia|Europe|Middle\s+East|Americas|MENA|Eurasia|Caucasus|Asia[- ]Pacific|America)"
                          r"(?:\s+and\s+(?:Central\s+|North\s+)?(?:Asia|Africa|Europe))?")
_DESK_TITLE = re.compile(r"\s+(?:Program|Programme|Director|Deputy\s+Director|Coordinator|Researcher|Representative|Desk|"
                         r"Division|Bureau|Regional\s+Director|Head|Chief)\b")
_SEAT = re.compile(r"\s+(?:in|to)\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?(?=\s*(?:,|\.|;|\(|\s[a-z]))")


_DATED_NOUN = re.compile(r"\b(?:strikes?|hearings?|trial|session|rally|protests?|march|vigil|gathering|sit-in|meeting)"
                         r"(?:\s+(?:of|by|for)\s+[\w-]+(?:\s+[\w-]+)?)?\s+(?:on|for|set\s+for|scheduled\s+for)\s+$", re.I)


def _surface_name(text: str, start: int, end: int, limit: int, canonical: str) -> tuple[int, str]:
    """The actor as the text names it: "UN Fact-Finding Mission on Venezuela" rather than "United Nations",
    "European Union's External Action Service", "UN Special Rapporteur on the situation of human rights in
    Belarus"; an acronym ("HRW") keeps the gazetteer's full name."""
    surface = text[start:end]
    tail = _CAPITALIZED_TAIL.match(text, end, limit)
    if tail and tail.group()[:1] in "'’" and not _UNIT_END.search(tail.group()):
        tail = None  # "CPJ's Europe and Central Asia program coordinator": a desk of the body, not a body
    if tail and _REGION_DESK.fullmatch(tail.group()) and _DESK_TITLE.match(text, tail.end()):
        tail = None  # "CPJ Africa Program Coordinator X", "HRW Middle East Director X": a desk's title, not a body
    tail = tail or _OFFICE_TAIL.match(text, end, limit)
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
        if seat and re.search(r"(?i:delegation|mission|office|embassy|consulate|ambassador)$", text[start:end]):
            end = seat.end()  # "the EU delegation in Vietnam", "the EU Ambassador to Georgia"
        elif mandate:
            end = mandate.end()
    name = re.sub(r"['’]s$", "", text[start:end]).strip()
    if name.casefold() == canonical.casefold():
        return end, canonical  # "Licadho" is the gazetteer's "LICADHO", however a report cases it
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
    # a quotation that a statement opened and that runs on past its sentence: (its end, subjects, speaker)
    carried: tuple[int, list[tuple[int, int, str]], str | None] | None = None
    sentences = _headline(doc) + doc.sentences
    quotes = _quote_spans(text)
    quote_ends = [q_end for _, q_end in quotes]
    quoted_by = _quote_speakers(doc, sentences, quotes)
    author = _author(doc)
    fullest: dict[str, str] = {}  # the longest name the text gives each actor: "Viasna Human Rights Centre"
    history: list[tuple[int, int, str]] = []  # every actor named so far, in order
    mentions = _mentions_by_sentence(doc, sentences)
    folded = folded_text(doc)
    twins = _action_twins()
    for idx, (s_start, s_end) in enumerate(sentences):
        sentence = text[s_start:s_end]
        actors = _actors_in(doc, s_start, s_end)
        for _, _, name in actors:
            key = _actor_key(name)
            proper = not re.search(r"\b(?!(?:of|for|on|the|and|to|in|without)\b)[a-z]", name)  # not "Reuters news agency"
            if proper and len(name) > len(fullest.get(key, "")):
                fullest[key] = name
        in_sentence = mentions[idx] if mentions is not None else doc.mentions_in(s_start, s_end)
        has_speaker = any(len(m.persons) == 1 and doc.persons[m.persons[0]].org for m in in_sentence)
        if (not actors and not has_speaker and idx not in quoted_by and author is None
                and (last_actor is None or idx - last_actor[2] > 4) and (carried is None or s_start >= carried[0])
                and not (_TITLE_REFERENCE_GATE.admits(doc, s_start, s_end) and _TITLE_REFERENCE.search(sentence))):
            continue  # nobody here or just before who could be speaking: no statement to read
        actions = []
        gated = _action_gates()
        for i in _action_gate_set().admitted(doc, s_start, s_end):
            action = gated[i][0]
            m = twins[i].search(text, folded, s_start, s_end)  # (pattern, case-folded)
            if m:
                actions.append((action, m.start(), m.end()))
        speaker: str | None = None
        speaker_actor: tuple[int, int, str] | None = None
        for mention in in_sentence:
            if len(mention.persons) != 1:
                continue
            person = doc.persons[mention.persons[0]]
            if person.idx in defendants and any(a[2] != person.org for a in actors):
                continue  # "the Center included Huseynzade in its list": the one it speaks of, though he heads a Y
            if person.org and (mention.kind == "name" or mention.kind == "pronoun"):
                if _ADDRESSEE_TWIN.search(text, folded, max(s_start, mention.start - 40), mention.start):
                    continue  # "IRFS calls on Commissioner X": X is asked, not speaking
                if _within_quote(quotes, quote_ends, 0, mention.start + 1):
                    continue  # '"X, the party's leader, is a political prisoner," said Y': X is spoken of
                speaker = person.name
                speaker_actor = (mention.start, mention.end, person.org)
                actors = [a for a in actors if a[2] != person.org] + [speaker_actor]
                break
        # "RFE/RL contributor X": an affiliation, not a speaker
        actors = [a for a in actors if not _AFFILIATION.match(text, a[1])]
        # "who criticized the government": someone else's words
        actions = [a for a in actions if not _RELATIVE_BEFORE_TWIN.search(text, folded, max(s_start, a[1] - 25), a[1])]
        # "welcomes the judge's decision to drop all charges": what was done, not what is asked
        actions = [a for a in actions
                   if a[0] == "welcome" or not _DECIDED_TWIN.search(text, folded, max(s_start, a[1] - 70), a[1])]
        if any(a[0] in _REMEDIES for a in actions):
            actions = _without_grounds_of_calls(text, folded, s_end, actions)
        drew = _DREW_FROM_TWIN.search(text, folded, s_start, s_end)
        if drew is not None:
            after_actors = [a for a in actors if a[0] >= drew.end() and a[0] - drew.end() < 80]
            if after_actors:
                actions.append(("condemn", drew.start(), drew.end()))
        first_action = min((a[1] for a in actions), default=s_end)
        addressed = _ADDRESSEE_VERB_TWIN.search(text, folded, s_start, s_end)
        if addressed is not None:
            # Everyone named after "calls on" is asked, not asking.
            actors = [a for a in actors if a[0] < addressed.start()]
            if speaker_actor is not None and speaker_actor[0] > addressed.start():
                speaker_actor, speaker = None, None
        subjects: list[tuple[int, int, str]] = []
        for a in sorted(actors):
            if a[0] >= first_action:
                continue
            if (subjects and _COORDINATED.fullmatch(text, subjects[-1][1], a[0])) or _MEMBER_OF.search(
                    text, max(s_start, a[0] - 40), a[0]) or not _ADDRESSEE_TWIN.search(
                    text, folded, max(s_start, a[0] - 40), a[0]):
                subjects.append(a)  # "A and the B called on ...": B speaks with A, whatever "of" came before
        if not subjects:
            # The actor after its words: "..., said Amnesty International", "according to HRW".
            subjects = [a for a in actors if _SAID_BEFORE_TWIN.search(text, folded, max(s_start, a[0] - 30), a[0])]
        if not subjects:
            # "X should free her, Human Rights Watch said today."
            subjects = [a for a in actors if _AFTER_ITS_WORDS.search(text, max(s_start, a[0] - 6), a[0])
                        and _SAID_AFTER.match(text, a[1])]
        if not subjects and drew is not None:
            subjects = [a for a in actors if a[0] >= drew.end() and a[0] - drew.end() < 80]
        if not subjects and speaker_actor is not None and (
            _SPEECH_AFTER.match(text, speaker_actor[1])
            or _SAID_BEFORE_TWIN.search(text, folded, max(s_start, speaker_actor[0] - 20), speaker_actor[0])
        ):
            subjects = [speaker_actor]  # '"...," Turner added', '"...," said Nino Lomidze, a lawyer with GYLA
        continued = False
        if not subjects and idx in quoted_by:
            # '"We are deeply worried about his health. ... his life may be at risk," said X, director of Y'
            speaker, speaker_actor = quoted_by[idx]
            subjects = [speaker_actor]
        if not subjects and author is not None and (
                _says_we(text, s_start, min(s_end, first_action + 1))
                or (actions and not actors and speaker is None and _own_demand(text, s_start, s_end))):
            # a statement in the author's own voice: "We urge the authorities to ...", "The authorities
            # should quash her conviction.", "Neither of them should ever have been charged."
            subjects, speaker = [author[0]], author[1]
        if not subjects and not actors:
            # "The Special Rapporteur welcomed ...", '"...," the expert said': the office named before
            titled = _titled_actor(text, s_start, s_end, history) if _TITLE_REFERENCE_GATE.admits(
                doc, s_start, s_end) else None
            if titled is not None:
                subjects, speaker = [titled], None
        history += [a for a in actors if a not in history]
        if subjects:
            last_actor = (subjects, speaker, idx)
        elif last_actor and not actors and (
            (idx - last_actor[2] <= 2 and ((_CONTINUED_GATE.admits(doc, s_start, s_end) and _CONTINUED.search(sentence))
                                           or sentence.lstrip()[:1] in "\"“'‘"
                                           or _within_quote(quotes, quote_ends, sentences[last_actor[2]][0], s_start)))
            or (idx - last_actor[2] <= 4 and _BULLET.match(sentence) and text[:s_start].rstrip().endswith((":", ";")))
            or (idx - last_actor[2] <= 4 and len(last_actor[0]) > 1 and _PLURAL_ACTORS.search(sentence))
            or (idx - last_actor[2] <= 2 and len(last_actor[0]) == 1 and _SINGULAR_ACTOR.search(sentence))
        ):
            # A statement that goes on over several sentences: "..., he said."
            subjects, speaker = last_actor[0], last_actor[1]
            if _SINGULAR_ACTOR.search(sentence):
                speaker = None  # "The group called for ...": the organization, not the one it quoted
            continued = True
        elif carried is not None and not actors and s_start < carried[0]:
            # The quotation goes on however many sentences it runs: '"We are glad she is home," she said.
            # "But this is not over. The authorities have had a year. The charges must be dropped."'
            subjects, speaker = carried[1], carried[2]
            continued = True
        if subjects:
            opened = _quote_running_on(quotes, quote_ends, s_start, s_end)
            if opened is not None:
                carried = (opened, subjects, speaker)
        quote = _quote(quotes, s_start, s_end, quote_ends)
        if (subjects and not continued and quote and all(a[0] != "condemn" for a in actions)
                and not any(quote[0] <= a[1] < quote[1] for a in actions)
                and (speaker is not None or _attribution().search(text, s_start, s_end))):
            # An advocate's own words that condemn without the verb: "This is not justice," said X;
            # Y said the three had been "punished for a peaceful act of solidarity".
            m = _CONDEMNING.search(text, quote[0], quote[1])
            if m:
                actions.append(("condemn", m.start(), m.end()))
        if not actions or not subjects:
            continue
        persons = _cases_named(doc, s_start, s_end, defendants)
        # the day of the words, not of what they announce ("and announced a strike of lawyers on 16 October")
        sent_dates = [d for d in dates if s_start <= d.start and d.end <= s_end
                      and not _DATED_NOUN.search(text, max(s_start, d.start - 40), d.start)]
        date = dates_mod.resolve_date(sent_dates[0], doc.anchor) if sent_dates else None
        # the sentence names someone after its first demand, and no case at all
        about_others = _others_named(doc, min(a[1] for a in actions), s_end, defendants) and not any(
            idx in defendants for m in doc.mentions_in(s_start, s_end) for idx in m.persons)
        for action, a_start, a_end in actions:
            if action == "call_investigation" and about_others:
                continue  # "an investigation into how X [not a case] was killed": about someone else
            for _, _, actor in subjects:
                seen_key = (_actor_key(actor), action)
                if seen_key in seen:
                    continue
                seen.add(seen_key)
                out.append(RawAdvocacy(actor, action, a_start, a_end, persons, speaker, date, quote,
                                       (s_start, s_end)))
    for raw in out:
        raw.actor = re.sub(r"\s*\([^)]*$", "", raw.actor)  # "International Labour Organization (ILO"
        full = fullest.get(_actor_key(raw.actor), raw.actor)
        if raw.actor in full:
            raw.actor = full  # "Viasna has recognised ...", named in full a sentence before
        # "Shahid Centre for Rights and Freedoms": one more word joined to the last word of a "for"/"of" name
        joined = re.search(rf"{re.escape(raw.actor)}\s+and\s+([A-Z][a-z]+)\b(?!\s+[A-Z])", text) if re.search(
            r"\s(?:for|of)\s+[A-Z][a-z]+$", raw.actor) else None
        if joined is not None and not organizations_in(doc, joined.start(1), joined.end(1)):
            raw.actor = joined.group()
        if re.fullmatch(r"Commission|Committee|Council|Mission|Office|Group|Court|Guild|Union|Syndicate|Centre|Center|"
                        r"Foundation|Network|Coalition|Association|Institute|Initiative|Collective|Monitor", raw.actor):
            # "the Commission urged ...": the one named in full before ("Inter-American Commission on ...")
            named = [a[2] for a in history if a[0] < raw.start and a[2] != raw.actor and raw.actor in a[2].split()]
            if named:
                raw.actor = named[-1]
    return _specific_bodies(out)


# How a text names again an office it named in full: "the Special Rapporteur", "the expert"
_TITLE_REFERENCE = re.compile(
    r"\b[Tt]he\s+(?:UN\s+|U\.N\.\s+)?(?:(?:special|independent)\s+)?"
    r"(?P<noun>rapporteur|expert|working\s+group|high\s+commissioner|commissioner|envoy)\b", re.I)
_TITLE_REFERENCE_GATE = LiteralGate([_TITLE_REFERENCE.pattern])
_TITLE_FAMILY = {"rapporteur": "rapporteur|expert", "expert": "rapporteur|expert|working group", "working group": "working group",
                 "high commissioner": "commissioner", "commissioner": "commissioner", "envoy": "envoy|representative"}


def _mentions_by_sentence(doc: WorkDoc, sentences: list[tuple[int, int]]) -> list[list[PersonMention]] | None:
    """``doc.mentions_in(s, e)`` for every sentence, in one pass over the mentions (each sentence asked
    once instead of a scan of all mentions per sentence); None unless the sentences are sorted and
    do not overlap."""
    starts = [s for s, _ in sentences]
    if any(sentences[i][1] > sentences[i + 1][0] or sentences[i][0] > sentences[i][1] for i in range(len(sentences) - 1)):
        return None
    out: list[list[PersonMention]] = [[] for _ in sentences]
    for m in doc.mentions:
        # the sentence that starts last at or before the mention; an empty mention at a boundary may
        # also lie in the sentences before, which end where it is
        j = bisect.bisect_right(starts, m.start) - 1
        while j >= 0 and sentences[j][1] >= m.start:
            if sentences[j][0] <= m.start and m.end <= sentences[j][1]:
                out[j].append(m)
            j -= 1
    return out


def _titled_actor(text: str, start: int, end: int, history: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    """The actor last named in full whose title a sentence uses for it, when it is the one speaking:
    at the sentence's start, or after a quotation ('"...," the expert said')."""
    for m in _TITLE_REFERENCE.finditer(text, start, end):
        leading = not text[start:m.start()].strip(" \"“'‘")
        trailing = bool(re.match(r"\s*(?:said|says|added|stated|noted|warned|told)\b", text[m.end():end]))
        if not (leading or trailing):
            continue
        family = _TITLE_FAMILY[" ".join(m.group("noun").lower().split())]
        for actor in reversed(history):
            if re.search(rf"\b(?:{family})", actor[2], re.I):
                return actor
        return None
    return None


def _specific_bodies(rows: list[RawAdvocacy]) -> list[RawAdvocacy]:
    """ "UN expert alarmed by ..." in a headline is the one UN office the statement names: the rows of a
    generic "United Nations" go to it when there is exactly one."""
    offices = {r.actor for r in rows if re.match(r"(?:UN|U\.N\.|United Nations)\s+\S", r.actor)
               and r.actor not in _GENERIC_UN}
    if len(offices) != 1:
        return rows
    office = offices.pop()
    taken = {r.action for r in rows if r.actor == office}
    out = []
    for r in rows:
        if r.actor in _GENERIC_UN:
            if r.action in taken:
                continue
            r.actor = office
            taken.add(r.action)
        out.append(r)
    return out


_GENERIC_UN = frozenset({"United Nations", "United Nations special rapporteurs"})


def _headline(doc: WorkDoc) -> list[tuple[int, int]]:
    """The headline as a sentence of its own where the body's sentences leave it out (title case reads as
    no English): "Amnesty International Condemns ..." is a statement."""
    if not doc.title_end or (doc.sentences and doc.sentences[0][0] < doc.title_end):
        return []
    start = len(doc.text) - len(doc.text.lstrip())
    return [(start, doc.title_end)] if start < doc.title_end else []


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """The quoted passages of a text, within one paragraph, however many sentences each runs over."""
    return [(m.start(m.lastindex or 0), m.end(m.lastindex or 0)) for m in _QUOTED.finditer(text)]


def _quote_speakers(doc: WorkDoc, sentences: list[tuple[int, int]], quotes: list[tuple[int, int]],
                    ) -> dict[int, tuple[str, tuple[int, int, str]]]:
    """Sentence index -> (speaker, actor) for the sentences of a quotation attributed after it to a person
    who speaks for an organization: '"... sentence one. Sentence two," said X, director of Y.'"""
    out: dict[int, tuple[str, tuple[int, int, str]]] = {}
    text = doc.text
    for q_start, q_end in quotes:
        line_end = text.find("\n", q_end)
        limit = min(q_end + 160, len(text) if line_end < 0 else line_end)
        close = q_end + 1
        for mention in doc.mentions_in(close, limit):
            if len(mention.persons) != 1 or mention.kind not in ("name", "pronoun"):
                continue
            person = doc.persons[mention.persons[0]]
            between = text[close:mention.start]
            if person.org and (_SPEECH_BEFORE_NAME.fullmatch(between) or (
                    re.fullmatch(r"[\s,]*", between) and _SPEECH_AFTER.match(text, mention.end))):
                for idx, (s_start, s_end) in enumerate(sentences):
                    if s_start < q_end and q_start < s_end:
                        out.setdefault(idx, (person.name, (mention.start, mention.end, person.org)))
            break
    return out


def _author(doc: WorkDoc) -> tuple[tuple[int, int, str], str | None] | None:
    """The organization a document speaks for, named in its header ("Statement by the X", "Spokesperson
    for the X: Name"), with the spokesperson where named."""
    text = doc.text
    lines = list(re.finditer(r"[^\n]+", text[:600]))[:4]  # the first lines hold the header
    if not lines:
        return None
    for s, e, name in _actors_in(doc, 0, lines[-1].end()):
        line_start = text.rfind("\n", 0, s) + 1
        if not _AUTHOR_CUE.search(text[line_start:s]):
            continue
        spokesperson = re.match(r"\s*:\s*([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,3})\s*$",
                                text[e:text.find("\n", e) if text.find("\n", e) > 0 else len(text)])
        return (s, e, name), spokesperson.group(1) if spokesperson else None
    # A dispatch signed by one of the group's staff: "Maya Ortiz, Senior Researcher, Amnesty International"
    # (a newspaper's byline is its reporter's, not a statement of the paper)
    for s, e, name, kind in organizations_in(doc, 0, lines[-1].end()):
        line_start = text.rfind("\n", 0, s) + 1
        line_end = text.find("\n", e)
        if (kind != "media" and (kind in ACTOR_KINDS or not _is_domestic(doc, name))
                and _BYLINE.fullmatch(text, line_start, s)
                and not text[e:len(text) if line_end < 0 else line_end].strip(" .")):
            return (s, e, name), None
    # A press release in the group's own voice: "Today, X condemns ...", "X is an independent organisation ..."
    # (only a text that says "we" anywhere needs one)
    if not _says_we(text):
        return None
    for m in _SELF_PRESENTED.finditer(text):
        for s, e, name in _actors_in(doc, m.start(1), m.end()):
            if s == m.start(1) and _PRESENT_VERB.match(text, e):
                return (s, e, name), None
    return None


_BYLINE = re.compile(r"[ \t]*(?:By[ \t]+)?[A-Z][\w’'.-]+(?:[ \t]+[A-Z][\w’'.-]+){1,3},[ \t]+"
                     r"(?:[^,\n]{1,60},[ \t]+|[^,\n]{1,60}?[ \t]+(?:at|with|of)[ \t]+)(?:the[ \t]+)?")
_SELF_PRESENTED = re.compile(
    r"^[ \t]*(?:Today,?[ \t]+)?(?:[Tt]he[ \t]+)?([A-Z][^\n.;:]{1,100}?)\s+(?:today\s+)?(?:condemns|calls|urges|demands|"
    r"welcomes|denounces|deplores|is\s+(?:an?|the))\b", re.M)
_PRESENT_VERB = re.compile(r"\s+(?:today\s+)?(?:condemns|calls|urges|demands|welcomes|denounces|deplores|"
                           r"is\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}(?:organi[sz]ation|group|NGO|network|coalition|"
                           r"association|collective|movement|initiative))\b")


# A body's name led by its country (see _COUNTRY_POSSESSIVE, _COUNTRY_PREFIX)
_COUNTRY_NAMED = re.compile(r"((?:[A-Z][\w.]*\s)?[A-Z][\w.]*)['’]s\s+|([A-Z][\w.]*)\s+")


@lru_cache(maxsize=4096)  # an organization's name: a few dozen characters
def _actor_key(name: str) -> str:
    hit = lexicon.org_by_name(name)
    country = _COUNTRY_NAMED.match(name) if hit is None else None
    if country is not None and lexicon.country_votes(country.group(1) or country.group(2)):
        hit = lexicon.org_by_name(name[country.end():])  # "UK Foreign Office" is the Foreign Office named again
    canonical = hit.name if hit is not None else name
    return re.sub(r"\W+", " ", canonical.lower()).strip()


def _others_named(doc: WorkDoc, start: int, end: int, defendants: set[int]) -> bool:
    """Whether someone who is not a case, nor speaks for a body, is named in ``text[start:end]``."""
    return any(m.kind == "name" and idx not in defendants and not doc.persons[idx].org
               and doc.persons[idx].role not in ("judge", "prosecutor", "official", "lawyer", "advocate")
               for m in doc.mentions_in(start, end) for idx in m.persons if idx >= 0)


def _cases_named(doc: WorkDoc, start: int, end: int, defendants: set[int]) -> tuple[int, ...]:
    named: list[int] = []
    for mention in doc.mentions_in(start, end):
        for idx in mention.persons:
            if idx in defendants and idx not in named:
                named.append(idx)
    return tuple(named) if named else tuple(sorted(defendants))


# What the author of a statement asks or judges in its own voice: a modal with nobody quoted or cited
_MODAL = re.compile(r"\b(?:should|must|ought\s+to)\b")
_QUOTE_MARKS = re.compile(r"[\"“”]")


def _own_demand(text: str, start: int, end: int) -> bool:
    """Whether a sentence asks or judges with a modal, quoting nobody and citing nobody: in a statement,
    the words of the organization that issues it ("The authorities should drop the charges")."""
    return (_MODAL.search(text, start, end) is not None and _QUOTE_MARKS.search(text, start, end) is None
            and _attribution().search(text, start, end) is None)


def _within_quote(quotes: list[tuple[int, int]], ends: list[int], since: int, at: int) -> bool:
    """Whether ``at`` lies inside a quotation opened at or after ``since``: the quoted speaker's words
    going on ('"It is a relief," said X. "But she still faces trial. The charges should be dropped."')."""
    i = bisect.bisect_right(ends, at)  # the first quote that ends after ``at``
    return i < len(quotes) and since <= quotes[i][0] < at


# What a call for a remedy asks to undo; "should never have been prosecuted" in the same sentence is its ground
_REMEDIES = frozenset({"call_release", "call_drop_charges", "call_vacate"})
_SHOULD_HAVE = re.compile(r"\bshould\b.*\bhave\b", re.I | re.S)


def _without_grounds_of_calls(text: str, folded: str | None, end: int, actions: list[tuple[str, int, int]],
                              ) -> list[tuple[str, int, int]]:
    """A sentence's actions less the judgment that grounds its call for a remedy: "said he should never have
    been prosecuted and called for his release" asks for his release and condemns nothing more (alone,
    "Neither should ever have been charged" condemns). A condemnation in other words further on stays."""
    condemn = _action_twins()[[a for a, _ in _actions()].index("condemn")]
    out = []
    for action in actions:
        while action[0] == "condemn" and _SHOULD_HAVE.search(text, action[1], action[2]):
            further = condemn.search(text, folded, action[2], end)
            if further is None:
                break
            action = ("condemn", further.start(), further.end())
        else:
            out.append(action)
    return out


def _quote_running_on(quotes: list[tuple[int, int]], ends: list[int], start: int, end: int) -> int | None:
    """The end of a quotation opened within a sentence that runs on past it, if there is one."""
    i = bisect.bisect_right(ends, end)  # the first quote that ends after the sentence
    if i < len(quotes) and start <= quotes[i][0] < end:
        return quotes[i][1]
    return None


def _quote(quotes: list[tuple[int, int]], start: int, end: int, ends: list[int] | None = None) -> tuple[int, int] | None:
    """The quoted words within a sentence, where a quotation opened in it or before it runs into it.
    ``ends``: the quotes' ends (they do not overlap, so these are in order too), to skip by bisection the
    quotes that end before the sentence's twelfth character, which cannot hold twelve of its characters."""
    first = 0 if ends is None else bisect.bisect_left(ends, start + 12)
    for q_start, q_end in quotes[first:]:
        if q_start >= end:
            break  # this one and the rest start after the sentence
        s, e = max(q_start, start), min(q_end, end)
        if e - s >= 12:
            return s, e
    return None
