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
    ("Human Rights Watch urged prosecutors to withdraw the charges against Karimova.",
     {("Human Rights Watch", "call_drop_charges")}),
    ('The US Embassy in Tashkent urged the authorities "to ensure a transparent and fair process".',
     {("US Embassy in Tashkent", "call_fair_trial")}),
    ('Human Rights Watch has called for the charges, which it said "rest on one anonymous witness statement '
     'and a forged bank receipt", to be dropped.', {("Human Rights Watch", "call_drop_charges")}),
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


@pytest.mark.parametrize(("sentence", "actor", "speaker"), [
    # a desk or region between the organization's possessive and the speaker's role
    ('"This is intimidation," said Ana Petrova, Human Rights Watch\'s Europe and Central Asia researcher.',
     "Human Rights Watch", "Ana Petrova"),
    ('"She is being punished for her reporting," said Luis Ortega, the Fergana Rights Bureau\'s senior Tashkent coordinator.',
     "Fergana Rights Bureau", "Luis Ortega"),
    # a long role before "at" the organization
    ('"She is punished for her reporting," said Ana Petrova, deputy Europe and Central Asia director at Amnesty '
     "International.", "Amnesty International", "Ana Petrova"),
])
def test_a_speaker_named_with_a_desk_of_the_organization(sentence: str, actor: str, speaker: str) -> None:
    result = casewatch.extract(LEDE + sentence, published="2025-03-14")
    assert {(a.actor, a.action, a.speaker) for a in result.advocacy} == {(actor, "condemn", speaker)}


def test_a_unit_named_with_its_bodys_possessive_is_still_one_actor() -> None:
    sentence = "The European Union's External Action Service called for her immediate release."
    assert _advocacy(LEDE + sentence) == {("European Union's External Action Service", "call_release")}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The UK's Foreign Office said it was concerned by the verdict.", {("UK's Foreign Office", "express_concern")}),
    # the country's code or adjective before the body's name is part of it, and the body named again
    # without it is the same actor
    ("A spokesman for the UK Foreign, Commonwealth and Development Office said Britain was concerned. The next "
     "day the Foreign, Commonwealth and Development Office called for her release.",
     {("UK Foreign, Commonwealth and Development Office", "express_concern"),
      ("UK Foreign, Commonwealth and Development Office", "call_release")}),
    # the prosecuting state's own ministry defends its courts: no advocacy
    ("Uzbekistan's Foreign Ministry said the verdict was lawful and criticised foreign interference.", set()),
])
def test_a_foreign_office_keeps_the_country_the_text_names_it_with(sentence: str, expected: set) -> None:
    assert _advocacy(LEDE + sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the mandate runs to whatever verb the statement has
    ('The UN Special Rapporteur on the independence of judges and lawyers described the trial as "a farce".',
     {("UN Special Rapporteur on the independence of judges and lawyers", "condemn")}),
    ("In April the UN Special Rapporteur on the situation of human rights in Uzbekistan demanded her release.",
     {("UN Special Rapporteur on the situation of human rights in Uzbekistan", "call_release")}),
    # two offices in one sentence are two actors, whatever "of" their mandates contain
    ("The UN Special Rapporteur on the situation of human rights defenders and the OSCE Representative on Freedom "
     "of the Media urged Uzbekistan to free her.",
     {("UN Special Rapporteur on the situation of human rights defenders", "call_release"),
      ("OSCE Representative on Freedom of the Media", "call_release")}),
])
def test_an_office_with_a_mandate_is_named_in_full(sentence: str, expected: set) -> None:
    assert _advocacy(LEDE + sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a modal call on the authorities: "should free", "should ... investigate"
    ('"Uzbekistan should free Dilnoza Karimova at once," said Amnesty International.',
     {("Amnesty International", "call_release")}),
    ("The authorities must drop the case and investigate her complaint of beatings in custody, Human Rights Watch "
     "said.", {("Human Rights Watch", "call_drop_charges"), ("Human Rights Watch", "call_investigation")}),
    ("Human Rights Watch said the government should quash all the convictions and free the journalists.",
     {("Human Rights Watch", "call_vacate"), ("Human Rights Watch", "call_release")}),
    # a conviction, some words, then the passive of the call
    ("Amnesty International called for the sentences of all three reporters to be set aside.",
     {("Amnesty International", "call_vacate")}),
    # a judgment without quotation marks, in a relative clause or with "as"
    ("She was convicted of fraud, a charge that Human Rights Watch called politically motivated.",
     {("Human Rights Watch", "condemn")}),
    ("Amnesty International dismissed the accusations as baseless.", {("Amnesty International", "condemn")}),
    ("The Committee to Protect Journalists called the sentence retaliation for her reporting.",
     {("Committee to Protect Journalists", "condemn")}),
    ("Amnesty International said the charges against her were fabricated.", {("Amnesty International", "condemn")}),
    ("The UN Working Group on Arbitrary Detention found her detention arbitrary.",
     {("UN Working Group on Arbitrary Detention", "condemn")}),
    # a call names the charges it wants dropped; "on politically motivated charges" is not a second statement
    ("Amnesty International called for the release of Karimova, who is serving a sentence on politically motivated "
     "charges.", {("Amnesty International", "call_release")}),
    ("The European Union said it expects Uzbekistan to release Karimova.", {("European Union", "call_release")}),
    ("The U.S. Embassy in Tashkent said it was disappointed by the verdict.",
     {("U.S. Embassy in Tashkent", "express_concern")}),
])
def test_more_ways_of_wording_a_call_or_a_condemnation(sentence: str, expected: set) -> None:
    assert _advocacy(LEDE + sentence) == expected


