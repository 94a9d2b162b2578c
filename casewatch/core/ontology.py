"""The codes of ontology v1.1: the vocabulary casewatch extracts into and scores against.

Codes are stable: a new one may be added, an existing one is never renamed.
"""

from __future__ import annotations

ONTOLOGY_VERSION = "1.1"

PERSON_ROLES: tuple[str, ...] = (
    "defendant", "lawyer", "judge", "prosecutor", "official",
    "advocate", "relative", "witness", "other",
)

ORGANIZATION_KINDS: tuple[str, ...] = (
    "ngo", "court", "government", "international_body", "party",
    "media", "company", "other",
)

EVENT_TYPES: tuple[str, ...] = (
    "investigation", "arrest", "detention", "bail", "house_arrest", "charge",
    "trial", "conviction", "acquittal", "appeal", "sentence_change", "release",
    "transfer", "pardon", "fine", "ban", "search", "summons", "travel_ban",
    "wanted", "extradition", "deportation", "exile", "designation",
    "ill_treatment", "hunger_strike", "death", "disappearance", "protest",
)

APPEAL_OUTCOMES: tuple[str, ...] = ("upheld", "reduced", "increased", "quashed", "rejected")

CHARGE_CATEGORIES: tuple[str, ...] = (
    "mass_unrest", "false_information", "insulting_official", "defamation",
    "extremism", "terrorism", "separatism", "treason", "espionage",
    "incitement", "illegal_assembly", "hooliganism",
    "violence_against_official", "discrediting_army", "foreign_agent",
    "calls_against_state", "subversion", "religious_offense",
    "emergency_rules", "disobeying_police", "fraud", "embezzlement",
    "bribery", "extortion", "money_laundering", "tax_evasion", "smuggling",
    "forgery", "illegal_entrepreneurship", "abuse_of_office", "drugs",
    "weapons", "other",
)

SENTENCE_KINDS: tuple[str, ...] = (
    "prison", "suspended", "restricted_freedom", "house_arrest", "fine",
    "community_service", "administrative_detention", "life", "death",
    "psychiatric",
)

RESTRICTION_ACTIVITIES: tuple[str, ...] = (
    "activism", "journalism", "social_media", "political_office", "travel",
    "internet", "other",
)

MONEY_KINDS: tuple[str, ...] = ("fine", "damages", "bail", "confiscation")

ADVOCACY_ACTIONS: tuple[str, ...] = (
    "condemn", "call_release", "call_drop_charges", "call_vacate",
    "call_fair_trial", "call_investigation", "express_concern",
    "recognize_political_prisoner", "welcome", "sanction",
)

STATUSES: tuple[str, ...] = (
    "in_custody", "house_arrest", "restricted", "free", "in_exile",
    "deceased", "unknown",
)

FACT_KINDS: tuple[str, ...] = (
    "event", "charge", "sentence", "restriction", "money", "advocacy", "attribute",
)

REVIEW_STATES: tuple[str, ...] = ("unreviewed", "verified", "rejected", "edited")

SLOTS: tuple[str, ...] = (
    "cases", "charges", "events", "sentences", "restrictions", "money", "advocacy",
)
