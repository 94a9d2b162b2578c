"""People: find person names, cluster their mentions, and link pronouns and nominals to them."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import cache, lru_cache

from casewatch.extract import lexicon
from casewatch.extract.components.orgs import org_shaped, organizations_in
from casewatch.extract.context import CROWD_NOUNS, Collective, Person, PersonMention, WorkDoc
from casewatch.extract.rules import load
from casewatch.resolve.names import name_key

COMPONENT = "people"
VERSION = "1"

# Latin capitals and small letters with diacritics ("Đỗ", "Thị", "Şirin", "Łukasz", "Əliyev").
_EXTRA = [chr(c) for r in ((0xC0, 0x250), (0x1E00, 0x1F00)) for c in range(*r) if chr(c).isalpha()]
_UPPER = "A-Z" + "".join(c for c in _EXTRA if c.isupper())
_LOWER = "a-z" + "".join(c for c in _EXTRA if c.islower())
# "N'Diaye", "O'Brien", "D'Souza": a capital and an apostrophe before the capitalized rest
_NAME_TOKEN = (rf"(?:(?:[{_UPPER}]['’](?=[{_UPPER}]))?[{_UPPER}][{_LOWER}'’ʼ`-]*[{_LOWER}](?:-[{_UPPER}]?[{_LOWER}]+)*|[A-Z]\.|"
               r"[A-Z]{2,}[a-z]*(?=[\s,]))")


@cache
def _rules() -> dict:
    return load("people")


@cache
def _name_shape() -> re.Pattern[str]:
    particles = "|".join(sorted(_rules()["particles"], key=len, reverse=True))
    part = rf"(?:(?:{particles})[- ](?=[{_UPPER}])|(?:[A-Z][a-z]?-)(?=[A-Z]))?{_NAME_TOKEN}"
    return re.compile(rf"(?<![\w-]){part}(?:[ \u00a0]+(?:(?:{particles})[ -])?{part}){{0,4}}(?![\w-])")


@cache
def _not_names() -> frozenset[str]:
    return frozenset(w.lower() for w in _rules()["not_names"].split())


@cache
def _titles() -> dict[str, str | None]:
    return {k.lower(): v for k, v in _rules()["titles"].items()}


@cache
def _role_words() -> frozenset[str]:
    """Single words that name a role or occupation ("director", "chairman", "poet")."""
    words = {w.lower() for nouns in _rules()["role_nouns"].values() for n in nouns for w in n.split()}
    words |= {w.lower() for n in _rules()["nominals"] for w in n.split()}
    return frozenset(words - {"of", "for", "the", "a", "an", "to"})


# "the Minister of Infrastructure, Babacar Thiam": a portfolio in capitals and a comma between title and name
_PORTFOLIO = r"\s+of\s+(?:the\s+)?(?-i:[A-Z])[\w'’-]*(?:\s+(?:and\s+)?(?-i:[A-Z])[\w'’-]*){0,3}\s*,"
_PORTFOLIO_END = re.compile(rf"{_PORTFOLIO}\s*$")


# "The lawyer hired by his family, X", "the judge presiding over the case, X": the role noun's own clause
_ROLE_CLAUSE = (r"\s+(?:hired|retained|appointed|engaged|chosen|representing|acting\s+for|defending|presiding\s+over|"
                r"handling|in\s+charge\s+of)\b[^,.;:\"“”]{1,30},")


@cache
def _role_contexts() -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    """Per role: its noun as a title before a name, and in an apposition after one (compiled once)."""
    return [(role,
             re.compile(rf"(?:{pattern.pattern})(?:{_PORTFOLIO})?(?:{_ROLE_CLAUSE})?\s*(?:,\s*)?$", re.I),
             re.compile(rf"\s*,\s*(?:(?:a|an|the|his|her|their|its)\s+)?(?:(?!(?:who|whom|which|that|whose)\b)"
                        rf"[\w'’-]+\s+){{0,3}}(?:{pattern.pattern})\b", re.I))
            for role, pattern in _role_patterns()]


@cache
def _role_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for role, nouns in _rules()["role_nouns"].items():
        alts = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
        out.append((role, re.compile(rf"\b(?:{alts})\b", re.I)))
    return out


@cache
def _pronoun_re() -> re.Pattern[str]:
    words = [w for ws in _rules()["pronouns"].values() for w in ws]
    # The lookahead on the first letters (case-insensitive, as the words are) only skips positions fast.
    return re.compile(rf"(?=[{''.join(sorted({w[0] for w in words}))}])\b(?:{'|'.join(words)})\b", re.I)


@cache
def _pronoun_gender() -> dict[str, str]:
    return {w: g for g, ws in _rules()["pronouns"].items() for w in ws}


_ACRONYM_MAX = 3  # a nominal this short may be an acronym ("the MP"), written in capitals


@cache
def _nominal_re() -> re.Pattern[str]:
    nouns = sorted(set(_rules()["nominals"]), key=lambda n: (-len(n), n))
    # an acronym is written in capitals: "the MP"
    alts = "|".join(re.escape(n) if len(n) > _ACRONYM_MAX else f"(?i:{re.escape(n)})" for n in nouns)
    return re.compile(
        # "[Tt](?<!\w.)" is "\b[Tt]": a pattern that opens with a character class lets ``re`` skip to candidates fast
        rf"[Tt](?<!\w.)(?:he|his|hat)\s+(?:(?:\d{{1,3}}-year-old|jailed|imprisoned|detained|arrested|young|prominent|"
        rf"veteran|independent|opposition|exiled|former|well-known|popular|outspoken|[a-z]+-based)\s+)*(?P<noun>{alts}|\d{{1,3}}-year-old)\b"
    )


@cache
def _group_re() -> re.Pattern[str]:
    nouns = "|".join(re.escape(n) for n in sorted(_rules()["group_nouns"], key=len, reverse=True))
    nums = "|".join(sorted(_rules()["numbers"], key=len, reverse=True))
    return re.compile(
        rf"(?=[TtAaBb])\b(?:(?:[Tt]he|[Aa]ll(?:\s+of\s+the)?|[Bb]oth|[Tt]hese|[Tt]hose)\s+(?:(?:{nums}|\d{{1,3}})\s+)?(?:(?!(?:[Bb]oth|[Aa]ll|[Tt]hese|[Tt]hose|[Tt]he)\b)[\w’'-]+\s+){{0,3}}?(?:{nouns})|[Aa]ll\s+(?:{nums}|\d{{1,3}}(?!\d|\s+(?:years?|months?|days?|weeks?|of)\b))|[Tt]he\s+(?:{nums})(?!\s+(?:years?|months?|days?|weeks?|of\b))|[Bb]oth\s+(?:men|women)|[Bb]oth(?=\s+(?:were|have|had|are|remain|received|in|on|to|for|at|with|by)\b|\s*[.,;]))\b"
    )


# --------------------------------------------------------------------------- names


@cache
def _title_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(t) for t in sorted(_titles(), key=len, reverse=True))
    return re.compile(rf"(?:{alts})\.?\s+|(?:the|a)\s+", re.I)


_LEAD_WORD = re.compile(r"([A-Z][a-z]+)\s+")
_POSSESSIVE_END = re.compile(r"(?:['’]s[a-z]*|['’])$")


def _clean_name(text: str, start: int, end: int) -> tuple[int, int, str | None]:
    """Trim titles, possessives and punctuation from a name span; return the role a title implies."""
    role: str | None = None
    while start < end:
        m = _title_re().match(text, start, end)
        if not m or m.end() >= end:
            break
        role = _titles().get(m.group().strip().rstrip(".").lower()) or role
        start = m.end()
    # "Blogger Dennis Mutai was abducted": an occupation in capitals that opens a sentence or a headline
    lead = _LEAD_WORD.match(text, start, end)
    if lead and lead.group(1).lower() in _role_words() and len(text[lead.end():end].split()) >= 2:
        start = lead.end()
    segment = text[start:end]
    # "Ismayilova’s", and a lost space: "Ismayilova’sdetention" (no apostrophe, no possessive: skip the search)
    m2 = _POSSESSIVE_END.search(segment) if "'" in segment or "’" in segment else None
    if m2:
        end = start + m2.start()
    while end > start and text[end - 1] in ".,;:-–—\"'“”’ ":
        end -= 1
    return start, end, role


_GIVEN_NAME_BEFORE = re.compile(rf"(?<![\w.])([{_UPPER}][{_LOWER}]{{1,12}})[ \u00a0]\Z")
_SENTENCE_END_BEFORE = re.compile(r"[.!?:\n]\s*$")
_FUNCTION_WORD_BEFORE = re.compile(r"\b(?:the|a|an|of|in|at|from|with|and|by|for)\s*$")


def _extend_left(doc: WorkDoc, start: int) -> int:
    """Take in a given name the model left out: "the poet Min Htet Naing" tagged "Htet Naing"."""
    text = doc.text
    # "\Z", not "$": a word that ends the line before ("...Condemnation\n\nMari Struthers") is no given name
    m = _GIVEN_NAME_BEFORE.search(text[max(0, start - 15):start])
    if not m:
        return start
    word = m.group(1)
    lowered = word.lower()
    if lowered in _not_names() or lowered in _titles() or lowered in _HEADLINE_WORDS or lowered in _role_words():
        return start
    if lexicon.find_occupations(word):
        return start
    prefix = text[max(0, start - 40):start - len(word) - 1]
    if not prefix.strip() or _SENTENCE_END_BEFORE.search(prefix):
        return start  # sentence-initial capitals say nothing
    if _FUNCTION_WORD_BEFORE.search(prefix) and not _occupation_before(doc, start - len(word) - 1):
        return start
    return start - len(word) - 1


@cache
def _particles() -> frozenset[str]:
    return frozenset(_rules()["particles"])


_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")


@lru_cache(maxsize=8192)  # a name-shaped span of a few words, tested again by each step that finds names
def _plausible_name(name: str) -> bool:
    tokens = name.replace("\u00a0", " ").split()
    if not 2 <= len(tokens) <= 6 or any(ch.isdigit() for ch in name):
        return False
    particles = _particles()
    # "al-Najjar", "el-Rufai", "ad-Din": a lower-case particle joined to a capitalized name
    tokens = [_JOINED_PARTICLE.sub("", t) for t in tokens]
    capitalized = [t for t in tokens if t and t.lower() not in particles]
    if not capitalized or any(not t[0].isupper() for t in capitalized):
        return False
    if any(t.strip(".,").lower() in _not_names() for t in capitalized):
        return False
    if all(t.isupper() and len(t) > 1 for t in capitalized):
        return False  # acronyms: "BBC", "OSCE"
    if any(t.lower().endswith("-based") for t in tokens):
        return False  # "Mullaitivu-based [Tamil journalist]": where someone works, not a name
    if any(t.endswith(("'s", "’s")) for t in tokens[:-1]):
        return False  # "Chadema's Arusha [secretary]": an owner and what it owns, not one name
    if any(_PLURAL_ACRONYM.fullmatch(t) for t in capitalized):
        return False  # plural acronyms: "Kenyan MPs", "local NGOs"
    if any(h.kind == "demonym" and h.end == len(name) for h in lexicon.find_places(name)):
        return False  # "Youthful Kenyan [MPs]": an adjective phrase, not a surname
    if lexicon.org_by_name(name) is not None or org_shaped(name):
        return False
    if any(len(t) >= 3 and t.isupper() and lexicon.org_by_name(t) is not None for t in capitalized):
        return False  # "MISA Mozambique", "HRW Asia": a known body's acronym and its chapter
    if all(t.lower().strip(".,") in _role_words() or lexicon.find_occupations(t) for t in capitalized):
        return False  # "Bureau Chief"
    last = capitalized[-1].lower().strip(".,")
    if len(capitalized) == 2 and (last in _role_words() or lexicon.find_occupations(last)):
        return False  # "Political Editor", "Regional Editor": a title in capitals
    return True


_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{},.;:!?"
_JOINED_PARTICLE = re.compile(r"^(?:al|el|ad|ash|as|ud|ul|an|ar|at|az)[-’']")


def could_name_person(sentence: str) -> bool:
    """Whether a sentence holds two words in a row that could both belong to a name :func:`_plausible_name`
    accepts: capitalized words outside ``not_names``, or name particles, at least one of them capitalized.

    The extractor runs the statistical NER only where this holds: every model PERSON span that
    survives ``_plausible_name`` has such a pair, so elsewhere the model finds no usable name
    ("In June", "The Court", "Criminal Code" are not names).
    """
    return next(name_pairs(sentence), None) is not None


_WORD = re.compile(r"\S+")  # the words of str.split()


def name_pairs(sentence: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each two words in a row that :func:`could_name_person` looks for, in order."""
    particles = _particles()
    previous: bool | None = None  # None: the last word cannot be in a name; else: whether it was capitalized
    previous_start = 0
    for token in _WORD.finditer(sentence):
        word = _JOINED_PARTICLE.sub("", token.group().strip(_EDGE_PUNCTUATION))
        if word.lower() in particles:
            current: bool | None = False
        elif word[:1].isupper() and word.lower() not in _not_names():
            current = True
        else:
            current = None
        if current is not None and previous is not None and (current or previous):
            yield previous_start, token.end()
        previous, previous_start = current, token.start()