@pytest.mark.parametrize("sentence", [
    # what was done or refused, not what is asked
    "Amnesty International noted that the appeal court had overturned the sentences of two co-defendants.",
    "Human Rights Watch said the court should not have refused to investigate, but it did.",
    "Human Rights Watch said prosecutors had refused to investigate her complaint.",
    # her records, not her
    "Human Rights Watch said prosecutors must release her medical records to her family.",
    # "should not free": an official's view, and no call
    "Amnesty International quoted a prosecutor as saying the court should not free her.",
])
def test_what_was_done_is_not_a_call(sentence: str) -> None:
    assert _advocacy(LEDE + sentence) == set()


def test_the_organization_named_again_by_what_it_is_goes_on_speaking() -> None:
    text = (LEDE + '"She was punished for telling the truth," said Kamola Yusupova, director of the Fergana Rights '
            "Bureau. The group also called for her release and for the conviction to be quashed.")
    got = {(a.actor, a.action, a.speaker) for a in casewatch.extract(text, published="2025-03-14").advocacy}
    assert got == {("Fergana Rights Bureau", "condemn", "Kamola Yusupova"),
                   ("Fergana Rights Bureau", "call_release", None), ("Fergana Rights Bureau", "call_vacate", None)}
    # the defendants as "the group" are not an organization speaking
    text = ("Activists Aziz Tursunov and Dilnoza Karimova were detained in Tashkent on March 10. Amnesty "
            "International condemned the arrests. The group was released on bail on March 12.")
    assert _advocacy(text) == {("Amnesty International", "condemn")}


def test_an_actor_keeps_the_fullest_name_the_text_gives_it() -> None:
    text = ("Belarusian activist Ales Karpenka was sentenced to four years in prison in Minsk on March 10, on charges "
            "that the Viasna Human Rights Centre called fabricated. Viasna counts him among the country's political "
            "prisoners.")
    assert _advocacy(text) == {("Viasna Human Rights Centre", "condemn"),
                               ("Viasna Human Rights Centre", "recognize_political_prisoner")}


def test_a_desk_of_a_known_body_is_the_body() -> None:
    sentence = "The Committee to Protect Journalists' Europe and Central Asia program called for her release."
    assert _advocacy(LEDE + sentence) == {("Committee to Protect Journalists", "call_release")}


RAPPORTEUR = "The UN Special Rapporteur on the situation of human rights in Uzbekistan today expressed alarm at her conviction. "


def test_an_office_named_again_by_its_title_speaks_for_itself() -> None:
    rows = _advocacy(LEDE + RAPPORTEUR
                     + "Her co-defendant, a former Erk party lawmaker, was also jailed. "
                     + "Her lawyer said the trial lasted one day. Police said the case was closed. "
                     + '"I call for an independent investigation into her treatment," the Special Rapporteur said. '
                     + "The Special Rapporteur welcomed the release of her colleague on bail.")
    office = "UN Special Rapporteur on the situation of human rights in Uzbekistan"  # "today" is no part of it
    assert {(office, "express_concern"), (office, "call_investigation"), (office, "welcome")} <= rows
    assert all(actor == office for actor, _ in rows)


