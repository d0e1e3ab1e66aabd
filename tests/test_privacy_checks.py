"""Private details, a surname the storyteller did not agree to, unlisted sensitive topics, placeholders."""

from __future__ import annotations

import time

import pytest
from conftest import SETTINGS

from wsstories.checks.privacy import PrivacyFinder


def _found(site_dir, body: str, prefix: str = "pii-", **changes):
    """``(rule, severity)`` of the findings whose rule starts with ``prefix``, for a story body."""
    site_dir.story(body=body, **changes)
    return sorted((rule, severity) for _, _, severity, rule in site_dir.problems()
                  if rule.startswith(prefix))


def _spanish(site_dir):
    site_dir.write("site.toml", SETTINGS.replace('language = "en"', 'language = "es"'))


@pytest.mark.parametrize("text", [
    "Call Maria at 206 555 0142 if you have a job for her.",
    "You can reach her at (206) 555-0142 after six.",
    "Her cell is 206.555.0142.",
    "Text Maria at 2065550142 to say congratulations.",
    "Her number, +1 206 555 0142, is on the flyer.",
    "Call her at 1-800-555-0199 ext. 12 to hire her.",
    "Her number is 555-0142.",
])
def test_every_us_phone_form_is_an_error(site_dir, text):
    """Spaces, dots, dashes, parentheses, +1, ten bare digits, 1-800 and a local number are found."""
    assert _found(site_dir, f"Maria started work.\n\n{text}\n") == [("pii-phone", "error")]


@pytest.mark.parametrize("text", [
    "Maria passed CompTIA 220-1101 and 220-1102 on her second try.",
    "She passed AZ-900 in 2024 and the NCLEX-RN in 2025.",
    "She took WELD 101, ENG 101 and BIO 160, in Room 2104.",
    "She worked there from 2019-2024 and earned $2,065.55 a month.",
    "Her order number 2065550142 shipped on time.",
    "Her new job is SOC 29-1141; the training was paid under WIOA Section 134(c)(3).",
    "The shop is in ZIP 98402-3311.",
    "She started on March 3, 2026, and was born in Tacoma.",
    "The job center is at 1200 Industrial Way, Suite 300.",
])
def test_codes_years_money_and_office_addresses_are_not_private(site_dir, text):
    """Exam, course, room, SOC and order numbers, years, money and an office address pass."""
    assert _found(site_dir, f"{text}\n") == []


def test_an_offices_phone_or_email_is_a_warning(site_dir):
    """A front desk's number or an info@ address is not a person's, so it does not block."""
    body = ("For information, call the center's front desk at (253) 555-0100.\n\n"
            "Questions go to info@harbor.example.edu.\n")
    assert _found(site_dir, body) == [("pii-contact", "warning"), ("pii-contact", "warning")]


def test_ten_digits_without_a_phone_word_is_a_warning(site_dir):
    """Ten bare digits that could be a phone number or some other number are not certain."""
    assert _found(site_dir, "Maria wrote 2065550142 on the board.\n") == [("pii-phone", "warning")]


def test_the_message_quotes_the_sentence_and_suggests_a_rewrite(site_dir):
    """The finding quotes the sentence with the number hidden, and rewrites that sentence."""
    site_dir.story(body="Maria starts Monday. Call Maria at 206 555 0142.\n")
    message = site_dir.messages("pii-phone")[0]
    assert "206 555 0142" not in message and "Call Maria at 20" in message
    assert "People who want to reach Maria can contact the partnership." in message


@pytest.mark.parametrize("text,rule", [
    ("Send congratulations to maria at example dot org.", "pii-email"),
    ("Her SSN is 123-45-6789.", "pii-ssn"),
    ("DOB 03/03/1990.", "pii-birth-date"),
    ("She lives at 1420 Pine St., Apt 3.", "pii-address"),
    ("Her UI claim #A-123456 was approved.", "pii-case-number"),
    ("Case number 2026-004512 was closed.", "pii-case-number"),
])
def test_other_private_details_are_errors(site_dir, text, rule):
    """Obfuscated e-mail, SSN, date of birth, a person's address and claim numbers block a build."""
    assert (rule, "error") in _found(site_dir, f"{text}\n")