_OUTLET_SHAPE = re.compile(r"(?:La|El|Los|Las)\s+[A-Z]\w+\s+(?:del|de|de\s+la|de\s+los)\s")
_LAW_NAME = re.compile(r"\b(?:Act|Code|Law|Sanhita|Ordinance|Decree|Constitution|Regulations?|Bill|Statute)$")
# Places people live in, named like people: "the Phum Thmey community", "the Awash Arba camp"
_SETTLEMENT_WORDS = r"community|village|camp|settlement|township|commune|neighbou?rhood|area|locality"
_INSTITUTION_AFTER = re.compile(
    r"\s*(?:court|tribunal|prison|penitentiary|colony|district|province|region|municipality|jail|gaol|"
    rf"constituency|councillor|councilor|council|ward|police\s+station|{_SETTLEMENT_WORDS})\b"
    # "Sadoi Mardum (Voice of the People), a YouTube channel": past a translation in brackets; but the noun must
    # head the apposition ("X, a YouTuber whose channel ...": a person)
    r"|(?:\s*\([^()]{1,60}\))?,\s+(?:a|an|the)\s+(?:(?!(?:whose|who|which|that|of|for|at|with)\b)[\w-]+\s+){0,3}"
    r"(?:channel|outlet|website|site|newspaper|magazine|station|platform|"
    r"group|organi[sz]ation|movement|party|network|agency|court|prison)\b(?!['’])", re.I)  # not "the site's co-founder"


# Nouns that introduce a news outlet by name: "the news site Ekspres Haber", "the newspaper Cumhuriyet"
_OUTLET_WORDS = ("site|website|outlet|newspaper|paper|channel|agency|magazine|portal|daily|weekly|station|"
                 "broadcaster|publication|platform|network")


_UNDER_BEFORE = re.compile(r"\bunder\s+(?:the\s+)?$")
_OUTLET_WORD_BEFORE = re.compile(rf"\b(?i:{_OUTLET_WORDS})[ \t\u00a0]*$")  # on the name's line
_ORG_HEAD_BEFORE = re.compile(
    r"\b(?:Movement|Party|Union|Front|Alliance|Council|Committee|Forum|Institute|Centre|Center|"
    r"Coalition|Foundation|Association|League|Organi[sz]ation|Commission|Office|Federation|Society)"
    r"\s+(?:for|of)\s+(?:the\s+)?$")


_PLACE_PREPOSITION = re.compile(r"\b(?:in|near|outside)[ \t\u00a0]+$")
_POSSESSIVE_NEXT = re.compile(r"['’]s?\b")


def _is_place_or_org(doc: WorkDoc, start: int, end: int) -> bool:
    name = doc.text[start:end]
    if _PLACE_PREPOSITION.search(doc.text, max(0, start - 8), start) and not _POSSESSIVE_NEXT.match(doc.text, end):
        return True  # "sells noodles in Pak Kret": a place (but "in Ahmed Ali's case" names a person)
    if _LAW_NAME.search(name) or _UNDER_BEFORE.search(doc.text[max(0, start - 10):start]):
        return True  # "the Jammu and Kashmir Public Safety Act", "under the Bharatiya Nyaya Sanhita": a law
    if _OUTLET_SHAPE.match(name):
        return True  # "La Voz del Cerro", "El Diario de Hoy": a title, not a person
    # "the Sidi M'hamed court", "Brest Voice, a Telegram channel that ..."
    if _INSTITUTION_AFTER.match(doc.text, end):
        return True
    # "the local news site Sur Haber", "the newspaper Cumhuriyet"
    if _OUTLET_WORD_BEFORE.search(doc.text[max(0, start - 20):start]):
        return True
    # "the Movement for Multiparty Democracy": the tail of an organization's name
    if _ORG_HEAD_BEFORE.search(doc.text[max(0, start - 40):start]):
        return True
    for hit in lexicon.find_places(name):
        if hit.start == 0 and hit.end == len(name):
            return True
    for org in lexicon.find_organizations(name):
        if org.end - org.start >= len(name) - 1:
            return True
    return False


# (... and "his followers know him as Lộc Dừa", "better known as X", "nicknamed X")
_PEN_NAME = re.compile(r"\b(?:(?:pen|stage|screen|code|online|user)[ -]?name|pseudonym|nickname|alias|handle|nicknamed|"
                       r"(?:(?:better|widely|popularly|locally|also)\s+)?known\s+as|know\s+(?:him|her|them)\s+as)\s+[\"“]?$",
                       re.I)
# The lookahead on the words' first letters (case-insensitive, as the words are) only skips positions fast.
# (on one line: "... to a police station\n\nSeymur G., a member of ..." names no station)
_OUTLET_NAME = re.compile(rf"\b(?=(?i:[{''.join(sorted({w[0] for w in _OUTLET_WORDS.split('|')}))}]))(?i:{_OUTLET_WORDS})[ \t\u00a0]+"
                          rf"([A-Z][\w'’.-]*(?:[ \t\u00a0]+[A-Z][\w'’.-]*){{0,4}})")


# "Araz Report, a small independent outlet whose ...": the name before an apposition that calls it an outlet
_OUTLET_APPOSED = re.compile(rf",\s+(?:a|an|the)\s+(?:(?!of\b|for\b|at\b|with\b|whose\b|who\b|which\b|that\b)[A-Za-z][\w-]*\s+){{0,3}}"
                             rf"(?:{_OUTLET_WORDS})\b(?!['’]|\s+[A-Z])")
_NAME_BEFORE = re.compile(r"\b([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})$")
# a byline that signs for an outlet: "By Addis Standard staff", "By Kigali Times Reporter"
_BYLINE_STAFF = re.compile(r"(?m)^\s*By\s+([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})\s+(?:[Ss]taff|[Rr]eporters?|"
                           r"[Cc]orrespondents?|[Tt]eam|[Dd]esk|[Ww]riters?)\b")


_SETTLEMENT_NAME = re.compile(rf"\b([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,3}})\s+(?:{_SETTLEMENT_WORDS})\b")


def _named_as_settlement(doc: WorkDoc) -> frozenset[str]:
    """Names the text calls a community, village or camp somewhere ("the Awash Arba camp")."""
    found = doc.cache.get(("settlements",))
    if found is None:
        # every tail of the capitalized run: "At Kilo Seven camp" names "Kilo Seven" too
        found = doc.cache[("settlements",)] = frozenset(
            " ".join(words[i:]) for m in _SETTLEMENT_NAME.finditer(doc.text)
            for words in [m.group(1).split()] for i in range(len(words)))
    return found  # type: ignore[no-any-return]


def _named_as_outlet(doc: WorkDoc, name: str) -> bool:
    """Whether the text introduces this name as a news outlet anywhere ("the news site Ekspres Haber")."""
    outlets = doc.cache.get(("outlets",))
    if outlets is None:
        outlets = doc.cache[("outlets",)] = [m.group(1) for m in _OUTLET_NAME.finditer(doc.text)] + [
            named.group(1) for m in _OUTLET_APPOSED.finditer(doc.text)
            if (named := _NAME_BEFORE.search(doc.text, max(0, m.start() - 80), m.start())) is not None] + [
            m.group(1) for m in _BYLINE_STAFF.finditer(doc.text)]
    return any(o == name or o.startswith(name + " ") for o in outlets)