def test_a_headline_un_expert_is_the_office_the_statement_names() -> None:
    text = ("Uzbekistan: UN expert condemns sentence on journalist\n\n" + LEDE + RAPPORTEUR
            + "The expert called the sentence \"a travesty\".")
    rows = _advocacy(text)
    assert ("United Nations", "condemn") not in rows
    assert ("UN Special Rapporteur on the situation of human rights in Uzbekistan", "condemn") in rows


def test_listed_demands_belong_to_the_organisations_that_introduce_them() -> None:
    text = ("Joint statement\n\nSteppe Lawyers Solidarity and Front Line Defenders call on the authorities of "
            "Uzbekistan to end the harassment of lawyers. " + LEDE
            + "\n\nOur organisations call on the authorities of Uzbekistan to:\n"
            "- release Dilnoza Karimova immediately and unconditionally;\n"
            "- drop all charges against her.\n")
    rows = _advocacy(text)
    for actor in ("Steppe Lawyers Solidarity", "Front Line Defenders"):
        assert {(actor, "call_release"), (actor, "call_drop_charges")} <= rows


def test_the_commission_is_the_commission_named_in_full_before() -> None:
    text = ("The Inter-American Commission on Human Rights (IACHR) on Monday granted precautionary measures to the "
            "journalist Yoel Ramirez, who was arrested on March 18. The Commission urged the State to investigate "
            "his disappearance. The Organization of American States said it was following the case.")
    rows = _advocacy(text, published="2024-12-10")
    assert rows == {("Inter-American Commission on Human Rights", "call_investigation")}
    assert {c.name for c in casewatch.extract(text, published="2024-12-10").cases} == {"Yoel Ramirez"}


def test_demands_listed_after_a_colon_and_an_introduced_group() -> None:
    text = (LEDE + "\"She must be freed now,\" said Shirin Ahmadi, spokesperson for the Paris-based group "
            "Women's Voice Iran.\n\nSteppe Lawyers Solidarity calls on the Uzbek authorities to:\n"
            "- lift the travel ban imposed on Dilnoza Karimova;\n"
            "- investigate the forced medication of Dilnoza Karimova.\n\n"
            "Front Line Defenders raised her case with the authorities on 8 March, expressing concern for her health.")
    rows = _advocacy(text)
    assert ("Women's Voice Iran", "call_release") in rows
    assert {("Steppe Lawyers Solidarity", "call_vacate"), ("Steppe Lawyers Solidarity", "call_investigation"),
            ("Front Line Defenders", "express_concern")} <= rows


def test_a_press_release_speaks_in_the_voice_of_the_group_that_opens_it() -> None:
    text = ("PRESS RELEASE\n12 March 2025\n\n"
            "Today, the Samarkand Rights Collective condemns the six-year sentence imposed on journalist "
            "Dilnoza Karimova. " + LEDE + "The UN Special Rapporteur on freedom of expression said she was "
            "troubled by the verdict.\n\nWe call on the Uzbek authorities to:\n\n"
            "- quash Dilnoza Karimova's conviction;\n- release her without delay.")
    found = _advocacy(text)
    assert ("Samarkand Rights Collective", "condemn") in found
    assert {("Samarkand Rights Collective", "call_vacate"), ("Samarkand Rights Collective", "call_release")} <= found


def test_an_actor_keeps_its_whole_name_and_loses_a_stray_parenthesis() -> None:
    text = (LEDE + "The International Labour Organization (ILO) said it was deeply concerned. The Tashkent Centre "
            "for Rights and Freedoms condemned the verdict. The Editors Guild of Uzbekistan has followed the case; "
            "the Guild called for her release.")
    found = _advocacy(text)
    assert ("International Labour Organization", "express_concern") in found
    assert ("Tashkent Centre for Rights and Freedoms", "condemn") in found
    assert ("Editors Guild of Uzbekistan", "call_release") in found


def test_the_space_set_is_what_re_calls_a_space() -> None:
    import re
    import sys

    from casewatch.extract.prefilter import _spaces

    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    assert _spaces() == frozenset(re.findall(r"\s", everything))


