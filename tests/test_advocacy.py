"""Advocacy: who spoke for a case, what they asked for, and who is only mentioned. Short invented reports."""

from __future__ import annotations

import pytest

import casewatch


def _advocacy(text: str, published: str = "2025-03-14") -> set[tuple[str, str]]:
    return {(a.actor, a.action) for a in casewatch.extract(text, published=published).advocacy}


LEDE = "Journalist Dilnoza Karimova was sentenced to six years in prison in Tashkent on March 10. "


@pytest.mark.parametrize(("sentence", "expected"), [
    # the wording of a statement, by action
    ('Amnesty International called the convictions "a message to every reporter in the country".',
     {("Amnesty International", "condemn")}),
    ("Amnesty International said her only 'crime' was to report on corruption.",
     {("Amnesty International", "condemn")}),
    ("The verdict drew sharp condemnation from Human Rights Watch.", {("Human Rights Watch", "condemn")}),
    ("Human Rights Watch said the case against her should be dropped and her travel ban lifted.",
     {("Human Rights Watch", "call_drop_charges"), ("Human Rights Watch", "call_vacate")}),
    ("Human Rights Watch urged the authorities to end her politically motivated prosecution.",
     {("Human Rights Watch", "call_drop_charges")}),
    ("The UN Working Group on Arbitrary Detention has asked the government to investigate her treatment.",
     {("UN Working Group on Arbitrary Detention", "call_investigation")}),
    ("Human Rights Watch urged the government to restore her citizenship.", {("Human Rights Watch", "call_vacate")}),
    ("Amnesty International counts her among the country's political prisoners.",
     {("Amnesty International", "recognize_political_prisoner")}),
    ('Reporters Without Borders described the pardon as "a rare piece of good news".',
     {("Reporters Without Borders", "welcome")}),
])
def test_statement_wording_gives_the_action(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _advocacy(LEDE + sentence) == expected


@pytest.mark.parametrize("sentence", [
    # "press freedom", "freedom of expression", "free press" ask nobody's release
    "The case is one more blow to press freedom, said the Committee to Protect Journalists.",
    "Amnesty International is calling for respect for freedom of expression and a free press.",
    # the defendant criticised; the organization is only a source
    "She was arrested over posts in which she criticised the president, according to Human Rights Watch.",
])
def test_words_that_are_not_a_call_or_a_condemnation(sentence: str) -> None:
    assert _advocacy(LEDE + sentence) == set()


def test_a_speaker_who_opens_the_paragraph_after_a_heading_is_found() -> None:
    text = (LEDE + "\n\n## Reaction\n\nTamsin Achterberg, Amnesty International's director for Central Asia, "
            "condemned the sentence.")
    (statement,) = casewatch.extract(text, published="2025-03-14").advocacy
    assert (statement.actor, statement.action, statement.speaker) == (
        "Amnesty International", "condemn", "Tamsin Achterberg")


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The UN special rapporteur on the situation of human rights in Belarus called for an independent investigation.",
     ("UN special rapporteur on the situation of human rights in Belarus", "call_investigation")),
    ("The European Union delegation in Uzbekistan said in a statement that she should be released.",
     ("European Union delegation in Uzbekistan", "call_release")),
    ('The UN Fact-Finding Mission on Libya said it was "deeply concerned" about her fate.',
     ("UN Fact-Finding Mission on Libya", "express_concern")),
    ("The UN High Commissioner for Human Rights urged the authorities to free her.",
     ("UN High Commissioner for Human Rights", "call_release")),
])
def test_an_office_of_a_body_keeps_the_name_the_text_gives_it(sentence: str, expected: tuple[str, str]) -> None:
    assert _advocacy(LEDE + sentence) == {expected}


def test_an_organization_in_the_headline_speaks_but_the_outlet_it_defends_does_not() -> None:
    text = ("Committee to Protect Journalists Condemns Jail Terms for Steppe Herald Reporters\n\n"
            "Reporters Aibek Tursunov and Zarina Ermekova of the independent Steppe Herald were sentenced to "
            "five years in prison in Bishkek on March 10. The Steppe Herald case is the third this year.")
    assert _advocacy(text) == {("Committee to Protect Journalists", "condemn")}