def _by_first_letter(alternatives: list[str]) -> str:
    """An alternation of patterns that each open with a literal letter, grouped by that letter
    ("j(?:ournalist)|r(?:eporter|esearcher)"): ``re`` then tries one group per position instead of every
    alternative, and matches the same (within a letter the order stays, across letters only one can match)."""
    groups: dict[str, list[str]] = {}
    for alt in alternatives:
        groups.setdefault(alt[0], []).append(alt[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())


_CUE_WORDS = (
    "journalist|reporter|blogger|activist|politician|leader|editor|lawyer|defender|economist|poet|writer|"
    "correspondent|contributor|employee|colleague|director|founder|member|student|dissident|critic|photographer|"
    "cameraman|presenter|host|producer|columnist|scholar|academic|researcher|rapper|singer|artist|businessman|"
    "cleric|imam|teacher|doctor|prisoner|detainee|chairman|chairwoman|chairperson|chair|head|deputy|candidate|vlogger|"
    "youtuber|analyst|commentator|coordinator|organi[sz]er|unionist|worker|farmer|pastor|priest|monitor|spokesperson"
)
_CUE_BEFORE = re.compile(rf"(?:{_by_first_letter(_CUE_WORDS.split('|'))})s?(?:\s+and\s+\w+)?\s*,?\s*")
_LIST_GAP = re.compile(r"[\s*]*(?:\([^()]{1,30}\)[\s*]*)?(?:,[\s*]*(?:and\s+|as well as\s+)?|and\s+|&\s+)[\s*]*")
# "Meydan TV’s Aynur Elgunesh", "Radio Azadliq’s Farid Mehralizade"
# A prosecution verb right before a name: "Magistrate Chiweshe acquitted Farai Ndlovu", "police detained Aziz Tursunov"
_VERB_BEFORE = re.compile(r"(?<![\w-])(?:acquitted|convicted|sentenced|jailed|imprisoned|arrested|detained|charged|"
                          r"indicted|summoned|fined|deported|expelled|pardoned|abducted|interrogated|re-arrested|rearrested)"
                          r"\s+(?=[A-Z])")
_ORG_POSSESSIVE = re.compile(r"(?=[A-Z])\b(?:TV|Radio|Media|News|Service|Times|Post|Agency|Liberty|Azadliq|Europe|[A-Z]{2,})['’]s\s*")
# A two-word name whose last word has the shape of a patronymic-derived surname
# ("Parvina Saidova", "Nino Beridze", "Anar Mammadli") is a person wherever it stands.
_SURNAME = re.compile(
    r"[A-Z][a-z]{2,}\s+[A-Z][a-z]{2,}(?:ova|eva|yeva|aeva|ov|ev|yev|zade|zada|uly|kyzy|qizi|gizi|"
    r"yan|ian|shvili|dze|enko|chuk|vich|ovich|evich|skaya|skiy|sky|ski|oglu|ogly|ovna|evna|bayev|bayeva|"
    r"ullayev|ullayeva|mammadli|li|lu)"
)
def _surname_shaped(name: str) -> bool:
    first = name.split()[0].lower()
    # "Since Mirgadirov's arrest", "Journalist Halykov": a function word or a title, not a given name
    return bool(_SURNAME.fullmatch(name)) and first not in _not_names() and first not in _role_words()


# Matched at a name's end with pattern.match(text, end, end + 90).
_CUE_AFTER = re.compile(
    r"(?:\s*\([^)]{2,40}\))?(?:\s*,\s*(?:a|an|the|who|whose|his|her|\d{1,3}\b|aged|also)\b|\s+(?:was|were|has been|had been|is|remains|"
    r"and\s+[A-Z][a-z]+\s+[A-Z][a-z]+\s+were)\s+(?:\w+\s+)?(?:arrested|detained|sentenced|jailed|convicted|charged|"
    r"released|freed|summoned|acquitted|held|questioned|tortured|beaten|fined|banned|barred|taken|transferred|placed|"
    r"imprisoned|abducted|deported|expelled|pardoned|searched|put|added|designated|killed|found)\b)"
)


def _model_names(doc: WorkDoc) -> list[tuple[int, int, str | None, bool]]:
    """The model's PERSON entities as name spans: titles trimmed, swallowed words cut, cut names completed."""
    text = doc.text
    found: list[tuple[int, int, str | None, bool]] = []
    for ent in doc.entities:
        if ent.label == "ORG" and _possessed_person(doc, ent.start, ent.end):
            # "at the corner of Yanelis Carrasco Pérez's house": the model's ORG, a person's name by its shape
            found.append((ent.start, ent.end - 2, None, True))
            continue
        if ent.label != "PERSON":
            continue
        s, e, role = _clean_name(text, ent.start, ent.end)
        # The model often swallows a trailing word ("Mamai weas"); keep the name-shaped prefix.
        m = _name_shape().match(text, s, e)
        if m and m.end() < e and _plausible_name(text[s:m.end()]):
            e = m.end()
        # ... or cuts a name short ("Daylín" of "Daylín Fonseca Mora"); take the whole name-shaped run.
        longer = _name_shape().match(text, s)
        if longer and longer.end() > e and s >= doc.title_end:
            long_start, long_end, long_role = _clean_name(text, s, longer.end())
            extra = text[e:long_end].split()
            if (long_end > e and len(extra) <= 2 and _plausible_name(text[long_start:long_end])
                    and not _is_place_or_org(doc, long_start, long_end)):
                # a title the model took for a name of its own: "[Magistrate] [Sarah Atim]"
                s, e, role = long_start, long_end, long_role or role
        s = _extend_left(doc, s)
        if e > s:
            found.append((s, e, role, True))
    return found


def _possessed_person(doc: WorkDoc, start: int, end: int) -> bool:
    """Whether an ORG entity is a person's name with a possessive ("Yanelis Carrasco Pérez's"): two to four
    name-shaped words that are no organization's, one of whose surnames the text goes on to use alone."""
    text = doc.text
    if text[end - 2:end] not in ("'s", "’s"):
        return False
    name = text[start:end - 2]
    tokens = name.split()
    if not 2 <= len(tokens) <= 4 or not _plausible_name(name) or org_shaped(name) or lexicon.org_by_name(name):
        return False
    return any(re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", text[end:]) for t in tokens[1:])


def _rule_names(doc: WorkDoc, model: list[tuple[int, int, str | None, bool]]) -> list[tuple[int, int, str | None, bool]]:
    """Name-shaped spans outside the model's names that have a cue: an occupation or title before,
    an apposition or a prosecution verb after, a patronymic surname, or a place in a list of names."""
    text = doc.text
    # in_model[i]: some model span (ms, me) has ms <= i < me; a match overlaps a model name's edge
    # when its first or its last character lies inside one (a per-character table, not a scan per match).
    in_model = bytearray(len(text) + 1)
    for ms, me, _, _ in model:
        in_model[ms:me] = b"\x01" * (me - ms)
    # Where an occupation ("journalist ") or an outlet's possessive ("Meydan TV’s ") ends: a name there is cued.
    cued = {m.end() for rx in (_CUE_BEFORE, _ORG_POSSESSIVE, _VERB_BEFORE) for m in rx.finditer(text)}
    found: list[tuple[int, int, str | None, bool]] = []
    pending: list[tuple[int, int, str | None]] = []
    for m in _name_shape().finditer(text):
        s, e = m.start(), m.end()
        if in_model[s] or in_model[e - 1]:
            continue
        s, e, role = _clean_name(text, s, e)
        if e <= s:
            continue
        # Outside the model's entities, a name needs a cue: an occupation before it, or
        # an apposition or a prosecution verb after it (cheap tests first).
        if (s in cued or role is not None or _surname_shaped(text[s:e]) or _CUE_AFTER.match(text, e, e + 90)
                or _occupation_before(doc, s)):
            found.append((s, e, role, False))
        else:
            pending.append((s, e, role))
    # A name whose last word the text goes on to use alone, as one does a surname or given name
    # ("The verdict reached Phal Rithisak ... who pays Rithisak's rent"), is a name too.
    for item in list(pending):
        s, e, role = item
        words = text[s:e].split()
        if (2 <= len(words) <= 4 and text.count(words[-1]) >= 3 and _plausible_name(text[s:e])
                and not _names_a_place_or_role(words) and _used_alone(text, words[-1], s, e) >= 2):
            found.append((s, e, role, False))
            pending.remove(item)
    # A name listed beside an accepted name is a name too: "X, Y, Z and W were detained".
    accepted_starts = sorted(f[0] for f in model + found)
    accepted_ends = sorted(f[1] for f in model + found)
    changed = True
    while changed and pending:
        changed = False
        for item in list(pending):
            s, e, role = item
            if _listed_beside(text, s, e, accepted_starts, accepted_ends) and _plausible_name(text[s:e]):
                found.append((s, e, role, False))
                bisect.insort(accepted_starts, s)
                bisect.insort(accepted_ends, e)
                pending.remove(item)
                changed = True
    return found


def _listed_beside(text: str, s: int, e: int, starts: list[int], ends: list[int]) -> bool:
    """Whether a list separator (", ", " and ") of at most 40 characters joins ``s:e`` to an accepted name:
    one that ends 1 to 40 characters before ``s`` or starts 1 to 40 after ``e`` (sorted offsets, bisected)."""
    i = bisect.bisect_left(ends, s - 40)
    while i < len(ends) and ends[i] < s:
        if _LIST_GAP.fullmatch(text, ends[i], s):
            return True
        i += 1
    i = bisect.bisect_left(starts, e + 1)
    while i < len(starts) and starts[i] <= e + 40:
        if _LIST_GAP.fullmatch(text, e, starts[i]):
            return True
        i += 1
    return False


def _names_a_place_or_role(words: list[str]) -> bool:
    """ "Southern Thailand", "Better Zambia", "Journalist Nurgeldy Halykov": a place word, or a role before the name."""
    if lexicon.find_occupations(words[0]):
        return True
    return any(h.end - h.start >= len(w) - 1 for w in words for h in lexicon.find_places(w))


def _used_alone(text: str, word: str, start: int, end: int) -> int:
    """How often ``word`` stands alone (not after another capitalized word) outside ``start:end``."""
    if len(word) < 4 or not word[:1].isupper() or word.lower() in _not_names():
        return 0
    count = 0
    at = text.find(word)
    while at >= 0:
        after = at + len(word)
        alone = (not (start <= at < end) and not _WORD_CHAR.match(text[at - 1:at] or " ")
                 and not _WORD_CHAR.match(text[after:after + 1] or " "))
        if alone and not _CAPITALIZED_BEFORE.search(text, max(0, at - 30), at):
            count += 1
        at = text.find(word, after)
    return count


_WORD_CHAR = re.compile(r"[\w-]")
_CAPITALIZED_BEFORE = re.compile(r"[A-Z][\w'’-]*\s+$")


def _candidate_names(doc: WorkDoc) -> list[tuple[int, int, str | None, bool]]:
    """(start, end, title role, from_model) of every likely person-name span, overlaps resolved."""
    text = doc.text
    found = _model_names(doc)
    found += _rule_names(doc, found)
    found = _join_nicknames(text, found)
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, str | None, bool]] = []
    last_end = -1
    for s, e, role, model in found:
        if s < last_end:
            continue
        name = nickname_parts(text[s:e])[0]
        if not _plausible_name(name) or _is_place_or_org(doc, s, e):
            continue
        if text[s - 1:s] in ('"', "“") and text[e:e + 1] in ('"', "”"):
            continue  # 'referred to the president as "Chumbu Mushololwa"': a quoted epithet, not a person
        if doc.dateline is not None and (s < doc.dateline[1] or _dateline_agency(doc) == name):
            continue  # "(Steppe Newswire) -": the agency of the dateline, also in "he told Steppe Newswire"
        if _PEN_NAME.search(text, max(0, s - 25), s):
            continue  # "who wrote under the pen name Khang Sông Lam": another name of someone named
        if _named_as_outlet(doc, name):
            continue  # "the news site Ekspres Haber ... Her editor at Ekspres Haber, X": a site throughout
        if name in _named_as_settlement(doc):
            continue  # "the Phum Thmey community ... families still live in Phum Thmey": a place throughout
        out.append((s, e, role, model))
        last_end = e
    return _trim_headline_names(doc, out)


# 'Maria Lourdes "Malou" Dacanay', "Rodolfo 'Jun' Villanueva": a quoted nickname between given names and surname
_NICKNAME = re.compile(r"[ \u00a0]+[\"“'‘]([A-Z][\w.’'-]*(?:[ \u00a0][A-Z][\w.’'-]*)?)[\"”'’][ \u00a0]+(?=[A-Z])")


def _join_nicknames(text: str, found: list[tuple[int, int, str | None, bool]]) -> list[tuple[int, int, str | None, bool]]:
    """One span for a name with a quoted nickname inside, which the model and the rules see as two names
    or as given names alone; :func:`nickname_parts` gives its name without the nickname, and the other."""
    out = list(found)
    for s, e, role, model in found:
        m = _NICKNAME.match(text, e)
        if m is None:
            continue
        rest = _name_shape().match(text, m.end())
        if rest is None or text[rest.start():rest.end()].lower() in _not_names():
            continue
        out = [f for f in out if not (s <= f[0] < rest.end())]
        out.append((s, rest.end(), role, model))
    return out


def nickname_parts(name: str) -> tuple[str, str | None]:
    """'Maria Lourdes "Malou" Dacanay' gives ("Maria Lourdes Dacanay", "Malou Dacanay"); another name is itself."""
    m = _NICKNAME.search(name)
    if m is None:
        return name, None
    surname = name[m.end():]
    return f"{name[:m.start()]} {surname}", f"{m.group(1)} {surname}"