def test_an_ngo_name_closed_by_its_country_and_its_acronym_are_one_actor() -> None:
    found = _advocacy(
        "Lusaka, 12 September 2025 – Legal Aid Network Zambia (LANZ) condemns the continued detention of "
        "journalist Mwila Banda, who was arrested on 2 June.\n\n"
        "LANZ calls on:\n\n"
        "• the Director of Public Prosecutions to withdraw the charge against Mwila Banda;\n"
        "• the High Court to set aside the detention order.\n", published="2025-09-12")
    assert {actor for actor, _ in found} == {"Legal Aid Network Zambia"}
    assert ("Legal Aid Network Zambia", "call_drop_charges") in found


@pytest.mark.parametrize(("sentence", "expected"), [
    # a political prisoner by the verb "to be", said by two groups at once
    ("In a joint appeal, the Fergana Rights Bureau and Front Line Defenders said Karimova and her editor are "
     "political prisoners.",
     {("Fergana Rights Bureau", "recognize_political_prisoner"), ("Front Line Defenders", "recognize_political_prisoner")}),
    ('"Dilnoza Karimova is a political prisoner," said Kamola Yusupova, director of the Fergana Rights Bureau.',
     {("Fergana Rights Bureau", "recognize_political_prisoner")}),
    # the conviction and its call apart, with commas between
    ("Amnesty International said the verdict against Karimova, like those before it, must be quashed.",
     {("Amnesty International", "call_vacate")}),
    # "every charge", "a fair appeal hearing"
    ("Human Rights Watch urged prosecutors to withdraw every charge against Karimova.",
     {("Human Rights Watch", "call_drop_charges")}),
    ('The Tashkent Press Association had called in February for "a fair appeal hearing before an impartial bench".',
     {("Tashkent Press Association", "call_fair_trial")}),
])
def test_political_prisoners_commas_and_appeal_hearings(sentence: str, expected: set) -> None:
    assert _advocacy(LEDE + sentence) == expected


@pytest.mark.parametrize("sentence", [
    # a past, or a denial: nobody is recognized
    "Amnesty International said Karimova, who was a political prisoner in the 1990s, had been tried again.",
    "Amnesty International quoted the president as saying there are no political prisoners in Uzbekistan.",
])
def test_not_a_recognition(sentence: str) -> None:
    assert _advocacy(LEDE + sentence) == set()


def test_a_quotation_goes_on_past_its_first_sentence() -> None:
    text = (LEDE + '"Her colleague\'s release is welcome," said Kamola Yusupova, director of the Fergana Rights '
            'Bureau. "Yet Karimova remains behind bars for a single article. The prosecutors should withdraw the '
            'case against her."')
    found = _advocacy(text)
    assert {("Fergana Rights Bureau", "welcome"), ("Fergana Rights Bureau", "call_drop_charges")} <= found


def test_a_quotation_a_statement_opened_goes_on_to_its_end() -> None:
    # the demands come four and five sentences after the speaker is named, inside the quotation she opened
    text = (LEDE + "Outside the court, Malika Rahimova, who heads the Samarkand Rights Bureau, said the group "
            'was relieved that the co-defendant was home. "We are glad for his family," she said. "But one acquittal '
            "is not justice. Karimova has now spent a year in a cell. Her lawyers were given the file a day before "
            'the hearing. Her conviction must be overturned and she must be freed at once."')
    found = _advocacy(text)
    assert {("Samarkand Rights Bureau", "call_vacate"), ("Samarkand Rights Bureau", "call_release")} <= found


@pytest.mark.parametrize(("sentence", "expected"), [
    # the judgment is the ground of the call it goes with
    ("Human Rights Watch said Karimova should never have been put on trial and urged that the charges against "
     "her be withdrawn.", {("Human Rights Watch", "call_drop_charges")}),
    ('Amnesty International said the journalist "should never have been locked up for a single night" and called for her '
     "release.", {("Amnesty International", "call_release")}),
    # alone it condemns, and a condemnation in other words further on stays
    ("Human Rights Watch said Karimova should never have been put on trial.", {("Human Rights Watch", "condemn")}),
    ("Human Rights Watch said Karimova should never have been put on trial, denounced the verdict and called "
     "for her release.", {("Human Rights Watch", "condemn"), ("Human Rights Watch", "call_release")}),
])
def test_should_never_have_been_grounds_a_call(sentence: str, expected: set) -> None:
    assert _advocacy(LEDE + sentence) == expected