@pytest.mark.parametrize("text,rule", [
    ("Llame a María al 206 555 0142 si tiene trabajo para ella.", "pii-phone"),
    ("Escríbale a maria arroba example punto org.", "pii-email"),
    ("Nació el 3 de marzo de 1990 en Yakima.", "pii-birth-date"),
    ("Vive en la calle Mayor 12, 3º B.", "pii-address"),
    ("Su número de expediente es 2026-004512.", "pii-case-number"),
])
def test_spanish_private_details_are_errors(site_dir, text, rule):
    """The same details written in Spanish, in a Spanish story."""
    _spanish(site_dir)
    assert (rule, "error") in _found(site_dir, f"María empezó a trabajar.\n\n{text}\n",
                                     summary="María terminó su certificado.")


def test_spanish_hard_negatives_pass(site_dir):
    """Exam codes, decree numbers and an office's address in Spanish are not private."""
    _spanish(site_dir)
    body = ("María aprobó el examen 220-1101 en 2024. El Real Decreto 34/2008, de 18 de enero, "
            "regula los certificados. Trabajó de 2019 a 2024 en el aula 2104.\n")
    assert _found(site_dir, body, summary="María terminó su certificado.") == []


def test_a_surname_is_an_error_when_the_storyteller_chose_a_first_name(site_dir):
    """'Maria Delgado' with naming first blocks; with naming full it is what she agreed to."""
    body = "Maria Delgado started at the clinic in May.\n"
    assert _found(site_dir, body) == [("pii-surname", "error")]
    assert "Write \"Maria started at the clinic in May.\"" in site_dir.messages("pii-surname")[0]
    teller = {"name": "Maria Delgado", "naming": "full"}
    assert _found(site_dir, body, storyteller=teller) == []


def test_surname_near_misses(site_dir):
    """Partner names, common words and a second given name after the first name are not surnames."""
    body = ("Maria and Harbor College staff planned her schedule. In June Maria earned it. "
            "Maria Luisa is her full first name. Maria Harbor College? No.\n")
    assert _found(site_dir, body) == []


def test_a_title_case_headline_or_an_honorific_is_only_a_warning(site_dir):
    """'Maria Earns Her Badge' may be title case; 'Ms. Delgado' may be someone else."""
    assert _found(site_dir, "Ms. Delgado now trains new aides.\n") == [("pii-surname", "warning")]
    assert _found(site_dir, BODY_OK, title="Maria Earns Her Welding Badge") == [
        ("pii-surname", "warning")]


@pytest.mark.parametrize("text", [
    "\"Maria caught an error in week two,\" says her instructor, Mr. Lindqvist.",
    "Her manager Mrs. Okafor moved her to the morning shift.",
    "She met Ms. Reyes, the shop's owner, at a job fair.",
    "Su profesora, la Sra. Ruiz, la ayudó con el examen.",
    "Maria and Mr. Chen rebuilt the engine together.",
])
def test_someone_else_named_by_title_and_surname_is_not_the_storytellers_surname(site_dir, text):
    """An instructor's or a manager's 'Mr. Lindqvist' names another person, not the storyteller."""
    assert _found(site_dir, f"Maria started work. {text}\n") == []


def test_a_title_with_the_storytellers_own_surname_is_an_error(site_dir):
    """When the front matter gives the surname, 'Ms. Delgado' is hers and someone else's title is not."""
    teller = {"name": "Maria Delgado", "naming": "first"}
    assert _found(site_dir, "Ms. Delgado now trains new aides.\n", storyteller=teller) == [
        ("pii-surname", "error")]
    assert _found(site_dir, "Ms. Reyes now trains new aides.\n", storyteller=teller) == []


BODY_OK = "Maria started work.\n"


def test_a_sensitive_topic_not_listed_is_a_warning_that_names_it(site_dir):
    """'Prison' without 'sensitive: [criminal-record]' is a warning naming the topic and the word."""
    assert _found(site_dir, "Maria spent two years in prison before the class.\n",
                  "sensitive") == [("sensitive-unlisted", "warning")]
    message = site_dir.messages("sensitive-unlisted")[0]
    assert "'prison'" in message and "criminal-record" in message


def test_a_listed_sensitive_topic_is_not_reported(site_dir):
    """Once the topic is listed (and reviewed), the mention is the storyteller's choice."""
    consent = {"ref": "WS-1", "date": "2026-09-30", "reviewed": "2026-10-05",
               "sensitive_reviewed": "2026-10-05"}
    assert _found(site_dir, "Maria spent two years in prison.\n", "sensitive",
                  sensitive=["criminal-record"], consent=consent) == []