def _dateline_agency(doc: WorkDoc) -> str | None:
    """The agency a dateline names in parentheses: "ALMATY, Oct 3 (Steppe Wire) - " gives "Steppe Wire"."""
    if doc.dateline is None:
        return None
    m = re.search(r"\(([^)]+)\)", doc.text[doc.dateline[0]:doc.dateline[1]])
    return m.group(1).strip() if m else None


_HEADLINE_WORDS = frozenset(
    "alleges says said calls urges condemns demands faces gets receives wins loses denies remains begins ends "
    "launches sentenced arrested detained released jailed freed amid amidst over after before against despite "
    "continues starts marks goes returns appeals slams decries warns vows plans seeks sues".split()
)


def _trim_headline_names(doc: WorkDoc, found: list[tuple[int, int, str | None, bool]]) -> list[tuple[int, int, str | None, bool]]:
    """Cut title-case headline words off names: "Ulvi Hasanli Alleges Torture" is "Ulvi Hasanli"."""
    text = doc.text
    body_keys = {name_key(" ".join(text[s:e].split())) for s, e, _, _ in found if s >= doc.title_end}
    out = []
    for s, e, role, model in found:
        tokens = list(_WORD.finditer(text[s:e]))
        if s < doc.title_end and len(tokens) >= 3:
            for n in range(len(tokens) - 1, 1, -1):
                end = s + tokens[n - 1].end()
                if name_key(" ".join(text[s:end].split())) in body_keys:
                    e = end
                    break
        tokens = list(_WORD.finditer(text[s:e]))
        while len(tokens) > 2 and tokens[-1].group().lower().strip(".,") in _HEADLINE_WORDS:
            e = s + tokens[-2].end()
            tokens = tokens[:-1]
        out.append((s, e, role, model))
    return out


_SPACES_COMMAS = re.compile(r"[\s,]*")


def _occupation_before(doc: WorkDoc, start: int) -> bool:
    """An occupation word right before a name: "translator Mahammad Kekalov": one that starts at most 40
    characters before ``start`` and ends there, or before spaces and commas that reach it."""
    return start in _occupation_ends(doc)


def _occupation_ends(doc: WorkDoc) -> set[int]:
    """Every offset where :func:`_occupation_before` holds, found once per document."""
    ends = doc.cache.get(("occupation ends",))
    if ends is None:
        ends = doc.cache[("occupation ends",)] = set()
        for occ in lexicon.find_occupations(doc.text):
            gap = _SPACES_COMMAS.match(doc.text, occ.end)  # always matches ("*")
            gap_end = gap.end() if gap else occ.end
            ends.update(range(occ.end, min(gap_end, occ.start + 40) + 1))
    return ends


_NAME_SPACES = re.compile(r"[\s\u00a0]+")


def _tokens(name: str) -> list[str]:
    return list(_name_tokens(name))


@lru_cache(maxsize=8192)  # a name: a short string, asked for again and again while clustering
def _name_tokens(name: str) -> tuple[str, ...]:
    particles = _particles()
    return tuple(t for t in _NAME_SPACES.split(name) if t and t.lower() not in particles and not t.endswith("."))


_SERVANT_OF = re.compile(r"(?i:abd[eu]l|abd|abdal|abdol|abdoul)")


@lru_cache(maxsize=8192)  # as _name_tokens
def _token_keys(name: str) -> frozenset[str]:
    keys = set()
    tokens = list(_name_tokens(name))
    i = 0
    while i < len(tokens) - 1:
        if _SERVANT_OF.fullmatch(tokens[i]):
            # "Abdel Rahman" is "Abdelrahman": a theophoric name written in two words or one
            tokens[i:i + 2] = [tokens[i] + tokens[i + 1]]
        i += 1
    for token in tokens:
        keys.add(name_key(token))
        # "al-Najjar" is also "Najjar"
        if "-" in token:
            for piece in token.split("-"):
                if len(piece) > 2 and piece.lower() not in _particles():
                    keys.add(name_key(piece))
    return frozenset(keys)


_FEMALE_ENDING = re.compile(r"(?:ova|eva|yeva|skaya|kaya)$")  # Slavic and Turkic: the ending settles it
_MALE_ENDING = re.compile(r"(?:ov|ev|yev|sky|skiy|uly|oglu|ogly)$")
# Endings several languages share ("-in": Russian Pushkin, Turkish Tekin, Persian Amin): a guess a pronoun may overrule
_FEMALE_HINT = re.compile(r"(?:ina|aya|zade?h?)$")
_MALE_HINT = re.compile(r"(?:in|iy)$")
_NOT_FEMININE_A = frozenset("nikita luca ilya musa isa yahya mustafa hamza osama usama taha akira joshua".split())


def _guess_gender(name: str) -> tuple[str | None, bool]:
    """The gender a name's shape suggests, and whether that is only a guess (see the endings above)."""
    tokens = _tokens(name)
    if not tokens:
        return None, False
    last = lexicon.fold(tokens[-1]).lower()  # "Kocaoğlu" ends as "oglu" does
    first = lexicon.fold(tokens[0]).lower()
    if _FEMALE_ENDING.search(last):
        return "f", False
    if _MALE_ENDING.search(last):
        return "m", False
    if _FEMALE_HINT.search(last) and not last.endswith("zade"):
        return "f", True
    if _MALE_HINT.search(last):
        return "m", True
    if first.endswith(("a", "ia", "ya")) and first not in _NOT_FEMININE_A:
        return "f", True
    return None, False


# --------------------------------------------------------------------------- main


def find_people(doc: WorkDoc) -> None:
    """Fill ``doc.persons`` and ``doc.mentions`` (names, then pronouns, nominals and groups)."""
    text = doc.text
    candidates = _candidate_names(doc)
    persons: list[Person] = []
    name_mentions: list[PersonMention] = []
    multi = sorted(candidates, key=lambda c: c[0])
    for s, e, role, _model in multi:
        name, nickname = nickname_parts(" ".join(text[s:e].split()))
        keys = _token_keys(name)
        target = _match_cluster(persons, name, keys)
        if target is None and nickname is not None:
            target = _match_cluster(persons, nickname, _token_keys(nickname))
        if target is None:
            gender, guessed = _guess_gender(name)
            person = Person(idx=len(persons), name=name, span=doc.span(s, e), names=[name], gender=gender,
                            gender_guessed=guessed)
            if s < doc.title_end:
                person.headline_only = True
            persons.append(person)
            target = person
        else:
            if name not in target.names:
                target.names.append(name)
            if len(_tokens(name)) > len(_tokens(target.name)):
                target.name = name
                target.span = doc.span(s, e)
            if s >= doc.title_end:
                target.headline_only = False
        if nickname is not None and nickname not in target.names:
            target.names.append(nickname)
        if role:
            target.vote(role, 2)
        name_mentions.append(PersonMention(s, e, (target.idx,), "name"))
        _parenthesized_alias(doc, target, e)
    for idx in _bench(text, name_mentions):
        persons[idx].vote("judge", 3)
    for person in persons:
        if _is_leader(person.name):
            person.vote("official", 3)  # "petition Lukashenko for a pardon": the head of state, whatever the verb
    doc.persons = persons
    taken = [(m.start, m.end) for m in name_mentions]
    name_mentions += _single_token_mentions(doc, taken)
    name_mentions.sort(key=lambda m: m.start)
    doc.mentions = name_mentions
    _attributes(doc)
    _addressees(doc)
    _link_references(doc)


_BENCH_TITLE = re.compile(r"\b(?:Justices|Judges|Magistrates)\s+$")
_BENCH_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")
_BENCH_AFTER = re.compile(r"\s+and\s+(?:Justices|Judges|Magistrates)\s+$")


def _bench(text: str, mentions: list[PersonMention]) -> set[int]:
    """The persons a plural judicial title makes judges: "Vice-President Raymond Chau and Justices Helen Fok
    and Edwin Lam upheld the conviction": the names it heads, and the one named right before it."""
    out: set[int] = set()
    for i, m in enumerate(mentions):
        if not _BENCH_TITLE.search(text, max(0, m.start - 12), m.start):
            continue
        out.update(m.persons)
        j = i + 1
        while j < len(mentions) and _BENCH_JOIN.fullmatch(text, mentions[j - 1].end, mentions[j].start):
            out.update(mentions[j].persons)
            j += 1
        if i > 0 and _BENCH_AFTER.fullmatch(text, mentions[i - 1].end, m.start):
            out.update(mentions[i - 1].persons)
    return out


@cache
def _leader_names() -> frozenset[str]:
    """Heads of state and government, by full name (people.yaml ``leaders``), as name keys."""
    return frozenset(name_key(n) for n in _rules().get("leaders", []))


def _is_leader(name: str) -> bool:
    return name_key(name) in _leader_names()


def _match_cluster(persons: list[Person], name: str, keys: frozenset[str]) -> Person | None:
    full = name_key(name)
    for person in persons:
        if any(name_key(n) == full for n in person.names):
            return person
    best: Person | None = None
    for person in persons:
        pkeys: set[str] = set()
        for n in person.names:
            pkeys |= _token_keys(n)
        # "Zhanbolat Mamai" and "Mamai Zhanbolat", or "Tayseer al-Najjar" and "Tayseer Najjar"
        if keys and (keys <= pkeys or pkeys <= keys) and len(keys & pkeys) >= 2:
            best = person
        elif len(keys) == 1 and keys <= pkeys and len(name.split()) >= 2:
            best = best or person  # "Ould Ahmed", "bin Salman": a particle and the surname of someone named
    if best is None:
        # "Uthman Abubakar" and "Usman Abubakar": one surname, given names that are spellings of one name
        tokens = [name_key(t) for t in _tokens(name)]
        for person in persons:
            other = [name_key(t) for t in _tokens(person.name)]
            if (len(tokens) == len(other) == 2 and tokens[1] == other[1] and len(tokens[1]) >= 4
                    and _spelling_variant(tokens[0], other[0])):
                return person
    return best


def _spelling_variant(a: str, b: str) -> bool:
    """Two transliterations of one given name: same first letter, at most two edits apart."""
    if a == b or not a or not b or a[0] != b[0] or min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 2:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] <= 2


def _parenthesized_alias(doc: WorkDoc, person: Person, end: int) -> None:
    m = re.match(r"\s*\(([A-Z][\w'’ .-]{1,40})\)", doc.text[end:end + 50])
    if not m:
        return
    alias = m.group(1).strip()
    if alias.isupper() or not alias[0].isupper() or any(ch.isdigit() for ch in alias):
        return
    s = end + m.start(1)
    doc.mentions.append(PersonMention(s, s + len(alias), (person.idx,), "name"))
    if alias not in person.names:
        person.names.append(alias)


_CAPITALIZED_WORD = re.compile(r"(?<![\w-])(?:(?:al|el|ul)-)?[A-Z][\w'’ʼ-]*\w(?:['’]s)?(?![\w-])")


_BENCH_ROLES = frozenset({"judge", "prosecutor"})


def _bench_titled(doc: WorkDoc, person: Person) -> bool:
    """Whether the name that introduced ``person`` follows a judge's or a prosecutor's title."""
    before = doc.text[max(0, person.span.start - 45):person.span.start]
    return any(role in _BENCH_ROLES and title.search(before) for role, title, _ in _role_contexts())