def test_a_quotation_over_several_sentences_belongs_to_the_speaker_named_after_it() -> None:
    text = (LEDE + '"We are deeply worried about her health. She has lost ten kilograms in a month and is '
            'denied a doctor," said Kamola Yusupova, director of the Fergana Rights Bureau.')
    (statement,) = casewatch.extract(text, published="2025-03-14").advocacy
    assert (statement.actor, statement.action, statement.speaker) == (
        "Fergana Rights Bureau", "express_concern", "Kamola Yusupova")


@pytest.mark.parametrize(("sentence", "expected"), [
    # the quote condemns, the verb asks for something else
    ('The Fergana Rights Bureau said she had been "punished for telling the truth" and called for her release.',
     {("Fergana Rights Bureau", "condemn"), ("Fergana Rights Bureau", "call_release")}),
    ('"Reporting has become a crime in this country," said Kamola Yusupova, director of the Fergana Rights Bureau.',
     {("Fergana Rights Bureau", "condemn")}),
    # a call whose own words judge the detention is a call, not a second statement
    ('The Fergana Rights Bureau said it "continues to call for the release of all those unjustly imprisoned".',
     {("Fergana Rights Bureau", "call_release")}),
])
def test_quoted_words_that_condemn(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _advocacy(LEDE + sentence) == expected


def test_a_statement_speaks_in_the_voice_of_the_organization_its_header_names() -> None:
    text = ("Uzbekistan: Journalist jailed for six years\n\n"
            "Statement by the Fergana Rights Bureau\n14 March 2025\n\n" + LEDE +
            "We are alarmed by the verdict. We call on the authorities to release her without delay.")
    assert _advocacy(text) == {("Fergana Rights Bureau", "express_concern"), ("Fergana Rights Bureau", "call_release")}
    # without the header, "we" is nobody the text names
    assert _advocacy(LEDE + "We are alarmed by the verdict.") == set()


@pytest.mark.parametrize(("sentence", "actor", "speaker"), [
    # an adjective between the role and the name of the organization
    ('"This is intimidation," said Otabek Nurmatov, the director of the independent Fergana Rights Bureau.',
     "Fergana Rights Bureau", "Otabek Nurmatov"),
    # "head of the association": the organization named just before
    ('The Tashkent Press Association has followed the case. "We hope she will be found not guilty on appeal," '
     "Shavkat Rasulov, head of the association, told reporters.", "Tashkent Press Association", "Shavkat Rasulov"),
    # members named in a list who speak together
    ("Lawmakers Ravshan Aliev (Samarkand), Nodira Qodirova (Bukhara) and Timur Sadykov (Andijan) of the Central Asian "
     "Parliamentarians Network said they condemned her arrest.", "Central Asian Parliamentarians Network",
     "Ravshan Aliev"),
])
def test_a_speaker_is_linked_to_the_organization_they_speak_for(sentence: str, actor: str, speaker: str) -> None:
    result = casewatch.extract(LEDE + sentence, published="2025-03-14")
    assert {(a.actor, a.speaker) for a in result.advocacy} == {(actor, speaker)}
    assert [c.name for c in result.cases] == ["Dilnoza Karimova"]


def test_an_acronym_the_text_defines_names_the_organization_later() -> None:
    text = ("The Fergana Rights Bureau (FRB) condemned the sentence handed to journalist Dilnoza Karimova in "
            "Tashkent on March 10. Her colleague Aziz Tursunov was acquitted on March 12. The FRB welcomes "
            "the acquittal.")
    assert _advocacy(text) == {("Fergana Rights Bureau", "condemn"), ("Fergana Rights Bureau", "welcome")}


def test_a_decision_that_was_taken_is_not_a_call() -> None:
    text = ("Blogger Aziz Tursunov was questioned in Tashkent in February. Amnesty International welcomed the "
            "prosecutor's decision on March 12 to drop all charges against him.")
    assert _advocacy(text) == {("Amnesty International", "welcome")}
    text = "Amnesty International called on the authorities to drop all charges against blogger Aziz Tursunov."
    assert _advocacy(text) == {("Amnesty International", "call_drop_charges")}