def test_a_call_after_a_clause_that_names_the_verdict_keeps_its_actor() -> None:
    sentence = "Following the verdict, Amnesty International called for the conviction to be overturned."
    assert _advocacy(LEDE + sentence) == {("Amnesty International", "call_vacate")}


def test_a_person_named_inside_the_quotation_is_not_its_speaker() -> None:
    text = ("Timur Sadykov, secretary general of the unregistered Steppe Democratic Movement (SDM), was sentenced to "
            "five years in Tashkent on March 10. "
            '"Timur Sadykov is a political prisoner," said Kamola Yusupova, director of the Fergana Rights Bureau.')
    (statement,) = casewatch.extract(text, published="2025-03-14").advocacy
    assert (statement.actor, statement.speaker) == ("Fergana Rights Bureau", "Kamola Yusupova")


DISPATCH = ("Uzbek Blogger Jailed for a Video About Evictions\n\n"
            "Rustam Alimov, Central Asia Researcher, {org}\n\n" + LEDE +
            "None of her posts should have been treated as a crime. The Uzbek authorities should overturn her "
            "conviction and open an impartial investigation into her beating in custody.")


def test_a_dispatch_signed_by_a_groups_staff_speaks_for_the_group() -> None:
    assert _advocacy(DISPATCH.format(org="Human Rights Watch")) == {
        ("Human Rights Watch", "condemn"), ("Human Rights Watch", "call_vacate"),
        ("Human Rights Watch", "call_investigation")}
    # a reporter's byline makes no statement of the outlet, and without a byline nobody speaks
    assert _advocacy(DISPATCH.format(org="Radio Free Europe/Radio Liberty")) == set()
    assert _advocacy(LEDE + "The Uzbek authorities should overturn her conviction.") == set()


def test_an_authors_modal_that_quotes_or_cites_someone_is_not_its_own_voice() -> None:
    text = DISPATCH.format(org="Human Rights Watch").split("None of")[0] + (
        'Her lawyer said the court should overturn the conviction. "She must be released," her mother said.')
    assert _advocacy(text) == set()


def test_quoted_words_about_repression_condemn() -> None:
    sentence = ('A spokesperson for the European External Action Service said the sentence was "part of the '
                'relentless repression of bloggers in Uzbekistan".')
    assert _advocacy(LEDE + sentence) == {("European External Action Service", "condemn")}


# ------------------------------------------------ names closed by a place; bar associations; speakers
ZM_LEDE = "Radio host Mwila Chanda was sentenced to two years in prison in Lusaka on March 10. "