def _single_token_mentions(doc: WorkDoc, taken: list[tuple[int, int]]) -> list[PersonMention]:
    """Mentions by surname or given name alone ("Mamai", "Zhanbolat") of a known person."""
    index: dict[str, list[Person]] = {}
    for person in doc.persons:
        for n in person.names:
            keys = _token_keys(n)
            # A two-letter surname that opens a name of three words or more ("Lo Ka-yan", "Ng Man-kit")
            first = name_key(n.split()[0]) if len(n.split()) >= 3 or "-" in n else ""
            for key in keys:
                if len(key) >= 3 or (len(key) == 2 and key == first):
                    index.setdefault(key, [])
                    if person not in index[key]:
                        index[key].append(person)
    out: list[PersonMention] = []
    # Parenthesized aliases registered during clustering
    out += [m for m in doc.mentions if m.kind == "name"]
    if not index:
        return out  # no key to find
    # in_taken[i]: some taken span (ts, te) has ts <= i < te (a per-character table, not a scan per word)
    in_taken = bytearray(len(doc.text) + 1)
    for ts, te in taken + [(m.start, m.end) for m in out]:
        in_taken[ts:te] = b"\x01" * (te - ts)
    for m in _CAPITALIZED_WORD.finditer(doc.text):
        s, e = m.start(), m.end()
        word = m.group()
        if word.endswith(("'s", "’s")):
            e -= 2
            word = word[:-2]
        if in_taken[s]:
            continue
        key = name_key(word)
        if "-" in word and key not in index:
            key = name_key(word.split("-", 1)[1])
        people = index.get(key)
        if not people:
            continue
        if len(people) > 1:
            # "Saad" after "Yasser Saad" and "Rana El-Sayed" (one key): the one whose name has the word as written
            spelled = [p for p in people if any(word.lower() in _words_of(n) for n in p.names)]
            people = spelled or people
        if len(people) == 1:
            chosen = people[0]
        else:
            # Shared surname: the most recently named of them ...
            prior = [p for p in people if p.span.start <= s] or people
            # ... and not a judge or prosecutor whose title gave them away ("Justice Naveed Ahmed Khuhro"; the
            # "Mr Ahmed" granted bail is the co-accused Jaleel Ahmed)
            prior = [p for p in prior if not _bench_titled(doc, p)] or prior
            chosen = max(prior, key=lambda p: _last_mention_before(out, p.idx, s))
        out.append(PersonMention(s, e, (chosen.idx,), "name"))
    return out


def _words_of(name: str) -> set[str]:
    """The words of a name in lower case, and the parts of its hyphenated words ("El-Sayed": "el-sayed", "sayed")."""
    out = set()
    for w in name.lower().split():
        out.add(w)
        out.update(w.split("-"))
    return out


def _last_mention_before(mentions: list[PersonMention], idx: int, offset: int) -> int:
    best = -1
    for m in mentions:
        if idx in m.persons and m.start < offset:
            best = max(best, m.start)
    return best


@cache
def _any_title_at_end() -> tuple[re.Pattern[str], int] | None:
    """Any of :func:`_role_contexts`' titles, at the end, and the longest text it matches; None when a role
    noun ends in other than a word character (then :func:`_ends_in` cannot tell where it must end)."""
    nouns = [n for ns in _rules()["role_nouns"].values() for n in ns]
    if not all(re.search(r"\w$", n) for n in nouns):
        return None
    alts = "|".join(f"(?:{pattern.pattern})" for _, pattern in _role_patterns())
    return re.compile(rf"(?:{alts})$", re.I), max(map(len, nouns))


def _any_title_before(before: str) -> bool:
    """Whether any of :func:`_role_contexts`' titles before a name matches ``before``."""
    at_end = _any_title_at_end()
    if at_end is not None:
        portfolio = _PORTFOLIO_END.search(before)
        return _ends_in(at_end[0], at_end[1], before, 0, len(before)) or (
            portfolio is not None and _ends_in(at_end[0], at_end[1], before, 0, portfolio.start()))
    return any(title_before.search(before) for _, title_before, _ in _role_contexts())