@pytest.mark.parametrize("text", [
    "It was a record year for the bakery.",
    "The economic recovery brought new jobs.",
    "Workers at risk of layoffs can retrain.",
    "Her employer offers health benefits.",
    "She waited at the bus shelter.",
    "Fue un año récord para el programa.",
])
def test_sensitive_near_misses_pass(site_dir, text):
    """Everyday senses of 'record', 'recovery', 'risk', 'benefits' and 'shelter' are not topics."""
    assert _found(site_dir, f"Maria started work. {text}\n", "sensitive") == []


def test_an_employers_clients_in_general_are_not_a_disclosure(site_dir):
    """In an employer's story, 'people with disabilities' are whom the business serves or hires;
    in a person's story, or said of one person, the mention is still reported."""
    body = ("The agency now employs forty. Its caregivers help older people and people with "
            "disabilities cook and get to appointments.\n")
    assert _found(site_dir, body, "sensitive", goal="fill-openings") == []
    assert _found(site_dir, body, "sensitive") == [("sensitive-unlisted", "warning")]
    assert _found(site_dir, "The bakery hired Maria. She is one of many people with disabilities "
                            "on its staff.\n", "sensitive", goal="fill-openings") == [
        ("sensitive-unlisted", "warning")]
    assert _found(site_dir, "The bakery hired a cook who uses a wheelchair.\n", "sensitive",
                  goal="fill-openings") == [("sensitive-unlisted", "warning")]


def test_spanish_sensitive_topics(site_dir):
    """'cárcel', 'sin hogar' and 'discapacidad' are found in a Spanish story."""
    _spanish(site_dir)
    site_dir.story(body="María salió de la cárcel, estuvo sin hogar y tiene una discapacidad.\n",
                   summary="María terminó su certificado.")
    words = " ".join(site_dir.messages("sensitive-unlisted"))
    assert "criminal-record" in words and "homelessness" in words and "disability" in words


@pytest.mark.parametrize("text", [
    "Write the story here, from the storyteller's perspective and in their words.",
    "TODO: add the quote from the interview.",
    "[name] started at the clinic in May.",
    "<insert quote> she said.",
    "Lorem ipsum dolor sit amet.",
    "Maria (add quote here) smiled.",
    "Escriba aquí la historia de [nombre].",
])
def test_placeholder_text_in_a_published_story_is_an_error(site_dir, text):
    """Template text and drafting marks block a published story, naming the line."""
    site_dir.story(body=f"Maria started work.\n\n{text}\n")
    problems = [p for p in site_dir.problems() if p[3] == "placeholder-text"]
    assert problems and problems[0][2] == "error" and problems[0][1] is not None


def test_placeholder_text_in_a_draft_is_a_warning(site_dir):
    """A draft may still be half written."""
    assert _found(site_dir, "TODO\n", "placeholder", status="draft") == [
        ("placeholder-text", "warning")]


def test_placeholder_near_misses_pass(site_dir):
    """'todo' in Spanish, a Markdown link and a comment for the author are not placeholders."""
    body = ("Maria lo hizo todo. See [the name](https://example.org) of the course.\n\n"
            "<!-- TODO: check with Maria -->\n")
    assert _found(site_dir, body, "placeholder") == []


@pytest.mark.slow
@pytest.mark.parametrize("hostile", [
    "1" * 5000, "206 555 " * 2000, "a@" * 3000, "Maria " * 2000, "at example dot " * 1000,
    "( " * 4000, "born on " * 1500, "Calle A " * 2000, "case number " * 1500,
])
def test_private_detail_rules_stay_linear_on_hostile_text(hostile):
    """Four times the text costs about four times the time, not sixteen (generous bound)."""
    from wsstories.checks.sensitive import placeholders, topics
    finder = PrivacyFinder(partner_names=["Harbor College"])

    def cost(text: str) -> float:
        begin = time.process_time()
        finder.find(text, name="Maria")
        finder.surnames(text, "Maria")
        topics(text)
        placeholders(text)
        return time.process_time() - begin

    small, large = cost(hostile), cost(hostile * 4)
    assert large < 12 * small + 0.05


@pytest.mark.slow
def test_the_trigger_fragments_miss_no_mention_in_the_corpus():
    """The cheap pre-filter finds every topic the full patterns find in the corpus's sentences."""
    from pathlib import Path

    from wsstories.checks.sensitive import _TOPIC_PATTERNS, _in_a_name, topics
    data = Path(__file__).resolve().parent / "data" / "storytelling"
    for path in sorted(data.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            sentence = line.split("\t")[1]
            full = {topic for topic, pattern in _TOPIC_PATTERNS.items()
                    if any(not _in_a_name(sentence, m.start(), m.end())
                           for m in pattern.finditer(sentence))}
            assert set(topics(sentence)) == full, sentence