@pytest.mark.parametrize(("sentence", "expected"), [
    # a body's name closed by its country or its office's seat keeps it; the acronym is the same body
    ("The Federation of Media Workers of Zambia (FMWZ) condemned the verdict.",
     {("Federation of Media Workers of Zambia", "condemn")}),
    ("The National Union of Broadcasters of the Philippines condemned the verdict.",
     {("National Union of Broadcasters of the Philippines", "condemn")}),
    ("The British High Commission Office in Dar es Salaam said it was concerned by the sentence.",
     {("British High Commission Office in Dar es Salaam", "express_concern")}),
    ("The Office of the United Nations High Commissioner for Human Rights in Zambia (OHCHR) lamented the verdict.",
     {("Office of the United Nations High Commissioner for Human Rights in Zambia", "express_concern")}),
    # a national law society speaks, and "the society" goes on
    ("The Law Society of Zambia condemned the arrest. In a statement on Friday, the society called for his "
     "immediate release.", {("Law Society of Zambia", "condemn"), ("Law Society of Zambia", "call_release")}),
])
def test_names_closed_by_a_place_and_law_societies(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _advocacy(ZM_LEDE + sentence) == expected


def test_a_quotation_after_its_speaker_goes_on_with_returning_a_passport() -> None:
    text = ("Blogger Anousone Phommavong was detained by police in Vientiane on May 2. "
            "Police also took his passport.\n\n"
            "Reporters Without Borders (RSF) CEO Patricia L. Brennan today condemned his detention.\n\n"
            '"He did his job. I condemn his detention," said Brennan. "We call on the Lao authorities to free him '
            'and to return his passport."')
    got = casewatch.extract(text, published="2025-05-20").advocacy
    assert {(a.action, a.speaker) for a in got if a.action != "condemn"} == {
        ("call_release", "Patricia L. Brennan"), ("call_vacate", "Patricia L. Brennan")}


def test_its_director_speaks_for_the_group_named_before() -> None:
    text = ("Journalist Chidi Okonkwo was charged in Abuja on May 2 with cyberstalking.\n\n"
            'The Press Freedom Watch Nigeria, a network of lawyers, described the case as "an abuse".\n\n'
            'Its Executive Director, Mrs Ngozi Eze-Adamu, urged the Attorney-General to take over the case '
            '"and discontinue it at once".')
    got = casewatch.extract(text, published="2025-05-20").advocacy
    assert ("Press Freedom Watch Nigeria", "call_drop_charges", "Ngozi Eze-Adamu") in {
        (a.actor, a.action, a.speaker) for a in got}


def test_a_call_to_investigate_the_death_of_someone_else_is_not_about_the_case() -> None:
    text = (LEDE + "Human Rights Watch also spoke out.\n\n"
            "\u201cWe want a thorough investigation into how Baraka Otieno was shot dead at the border.\u201d")
    assert ("Human Rights Watch", "call_investigation") not in _advocacy(text)


def test_a_regional_desk_title_after_an_acronym_is_no_body_of_its_own() -> None:
    text = ("A court in Douala on 3 March 2025 jailed the reporter Emmanuel Tabi for five years. \"This verdict is an "
            "outrage,\" said CPJ Africa Program Coordinator Chidinma Eze. HRW Middle East Director Salma Haddad "
            "condemned the verdict as well.")
    actors = {a.actor for a in casewatch.extract(text, published="2025-03-10").advocacy}
    assert actors == {"Committee to Protect Journalists", "Human Rights Watch"}


def test_a_name_before_a_lower_case_organization_word_is_an_organization() -> None:
    text = ("Police arrested the blogger Ermek Sadykov in Taraz on 3 October 2025. The Zhariq rights centre called "
            "on prosecutors to drop the case. The Tagore collective, which added Sadykov to its list of political "
            "prisoners, condemned the arrest as \"revenge\". The Geneva-based press freedom group Free Pens Now "
            "called for his release.")
    actors = _advocacy(text, published="2025-10-20")
    assert ("Zhariq rights centre", "call_drop_charges") in actors
    assert ("Tagore collective", "condemn") in actors
    assert ("Tagore collective", "recognize_political_prisoner") in actors
    assert not any("based" in actor for actor, _ in actors)


def test_a_name_the_text_defines_as_a_non_profit_organization_speaks_as_one() -> None:
    text = ("Sauti Huru Tanzania welcomes the release of the cartoonist Baraka Mfinanga, who was arrested in Arusha "
            "on 3 June 2025. We condemn the charges brought against him.\n\nAbout Sauti Huru Tanzania: Sauti Huru "
            "Tanzania is an Arusha-based non-profit organisation that defends free expression.")
    assert _advocacy(text, published="2025-06-20") >= {
        ("Sauti Huru Tanzania", "welcome"), ("Sauti Huru Tanzania", "condemn")}


def test_an_organization_name_runs_over_no_line_break_and_an_attorney_general_is_the_state() -> None:
    text = ("#FreeTheTen: State drops sedition charges against students, teachers remain in Ukonga\n\n"
            "By Halima Mrisho\n\nThe Attorney-General of the Union (AGU) on Monday withdrew the sedition charges "
            "filed against the students among the protesters arraigned last week, including Juma Kitwana and "
            "Neema Mollel.\n\nThe AGU said he had \"reviewed the file\" and directed that the charges against all "
            "students be withdrawn \"in the interest of justice\".")
    result = casewatch.extract(text, published="2025-03-12")
    assert result.advocacy == []


def test_a_front_that_defends_a_constitution_speaks_and_is_named_again_as_the_front() -> None:
    text = ("Soldiers abducted Mamadou Sylla and Oumar Keita, two activists of the banned Civic Front for the Defence "
            "of the Constitution (CFDC), from their homes in Kindia on 2 June 2025.\n\nThe CFDC, whose leaders live in "
            "exile, rejected the army's account. In a statement on Sunday, the front demanded the release of Keita "
            "and called for those who beat Sylla to be identified and brought to justice.")
    assert _advocacy(text) >= {("Civic Front for the Defence of the Constitution", "call_release"),
                               ("Civic Front for the Defence of the Constitution", "call_investigation")}


def test_a_step_of_the_case_described_with_its_object_as_quoted_words() -> None:
    text = ("Police arraigned the teenagers Ibrahim Lawan and Zainab Musa on sedition charges on 4 March 2025. The "
            "Lagos Rights Monitor on Friday described the arraignment of minors on sedition charges as \"a "
            "disgrace to the courts\".")
    assert ("Lagos Rights Monitor", "condemn") in _advocacy(text)


def test_it_at_a_sentences_start_goes_on_for_the_body_and_a_call_for_sanctions_is_no_sanction() -> None:
    text = ("The journalist Rustam Dovletov was jailed for six years on 3 March 2025. The Oxus Press Monitor "
            "condemned the verdict. It urged the authorities to release him and called on Britain to impose "
            "sanctions on the judges involved in the case.")
    assert _advocacy(text) == {("Oxus Press Monitor", "condemn"), ("Oxus Press Monitor", "call_release")}


def test_a_silence_kept_by_the_authorities_is_no_condemnation() -> None:
    text = ("Soldiers took the radio presenter Amisse Chale from his home on 3 May 2025. \"Every week of silence "
            "from the authorities deepens the fear among reporters in the district,\" the Pemba Press Forum said.")
    assert ("Pemba Press Forum", "condemn") not in _advocacy(text)


def test_a_listed_demand_that_opens_with_its_addressees_name() -> None:
    text = ("Police arrested the poet Achieng Wanyama in Kisumu on 2 March 2025.\n\nThe Lakeside Rights Network "
            "calls on:\n\n- the police to release Achieng Wanyama;\n- NAPCO to investigate the abduction of Achieng "
            "Wanyama.")
    assert ("Lakeside Rights Network", "call_investigation") in _advocacy(text)


def test_a_call_to_quash_a_named_persons_conviction_or_it() -> None:
    text = ("A court in Kowloon convicted the activist Ho Wing-sze of sedition on 3 May 2025. Amnesty International "
            "urged the authorities to quash Ho's conviction. Human Rights Watch called the verdict \"a travesty\" "
            "and urged the authorities to quash it.")
    actions = _advocacy(text, published="2025-05-10")
    assert ("Amnesty International", "call_vacate") in actions
    assert ("Human Rights Watch", "call_vacate") in actions


def test_a_rights_body_introduced_once_by_its_noun_speaks_under_its_bare_name() -> None:
    text = ("A court in Mahilyou sentenced the teacher Andrei Kavalenka to five years on 12 May 2025, the "
            "Belarusian human rights group Pravaduk said. The human rights centre Zvyano condemned the verdict "
            "as unjust. Pravaduk has recognized Kavalenka as a political prisoner.")
    actions = _advocacy(text, published="2025-05-20")
    assert ("Pravaduk", "recognize_political_prisoner") in actions
    assert any(actor.endswith("Zvyano") for actor, _ in actions)


def test_the_office_of_a_body_speaks_for_it() -> None:
    text = ("A Baku court jailed the reporter Sevda Huseynova for eight years on 26 September 2025. On Tuesday, the "
            "office of the OSCE Representative on Freedom of the Media voiced alarm at the sentence and urged Baku "
            "to release her.")
    actions = _advocacy(text, published="2025-10-01")
    assert ("OSCE Representative on Freedom of the Media", "express_concern") in actions
    assert ("OSCE Representative on Freedom of the Media", "call_release") in actions


def test_an_ambassador_or_delegation_keeps_the_country_it_is_sent_to() -> None:
    text = ("Police detained the student Giorgi Abashidze in Batumi on 2 December 2024. The EU Ambassador to Georgia "
            "said the bloc was \"deeply concerned\" by his detention. The European Union's delegation to Armenia "
            "called for his release.")
    result = casewatch.extract(text, published="2024-12-10")
    actors = {a.actor for a in result.advocacy}
    assert {"EU Ambassador to Georgia", "European Union's delegation to Armenia"} <= actors


def test_germany_s_federal_foreign_office_is_a_foreign_government() -> None:
    text = ("Egyptian police arrested the researcher Karim Fawzy at Cairo airport on 16 June 2024, and Egypt's Supreme "
            "State Security Prosecution ordered him held. A spokesperson for the German Federal Foreign Office said "
            "Berlin was \"concerned about the continued detention\" of Fawzy.")
    assert ("German Federal Foreign Office", "express_concern") in _advocacy(text, published="2024-11-18")