def _ends_in(pattern: re.Pattern[str], width: int, text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends in a match of ``pattern`` (anchored with "$", at most ``width``
    characters, ending in a word character), then spaces with at most one comma: as ``(?:P)\\s*(?:,\\s*)?$``
    searched over the whole stretch, but that match can only end where those spaces and that comma begin,
    so one bounded search there."""
    before = text[start:end].rstrip()
    if before.endswith(","):
        before = before[:-1].rstrip()
    stop = start + len(before)
    return pattern.search(text, max(start, stop - width), stop) is not None


_COMMA_NEXT = re.compile(r"\s*,")
# "her counsel, Advocate Sikandar B.", "Adv. Priya M.": the capitalized title of a lawyer in South Asian and
# African courts (a lower-case "rights advocate X" is an activist, and may be the one prosecuted)
_ADVOCATE_TITLE = re.compile(r"(?<![\w-])(?<!Rights )(?<!Rights\n)(?:Advocate|Adv\.)\s+$")
_KIN_BEFORE = re.compile(r"(?:his|her|their|['’]s)\s+$")
_ACCORDING_TO = re.compile(r"\b(?:[Aa]ccording\s+to|[Aa]s\s+told\s+by)\s+$")
_TITLE_GUARD = re.compile(r"\b(?:of|for|against|on|to|with|by)\s+(?:the\s+)?(?:\w+\s+){0,2}$")
_AGE_BEFORE = re.compile(r"(\d{1,3})-year-old\s+(?:\w+\s+){0,3}$")
# "X, 44, ...", "X, aged 44, ...", "... and Y, 16." (at a sentence's end), "X, a 44-year-old lawmaker"
_AGE_AFTER = re.compile(r"\s*,\s*(?:aged\s+)?(\d{1,3})\s*(?:,|\.(?=\s|$))|\s*,\s*an?\s+(\d{1,3})-year-old\b")
# Matched within text[occupation end:name start] and text[name end:occupation start]
_OCCUPATION_GAP = re.compile(r"[\s,]*(?:(?:and|&)\s+[\w-]+\s+)?")
_OCCUPATION_APPOSED = re.compile(r"\s*,\s*(?:(?:a|an|the|who is|who was)\s+)?(?:[\w-]+\s+){0,4}$")


def _attributes(doc: WorkDoc) -> None:
    """Roles from appositions and title nouns, occupations, ages, and speakers' organizations."""
    text = doc.text
    for mention in [m for m in doc.mentions if m.kind == "name"]:
        person = doc.persons[mention.persons[0]]
        sent_start, sent_end = doc.sentence_of(mention.start)
        before = text[max(sent_start, mention.start - 45):mention.start]
        after = text[mention.end:min(sent_end, mention.end + 70)]
        # One search for any role's title first: most names have none. Every apposition opens with a comma.
        any_title = _any_title_before(before)
        comma_after = _COMMA_NEXT.match(after) is not None
        if any_title or comma_after:
            for role, title_before, apposition_after in _role_contexts():
                # "lawyer Ali Aliyev", "Judge X"; "X, his lawyer," / "X, director of Y"
                titled = title_before.search(before) if any_title else None
                if titled and role == "relative" and before[titled.start()].isupper() and not _KIN_BEFORE.search(
                        before[:titled.start()]):
                    titled = None  # "Father Ramiro", "Brother Ahmed": a priest's or a monk's title, not kin
                if titled:
                    # ... but "the lawyer of journalist X": X is not the lawyer ("Justice of Appeal X" is a judge)
                    guard = _TITLE_GUARD.search(before[-25:])
                    # "a High Court bench of Justice Farhana Akter": a capitalized title is the name's own
                    if (guard is None or len(before) - 25 + guard.start() >= titled.start()
                            or (role == "judge" and before[titled.start()].isupper())):
                        person.vote(role)
                if comma_after and apposition_after.match(after) and not _ACCORDING_TO.search(before):
                    person.vote(role)  # not "According to X, prosecutors questioned them": a new clause
        if _ADVOCATE_TITLE.search(before):
            person.vote("lawyer")
        m = _AGE_BEFORE.search(before) if "-year-old" in before else None
        if m is None:
            # "X, 44, ...", "X, aged 44, ...", "X, a 44-year-old lawmaker"
            m = _AGE_AFTER.match(after)
            offset = mention.end
        else:
            offset = max(sent_start, mention.start - 45)
        group = 1 if m is not None and m.group(1) else 2
        if m is not None and person.age is None and 12 <= int(m.group(group)) <= 100:
            s = offset + m.start(group)
            person.age = (int(m.group(group)), doc.span(s, s + len(m.group(group))))
        window_start = max(sent_start, mention.start - 60)
        window_end = min(sent_end, mention.end + 120)
        for occ in lexicon.find_occupations(text, window_start, window_end):
            # "writer X", and "blogger and writer X"
            close_before = occ.end <= mention.start and bool(_OCCUPATION_GAP.fullmatch(text, occ.end, mention.start))
            close_after = occ.start >= mention.end and _OCCUPATION_APPOSED.match(text, mention.end, occ.start)
            if close_before or close_after:
                if occ.occupation not in [o for o, _ in person.occupations]:
                    person.occupations.append((occ.occupation, doc.span(occ.start, occ.end)))
        if person.org is None:
            found = _speaker_org(doc, mention.start, mention.end, sent_start, sent_end)
            if found is not None:
                person.org, person.org_kind = found
                # Staff of a media outlet are as often the prosecuted as the ones who speak.
                if person.org_kind != "media":
                    person.vote("advocate")


_CALL_ON = re.compile(r"\b(?:call(?:s|ed|ing)?\s+(?:on|upon)|urg(?:e|es|ed|ing)|appeal(?:s|ed|ing)?\s+to)\s+", re.I)


def _addressees(doc: WorkDoc) -> None:
    """Those a statement calls on ("IRFS calls on rapporteurs X and Y to condemn ...") are office-holders
    being asked to act, not people in the case."""
    text = doc.text
    names = [m for m in doc.mentions if m.kind == "name"]
    for s_start, s_end in doc.sentences:
        for call in _CALL_ON.finditer(text, s_start, s_end):
            stop = re.compile(r"\bto\s+(?!the\b|a\b)[a-z]+\b").search(text, call.end(), s_end)
            end = stop.start() if stop else call.end()
            for m in names:
                if call.end() <= m.start and m.end <= end:
                    doc.persons[m.persons[0]].vote("official", 3)


class _Org:
    __slots__ = ("start", "end", "name", "kind")

    def __init__(self, start: int, end: int, name: str, kind: str) -> None:
        self.start, self.end, self.name, self.kind = start, end, name, kind


_SPEAKER_ROLE = (
    r"(?:executive |deputy |managing |regional |programme |program |country |advocacy |research |media |legal |"
    r"senior |general )?(?:director|head|chair(?:man|woman|person)?|researcher|president|coordinator|representative|"
    r"spokes(?:man|woman|person)|secretary[- ]general|secretary|founder|co-founder|rapporteur|officer|analyst|"
    r"campaigner|expert|adviser|advisor|manager|lawyer|counsel|editor|editor-in-chief|correspondent|monitor|"
    r"(?-i:CEO)|chief executive(?: officer)?)"
)


# An organization before a name: "Freedom Now's executive director X" (the roles lead up to the name)
_ROLES_BETWEEN = re.compile(rf"(?:['’]s)?\s*(?:{_SPEAKER_ROLE}\s*)+,?\s*", re.I)
# ... which needs the text before the name to end in a role
_ROLE_AT_END = re.compile(rf"(?:{_SPEAKER_ROLE})$", re.I)
_ROLE_WIDTH = 27  # the longest text _SPEAKER_ROLE matches: "programme secretary-general"
# An organization after a name: "X, executive director of Y", "X, the Y"
_ROLE_APPOSED = re.compile(
    rf"\s*,\s*(?:(?:the|a|an)\s+)?(?:[\w-]+\s+){{0,5}}(?:{_SPEAKER_ROLE})\s+"
    rf"(?:(?:of|for)\s+(?:the\s+)?[^,.;()]{{0,60}}?\s+(?:at|of|with)\s+|(?:of|at|for|with|from)\s+)?(?:the\s+)?\s*"
    rf"(?:[A-Z][\w.]*(?:\s[A-Z][\w.]*)?-based\s+|(?-i:[a-z][\w-]*)\s+){{0,2}}"
    rf"|\s*,\s*(?:the\s+)?", re.I)
_ANY_SPEAKER_ROLE = re.compile(_SPEAKER_ROLE, re.I)
# ... which, as _MEMBERS, needs one of these right after the name
_LINK_AFTER_NAME = re.compile(r"\s*[,(]|\s+(?:and|of|from)\s")


def _role_leads_up_to(text: str, w_start: int, start: int) -> bool:
    """Whether ``text[w_start:start]`` ends in a speaker's role, then spaces with at most one comma (what
    ``_ROLES_BETWEEN`` needs); every role ends in a letter."""
    return _ends_in(_ROLE_AT_END, _ROLE_WIDTH, text, w_start, start)


def _speaker_org(doc: WorkDoc, start: int, end: int, sent_start: int, sent_end: int) -> tuple[str, str] | None:
    """The organization a person speaks for: "Maran Turner, Freedom Now's executive director",
    "Freedom Now Executive Director Maran Turner", "X, head of the Y", "Y researcher X"."""
    text = doc.text
    w_start, w_end = max(sent_start, start - 80), min(sent_end, end + 160)
    if not _LINK_AFTER_NAME.match(text, end) and not _role_leads_up_to(text, w_start, start):
        # Neither an organization before the name (its role words lead up to the name) nor one after it
        # (a comma, a parenthesis, "and", "of" or "from" follows the name) can pass the tests below.
        return _antecedent_org(doc, start, end, sent_start, sent_end)
    orgs = organizations_in(doc, w_start, w_end)
    for org_start, org_end, org_name, org_kind in sorted(orgs):
        if org_kind not in ("ngo", "international_body", "media", "party", "other") and not (
                org_kind == "government" and _foreign(doc, org_name)):
            continue
        org = _Org(org_start, org_end, org_name, org_kind)
        if org.end <= start:
            between = text[org.end:start]
            if between.startswith(")"):
                between = between[1:]  # "U.S. Agency for Global Media (USAGM) CEO X": after the acronym
            ok = _ROLES_BETWEEN.fullmatch(between)
        else:
            between = text[end:org.start]
            ok = _ROLE_APPOSED.fullmatch(between) and (
                _ANY_SPEAKER_ROLE.search(between) or _POSSESSIVE_ROLE.match(text, org.end, min(sent_end, org.end + 80)))
            # "Lawmakers A (Nyando), B and C of the Y Association said": members who speak together
            ok = ok or (_MEMBERS.fullmatch(between) and _SPEECH_AFTER.match(text[org.end:org.end + 20]))
        if ok:
            return org.name, org.kind
    return _antecedent_org(doc, start, end, sent_start, sent_end)


# "X, CPJ's Europe and Central Asia program coordinator": a role after the organization's possessive, a
# desk or region between them
_POSSESSIVE_ROLE = re.compile(rf"['’]s\s+(?:[\w’'-]+\s+){{0,6}}?(?:{_SPEAKER_ROLE})\b", re.I)
# The names that may follow a speaker's in a list, each with a parenthesized constituency or title.
_MEMBERS = re.compile(
    r"(?:\s*\([^()]{1,30}\))?(?:\s*(?:,|,?\s+and)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3}(?:\s*\([^()]{1,30}\))?)*"
    r"\s+(?:of|from)\s+the\s+")
# "X, head of the association": the organization the text has just named
_ANAPHORIC_ROLE = re.compile(
    rf"\s*,\s*(?:the\s+)?(?:{_SPEAKER_ROLE})\s+(?:of|at|for|with)\s+the\s+"
    r"(association|union|group|organi[sz]ation|network|centre|center|foundation|institute|guild|syndicate|committee|"
    r"coalition|movement|federation|league|council|alliance)\b", re.I)


def _foreign(doc: WorkDoc, name: str) -> bool:
    """Whether a government body's name names a country other than the document's ("U.S. Agency for Global
    Media" in a report on Laos): its staff speak about the case from outside, as advocates."""
    votes = lexicon.country_votes(name)
    return bool(votes) and doc.country is not None and doc.country not in votes


# "Its executive director, Mrs X, urged ...": the organization the sentence before named
_ITS_ROLE = re.compile(rf"\W*Its\s+(?:{_SPEAKER_ROLE}\s*)+,?\s*(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?$", re.I)
# "X, the agency's chief executive"
_NOUN_ROLE = re.compile(
    rf"\s*,\s*the\s+(association|union|group|organi[sz]ation|network|centre|center|foundation|institute|guild|"
    rf"syndicate|committee|coalition|movement|federation|league|council|alliance|agency|society)['’]s\s+{_SPEAKER_ROLE}\b",
    re.I)


def _antecedent_org(doc: WorkDoc, start: int, end: int, sent_start: int, sent_end: int) -> tuple[str, str] | None:
    m = _ANAPHORIC_ROLE.match(doc.text, end, sent_end) or _NOUN_ROLE.match(doc.text, end, sent_end)
    if m is None:
        if _ITS_ROLE.match(doc.text, sent_start, start):
            for _, _, name, kind in reversed(organizations_in(doc, max(0, sent_start - 400), sent_start)):
                if kind in ("ngo", "international_body", "other"):
                    return name, kind
        return None
    noun = m.group(1).lower()
    generic = noun in ("group", "organisation", "organization", "agency")
    for _, _, name, kind in reversed(organizations_in(doc, 0, start)):
        if kind in ("ngo", "international_body", "media", "party", "other") and (generic or noun in name.lower()):
            return name, kind
    return None


_SPEECH_AFTER = re.compile(r"^[,]?\s+(?:said|says|added|adds|told|tells|stated|noted|wrote|explained|continued|argued|insisted|stressed)\b")


_AUTHORITY_SPEAKS = re.compile(
    r"\b(?:[Pp]olice|[Aa]uthorities|[Ii]nvestigators|[Oo]fficials|[Pp]rosecutors|[Oo]fficers|[Mm]inistry|[Cc]ommittee|"
    r"[Ss]ecurity\s+services)\s+(?:said|say|says|claimed|claim|stated|alleged|told\s+\w+)\s+(?:that\s+)?$")


_CROWD_BEFORE = re.compile(
    r"\b(?:\d[\d,]*|dozens?|hundreds?|thousands?|scores|several|many|(?:more|fewer)\s+than\s+\w+(?:\s+dozen|\s+hundred)?|"
    r"at\s+least\s+\w+|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty)\s+dozen)"
    rf"\s+(?:of\s+)?(?:[a-z-]+\s+)?(?:{CROWD_NOUNS})\b", re.I)


def _link_references(doc: WorkDoc) -> None:
    """Resolve pronouns, nominals ("the journalist") and groups ("the seven") to persons."""
    if not doc.persons:
        return
    text = doc.text
    genders = _pronoun_gender()
    names = sorted(doc.mentions, key=lambda m: m.start)
    refs: list[PersonMention] = []
    groups = list(_group_re().finditer(text))
    for g in groups:
        stem = _collective(g.group())
        named_next = any(0 <= n.start - g.end() <= 2 for n in names)  # "the bloggers X and Y": a title for the names
        if stem in ("men", "women") and _RESTRICTED.match(text, g.end()):
            continue  # "the men who beat them": which men, the clause says
        if (stem is not None and not named_next and not re.search(r"\bof\s+$", text[max(0, g.start() - 4):g.start()])
                and not _POSSESSOR.match(text, g.end())):
            # "none of the 9 defendants", "one of the journalists" speak of a part
            doc.collectives.append(Collective(g.start(), g.end(), stem))
    for m in _pronoun_re().finditer(text):
        word = m.group().lower()
        gender = genders[word]
        if gender == "plural":
            if _AUTHORITY_SPEAKS.search(text, max(0, m.start() - 60), m.start()):
                continue  # "Police said they had detained 14 people": the police, not the defendants
            if _CROWD_BEFORE.search(text, doc.sentence_of(m.start())[0], m.start()):
                continue  # "has arrested more than two dozen journalists, most of them ...": that crowd
            collective = _collective_before(doc, names, m.start())
            if collective is not None:
                # "The four journalists face charges ...; their lawyers say ...": still all of them
                doc.collectives.append(Collective(m.start(), m.end(), collective.stem))
                continue
            group = _recent_group(doc, names + refs, m.start())
            if group:
                refs.append(PersonMention(m.start(), m.end(), group, "group"))
            continue
        s_start = doc.sentence_of(m.start())[0]
        kin = _KIN_SUBJECT.get(gender)
        if kin is not None and kin.match(text, s_start, m.start()) and not any(
                s_start <= n.start < m.start() for n in names):
            continue  # "His mother said her son told her ...": the unnamed mother, not a named woman
        speech = bool(_SPEECH_AFTER.match(text[m.end():m.end() + 20]))
        target = _cataphor(doc, names, m.start(), m.end(), gender)
        if target is None:
            target = _salient_person(doc, names + refs, m.start(), gender, speaker=speech,
                                     object_of=word == "him" or (word == "her" and bool(_HER_OBJECT.match(text, m.end()))))
        if target is not None:
            refs.append(PersonMention(m.start(), m.end(), (target,), "pronoun"))
            person = doc.persons[target]
            if person.gender is None or person.gender_guessed:
                # a pronoun settles a gender the name's shape only suggested, whether it agrees or not
                person.gender, person.gender_guessed = gender, False
    for m in _nominal_re().finditer(text):
        noun = m.group("noun").lower()
        named = _apposed_name(text, names, m.end())
        if named is not None:
            # "the head of the outlet's bureau, Aynur E., ...": the name that follows, not an earlier one
            refs.append(PersonMention(m.start(), m.end(), named.persons, "nominal"))
            continue
        target = _salient_person(doc, names + refs, m.start(), None, occupation=noun)
        if (target is None or not _has_occupation(doc.persons[target], noun)) and not noun.endswith("year-old"):
            # "sentenced the editor-in-chief to nine years ... The editor-in-chief, Leyla N., founded ...": a
            # lede's role noun names the one the text introduces later with that occupation
            later = _introduced_later(doc, names, m.end(), noun)
            target = later if later is not None else target
        if target is not None:
            refs.append(PersonMention(m.start(), m.end(), (target,), "nominal"))
    for m in groups:
        words = m.group().split()
        lead = words[0].lower()
        if text[max(0, m.start() - 1):m.start()] == "(":
            continue  # "(both on November 20)": an aside on dates, not a reference
        if (_PART_OF.search(text, max(0, m.start() - 20), m.start()) or _POSSESSOR.match(text, m.end())
                or _RESTRICTED.match(text, m.end())):
            # "none of the journalists", "the journalists' colleagues", "the men who were beaten":
            # not the people just named
            continue
        age = _age_stem(words[1:])
        group = _recent_group(doc, names + refs, m.start(), all_of=lead in ("all", "these", "those"),
                              noun=f"{age}s" if age else words[-1], count=group_count(words))
        if group:
            refs.append(PersonMention(m.start(), m.end(), group, "group"))
    refs += _the_others(doc, names + refs)
    refs = _clients(doc, names, refs)
    refs += _profile_fields(doc, names)
    doc.mentions = sorted(names + refs, key=lambda x: x.start)
    doc.collectives.sort(key=lambda c: c.start)


# A profile page's charge field: "Charge: Article 117 of the 2015 Penal Code (...)". (Its other fields, "Sentence:",
# "Arrest date:", repeat what its body tells in sentences, and a term told twice in two forms would count twice.)
_PROFILE_FIELD = re.compile(r"(?m)^(?:Charges?|Charged\s+(?:with|under)|Articles?)[ \t]*:")


def _profile_fields(doc: WorkDoc, names: list[PersonMention]) -> list[PersonMention]:
    """On a profile page whose title is a person's name ("Võ Thành Lộc" over "Charge: Article 117 ..."), the
    charge field speaks of that person, though its line names no one."""
    if doc.title_end <= 0:
        return []
    title = doc.text[:doc.title_end].strip()
    owner = next((n for n in names if n.start < doc.title_end and doc.text[n.start:n.end].strip() == title
                  and len(n.persons) == 1), None)
    if owner is None:
        return []
    return [PersonMention(m.start(), m.end() - 1, owner.persons, "nominal") for m in _PROFILE_FIELD.finditer(doc.text)]


_CLIENT = re.compile(r"\b(?:[Hh]is|[Hh]er|[Mm]y|[Oo]ur|[Tt]heir)\s+client\b")
# Roles that speak for, judge or prosecute the accused, never the accused themselves (absent a step that befell them)
COUNSEL_ROLES = frozenset({"lawyer", "advocate", "judge", "prosecutor", "official"})


def _clients(doc: WorkDoc, names: list[PersonMention], refs: list[PersonMention]) -> list[PersonMention]:
    """ "His lawyer, X, said his client had bruises": the lawyer's client is the last one named who is not
    counsel, a judge or an official; the possessive pronoun inside it is the lawyer, and goes."""
    if "client" not in doc.text:
        return refs
    for m in _CLIENT.finditer(doc.text):
        reach = _sentences_back(doc, doc.sentence_index(m.start()), 4)
        named = [n for n in names if reach <= n.start < m.start() and len(n.persons) == 1
                 and doc.persons[n.persons[0]].role not in COUNSEL_ROLES]
        if not named:
            continue
        refs = [r for r in refs if not (m.start() <= r.start < m.end())]
        refs.append(PersonMention(m.start(), m.end(), named[-1].persons, "nominal"))
    return refs


def _the_others(doc: WorkDoc, mentions: list[PersonMention]) -> list[PersonMention]:
    """ "found A, B, C and D guilty ... D, who fled in 2022, was tried in absentia. The other three were
    arrested in October 2023": the last list of names but the one just spoken of."""
    out: list[PersonMention] = []
    if "other" not in doc.text and "remaining" not in doc.text:
        return out  # _OTHERS needs one of them
    for m in _OTHERS.finditer(doc.text):
        count = group_count([m.group(1)])
        if not count:
            continue
        before = sorted((x for x in mentions if x.end <= m.start() and x.kind != "group"), key=lambda x: x.start)
        if not before:
            continue
        spoken_of = set(before[-1].persons)
        by_sentence: dict[int, list[int]] = {}
        for x in before:
            for idx in x.persons:
                members = by_sentence.setdefault(doc.sentence_index(x.start), [])
                if idx not in members:
                    members.append(idx)
        for _, members in sorted(by_sentence.items(), reverse=True):
            rest = [i for i in members if i not in spoken_of]
            if len(members) >= count + 1 and len(rest) == count:
                out.append(PersonMention(m.start(), m.end(), tuple(rest), "group"))
                break
    return out


_OTHERS = re.compile(r"[Tt](?<!\w.)he\s+(?:other|remaining)\s+(\d{1,2}|[a-z]+)\b(?!\s+(?:years?|months?|days?|weeks?|of)\b)")


_COLLECTIVE_NOUNS = frozenset(
    "individual people person accused activist journalist reporter blogger defendant detainee prisoner politician "
    "editor student member employee staffer dissident protester suspect worker unionist farmer teacher writer poet "
    "artist musician rapper academic scholar researcher cleric imam pastor priest believer worshipper monk nun "
    "defender figure campaigner demonstrator organiser organizer volunteer photographer men women".split()
) | frozenset(("minor", "adult"))
# Groups named by age: "the minors", "the children", "the juveniles"; "the adult defendants"
_UNDER_AGE_WORDS = frozenset("minor minors child children juvenile juveniles teenager teenagers underage teenage".split())
_ADULT_WORDS = frozenset(("adult", "adults"))
AGE_STEMS = frozenset(("minor", "adult"))


# a part of a group, not all of it ("each of the three" is all of them, one by one)
_PART_OF = re.compile(r"\b(?:none|one|some|several|many|few|any|either|neither|two|three|four|five|most|last|first|rest|youngest|oldest)\s+of\s+$",
                      re.I)
# (but "upheld both women's sentences": the sentences are theirs, so the group is who the step befell)
_POSSESSOR = re.compile(r"['’]s?\s+(?!(?:sentences?|convictions?|terms?|appeals?|cases?|charges?|detention|arrests?|"
                        r"release|trials?|verdicts?)\b)[a-z]")
_RESTRICTED = re.compile(r"\s+(?:who|whom|whose|that)\b")
_AUXILIARIES = frozenset("are were is was have has had been being".split())
_NOT_COLLECTIVE = frozenset(
    "other many some most several few two both against for with from by about on in to at and or case cases trial "
    "trials arrest arrests release number".split()
)


def _collective(phrase: str) -> str | None:
    """The noun stem when a group phrase names a whole set of defendants ("the journalists",
    "all arrested Meydan TV journalists", "the 10 individuals"), not a part or a measure of one."""
    words = re.sub(r"^(all)\s+of\s+the\s+", r"\1 ", phrase, flags=re.I).split()  # "All of the men"
    if len(words) < 2 or words[0].lower() not in ("the", "all", "these", "those") or "of" in words:
        return None
    if any(w.lower() in _NOT_COLLECTIVE for w in words[1:]):
        return None  # "the other journalists", "the case against independent journalists"
    if any(w.lower() in _AUXILIARIES for w in words[1:-1]):
        return None  # "The pair are accused of ...": a verb, not the noun "the accused"
    if len(words) == 2 and (words[1].isdigit() or words[1].lower() in _rules()["numbers"]):
        # "all four", "the seven": a count of the defendants (a pair stays a recent pair)
        count = int(words[1]) if words[1].isdigit() else _rules()["numbers"][words[1].lower()]
        return "people" if count >= 3 else None
    stem = words[-1].lower().rstrip("s") if words[-1].lower() != "people" else "people"
    age = _age_stem(words[1:])
    if age is not None and (stem in _COLLECTIVE_NOUNS or age == "minor" and words[-1].lower() in _UNDER_AGE_WORDS):
        return age  # "the minors", "the children", "the adult defendants": those of that age
    return stem if stem in _COLLECTIVE_NOUNS else None


def _age_stem(words: list[str]) -> str | None:
    """ "minor" or "adult" when a group's words name an age ("the minors", "the adult protesters")."""
    lowered = {w.lower().strip(",.;") for w in words}
    if lowered & _UNDER_AGE_WORDS:
        return "minor"
    if lowered & _ADULT_WORDS:
        return "adult"
    return None


def _collective_before(doc: WorkDoc, names: list[PersonMention], offset: int) -> Collective | None:
    """The collective a plural pronoun continues: one at most three sentences back, with no name
    between them."""
    before = [c for c in doc.collectives if c.end <= offset]
    if not before:
        return None
    c = max(before, key=lambda c: c.start)
    c_sentence = doc.sentence_index(c.start)
    if doc.sentence_index(offset) - c_sentence > 3:
        return None
    if any(c.end <= n.start < offset for n in names):
        # Names in between take over, unless the collective was its sentence's subject: "They held up
        # posters about X and Y. ... their commitment" still means the defendants.
        s_start = doc.sentences[c_sentence][0]
        if c.start - s_start > 40 or any(s_start <= n.start < c.start for n in names):
            return None
    return c


_APPOSITION = re.compile(r"(?:\s+(?:of|at|for)\s+[^,.;:()“”\"]{1,60})?\s*,?\s*")


def _apposed_name(text: str, names: list[PersonMention], offset: int) -> PersonMention | None:
    """The name set in apposition right after a nominal ("the head of X, NAME"), if any."""
    m = _APPOSITION.match(text, offset)
    if m is None:
        return None
    for name in names:
        if name.start == m.end() and len(name.persons) == 1:
            return name
        if name.start > m.end():
            break
    return None


_NON_TARGET_ROLES = {"lawyer", "judge", "prosecutor", "official", "advocate", "relative", "witness"}


_CLAUSE_WORDS = r"\b(?:who|whom|which|that|and|but|after|before|when|while|because|said|says|told)\b"
# "X, a student who was detained with him": the relative clause is X's own, so "him" is someone else; so
# is X's own verb after it ("X, who was at the house, was taken into custody with her").
_OWN_RELATIVE = re.compile(r"(?:,\s+(?:an?|the)\s+[^,;.()“”\"]{1,60})?,?\s+who\s+[^,;.()“”\"]*"
                           rf"(?:,(?:(?!{_CLAUSE_WORDS})[^,;.()“”\"])*)?")
_CLAUSE_BETWEEN = re.compile(rf"[,;:()“”\"]|{_CLAUSE_WORDS}")
# A sentence whose subject is an unnamed relative of that gender ("His mother said ..."): its pronouns are hers
_KIN_SUBJECT = {
    gender: re.compile(rf"[\"“]?(?:His|Her|Their)\s+(?:elder\s+|younger\s+|late\s+)?(?:{words})\b(?!,)")
    for gender, words in (("f", "mother|wife|sister|daughter|grandmother|aunt|widow|fianc[eé]e"),
                          ("m", "father|husband|brother|son|grandfather|uncle|fianc[eé]"))
}
# "her" as an object ("taken into custody with her.", "sent her to jail"), not a possessive ("her lawyer")
_HER_OBJECT = re.compile(r"\s*(?:[.,;:!?)”\"]|$|(?:and|or|to|in|on|at|for|from|with|after|before|until|since|as|"
                         r"because|when|while|into|over|under|by|of|that|free|home|back|guilty)\b)")


_OPENING_PHRASE = re.compile(r"(?:(?:Shortly|Soon|Hours|Days|Weeks|Months|Years)\s+|"
                             r"(?:The|A|One)\s+(?:day|week|month|morning|evening|night)\s+)?(?:After|after|Before|Since|Following|Upon|"
                             r"During|Despite|Speaking|Asked|Writing|Commenting|Reacting)\b[^,;]*$")


@cache
@cache  # asked of every person near each nominal; the nominal nouns are few
def _occupation_labels(noun: str) -> frozenset[str]:
    # a nominal comes lower-cased; an acronym among occupations is written in capitals ("the MP")
    return frozenset(h.occupation for h in lexicon.find_occupations(noun.upper() if len(noun) <= _ACRONYM_MAX else noun))


def _has_occupation(person: Person, noun: str) -> bool:
    occs = {o for o, _ in person.occupations}
    # (or in the words the text gave it: "the opposition leader X" is a politician, and "the leader")
    return (any(noun in o or o in noun for o in occs) or bool(_occupation_labels(noun) & occs)
            or any(re.search(rf"\b{re.escape(noun)}\b", span.quote, re.I) for _, span in person.occupations))


def _introduced_later(doc: WorkDoc, names: list[PersonMention], after: int, noun: str) -> int | None:
    """The one person named after ``after`` whom the text gives the occupation ``noun``, if exactly one."""
    found = {i for n in names if n.start >= after and n.kind == "name" for i in n.persons
             if _has_occupation(doc.persons[i], noun)}
    return found.pop() if len(found) == 1 else None


# A subject that is no name and its verb ("police produced", "the court remanded", "officers took"), or
# nothing: what may stand before the first name (not a role: "..., lawyer X said" is no cataphor's)
_UNNAMED_SUBJECT = re.compile(r"(?:(?:(?:the|a)\s+)?(?:[a-z]+\s+)?(?:[a-z]+ed|took|sent|brought|put|held|gave|kept|led|"
                              r"drove|let|saw|found)\s+)?")


def _cataphor(doc: WorkDoc, names: list[PersonMention], start: int, end: int, gender: str) -> int | None:
    """ "Speaking after his arrest on Sunday, Win said ...": a pronoun in a sentence's opening phrase,
    before any name, means the subject named right after that phrase's comma."""
    s_start, s_end = doc.sentence_of(start)
    if not _OPENING_PHRASE.match(doc.text, s_start, start) or any(s_start <= n.start < start for n in names):
        return None
    comma = doc.text.find(",", end, s_end)
    if comma < 0 or comma - s_start > 120:
        return None
    after = comma + 1 + (len(doc.text[comma + 1:s_end]) - len(doc.text[comma + 1:s_end].lstrip()))
    # "..., Win said": the subject; "The day after his arrest, police produced Nayan before a court": the one
    # person the clause names first, after a subject that is no name
    subject = [n for n in names if after <= n.start < s_end and len(n.persons) == 1 and n.kind == "name"
               and _UNNAMED_SUBJECT.fullmatch(doc.text, after, n.start)][:1]
    if not subject:
        return None
    person = doc.persons[subject[0].persons[0]]
    if person.gender and not person.gender_guessed and person.gender != gender:
        return None
    return person.idx


def _sentences_back(doc: WorkDoc, sent_idx: int, n: int) -> int:
    """The first offset within ``n`` sentences before sentence ``sent_idx``: since sentence_index grows with
    the offset, ``sent_idx - doc.sentence_index(x) <= n`` holds exactly when ``x`` is at least this."""
    first = sent_idx - n
    return doc.sentences[first][0] if first >= 1 else -1


_SPOKE_OF = re.compile(r"\b(?:said|says|told|tells|added|argued|noted|stated|warned|wrote|called)\b")


def _salient_person(
    doc: WorkDoc, mentions: list[PersonMention], offset: int, gender: str | None, occupation: str | None = None,
    speaker: bool = False, object_of: bool = False,
) -> int | None:
    """The person a reference at ``offset`` most likely means: recent, compatible, not a speaker; an
    object pronoun ("him") not the subject of its own clause ("Judge X found him guilty")."""
    sent_idx = doc.sentence_index(offset)
    reach = _sentences_back(doc, sent_idx, 4)
    if occupation and not occupation.endswith("year-old"):
        # "the MP" for the one the text called an MP, though a magistrate or a lawyer was named since
        told_so = [m for m in mentions if reach <= m.start < offset and len(m.persons) == 1 and m.kind != "group"
                   and _has_occupation(doc.persons[m.persons[0]], occupation)]
        if told_so:
            mentions = told_so
        else:
            # further back: the one person the text gave that occupation, if it gave it to only one
            earlier = {m.persons[0] for m in mentions if m.start < reach and len(m.persons) == 1 and m.kind == "name"
                       and _has_occupation(doc.persons[m.persons[0]], occupation)}
            if len(earlier) == 1:
                return earlier.pop()
    best: tuple[float, int] | None = None
    for m in mentions:
        if m.start >= offset or m.start < reach or len(m.persons) != 1 or m.kind == "group":
            continue
        idx = m.persons[0]
        person = doc.persons[idx]
        m_sent = doc.sentence_index(m.start)
        distance = sent_idx - m_sent
        if distance > 4:
            continue
        if occupation and distance == 0 and _SPOKE_OF.search(doc.text, m.end, offset):
            continue  # "Mr Owino said the detention of the young MP ...": not the speaker himself
        mismatch = bool(gender and person.gender and person.gender != gender)
        if mismatch and not person.gender_guessed:
            continue
        named_so = False  # the text gave this person the very occupation the nominal names
        if occupation and not occupation.endswith("year-old"):
            occs = {o for o, _ in person.occupations}
            # "the lawmaker" for "X, a lawmaker" (label "politician"): the noun's label counts too
            named_so = _has_occupation(person, occupation)
            if occs and not named_so:
                continue
        if occupation and occupation.endswith("year-old"):
            age = int(occupation.split("-")[0])
            if person.age is not None and person.age[0] != age:
                continue
        score = distance * 10.0 - (m.start / max(1, offset)) * 2 - (5 if named_so else 0)
        if object_of and distance == 0 and (not _CLAUSE_BETWEEN.search(doc.text, m.end, offset)
                                            or _OWN_RELATIVE.fullmatch(doc.text, m.end, offset)):
            score += 20
        if mismatch:
            score += 8  # a gender guessed from the name's shape is weak evidence against the pronoun
        if speaker:
            # "..., he said": the one who speaks, usually a named advocate or official.
            if person.org or person.role in _NON_TARGET_ROLES:
                score -= 12
        elif person.role in ("judge", "prosecutor"):
            score += 12  # "Judge X convicted him ... He was jailed for 16 years": the bench is not the one jailed
        elif person.role in _NON_TARGET_ROLES:
            score += 6
        # The subject of a sentence (its first mention) is the likelier antecedent.
        s_start, _ = doc.sentences[m_sent]
        if m.start - s_start < 40:
            score -= 1.5
        if best is None or score < best[0]:
            best = (score, idx)
    return None if best is None else best[1]


_FAMILIES = (
    frozenset("journalist reporter editor correspondent contributor photographer cameraman presenter producer "
              "columnist blogger director employee coordinator translator staff staffer colleague host anchor "
              "publisher freelancer videographer".split()),
    frozenset("activist defender politician leader member opposition dissident campaigner protester "
              "unionist organizer".split()),
)


def _same_family(stem: str, occupations: list[str]) -> bool:
    """Whether a group noun ("journalists") can cover a person of these occupations ("editor-in-chief")."""
    if stem in ("individual", "people", "person", "accused", "men", "women", "defendant", "detainee", "prisoner",
                "suspect", "member", "colleague"):
        return True
    words = {w for o in occupations for w in re.split(r"[\s-]+", o.lower())}
    if any(stem in o.lower() or o.lower() in stem for o in occupations):
        return True
    return any(stem in family and words & family for family in _FAMILIES) or not any(stem in f for f in _FAMILIES)


def group_count(words: list[str]) -> int | None:
    """How many people a group phrase counts: "both" and "the pair" are two, "the three reporters" and
    "the trio" three ("trio" counts, but is not among the words that make a group a collective)."""
    numbers = {**_rules()["numbers"], "trio": 3}
    for w in words:
        lw = w.lower()
        if lw in numbers:
            return int(numbers[lw])
        if lw.isdigit():
            return int(lw)
    return None


def covers(stem: str, person: Person) -> bool:
    """Whether a collective noun ("journalists") can include this person; a group named by age ("the
    minors", "the adult defendants") only those whose stated age fits it."""
    if stem in AGE_STEMS:
        if person.age is None:
            return False
        return person.age[0] < 18 if stem == "minor" else person.age[0] >= 18
    if (stem, person.gender) in (("men", "f"), ("women", "m")):
        return False  # "All of the men were detained": not the woman tried with them
    occupations = [o for o, _ in person.occupations]
    return not occupations or _same_family(stem, occupations)


def _recent_group(
    doc: WorkDoc, mentions: list[PersonMention], offset: int, all_of: bool = False, noun: str | None = None,
    count: int | None = None,
) -> tuple[int, ...]:
    """The people a plural reference means: the last list of two or more, or everyone recent ("all").
    Names in a sentence whose subject is a collective ("They held up posters about X and Y") are
    what the group spoke of, not its members."""
    sent_idx = doc.sentence_index(offset)
    stem = noun.lower().rstrip("s") if noun else None
    led = {doc.sentence_index(c.start) for c in doc.collectives if c.start - doc.sentence_of(c.start)[0] <= 40}
    reach = _sentences_back(doc, sent_idx, 3)
    candidates = [m for m in mentions if reach <= m.start < offset and doc.sentence_index(m.start) not in led]
    by_sentence: dict[int, list[int]] = {}
    last_group: tuple[int, PersonMention] | None = None
    for m in candidates:
        if m.kind == "group":
            # An earlier plural reference is a unit ("they" after "the two reporters"), never
            # a pool to gather from: names it swept up would snowball from sentence to sentence.
            last_group = (doc.sentence_index(m.start), m)
            continue
        for idx in m.persons:
            person = doc.persons[idx]
            if person.role in _NON_TARGET_ROLES or (person.org and person.org_kind != "media"):
                continue
            if stem and not covers(stem, person):
                continue

            members = by_sentence.setdefault(doc.sentence_index(m.start), [])
            if idx not in members:
                members.append(idx)
    if all_of:
        everyone = list(dict.fromkeys(i for s in sorted(by_sentence) for i in by_sentence[s]))
        return tuple(everyone) if len(everyone) >= 2 else ()
    for s in sorted(by_sentence, reverse=True):
        if last_group is not None and last_group[0] >= s:
            return last_group[1].persons
        if len(by_sentence[s]) >= 2:
            return tuple(by_sentence[s])
    if last_group is not None:
        return last_group[1].persons
    if count:
        # "Police arrested the pair ...", "Both were denied bail": the last N people named, one per sentence
        recent = list(dict.fromkeys(i for s in sorted(by_sentence, reverse=True) for i in by_sentence[s]))
        if len(recent) >= count:
            return tuple(sorted(recent[:count]))
        # "... SCNS officers detained the six on January 15": as many as the text has named so far, farther
        # back than a few sentences, are all of them
        named = list(dict.fromkeys(
            i for m in mentions if m.start < offset and m.kind == "name" for i in m.persons
            if doc.persons[i].role not in _NON_TARGET_ROLES and not (doc.persons[i].org and doc.persons[i].org_kind != "media")
            and (not stem or covers(stem, doc.persons[i]))))
        if len(named) == count:
            return tuple(sorted(named))
    return ()
