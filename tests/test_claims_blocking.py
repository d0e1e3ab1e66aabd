"""What blocks a build: the labelling guide's textbook claims are errors; its non-claims are silent.

A blocking error must be certain (a false one stops a partnership's site), and
a clear claim must block. These are the guide's own examples of each kind of
claim and of what is not one, checked as a user meets them: the sentence is
the body of a published story, read by ``load_site``.
"""

from __future__ import annotations

import pytest

CLEAR_CLAIMS = [
    "Our client Dana finished the course in May.",
    "One of our trainees started work at the port.",
    "We placed Marcus in a warehouse job.",
    "Thanks to our program, Rosa opened a bakery.",
    "Thanks to Harbor College, she earned her certificate.",
    "Because of our program, she works full-time now.",
    "Without Harbor College, Maria would not have found this job.",
    "Harbor College got Andre a job at the hospital.",
    "The agency put 300 people to work last year.",
    "Maria is another success story for Harbor College.",
]

NOT_CLAIMS = [
    "Dana completed the course in May.",
    "He used the job center's computers to apply.",
    "Harbor College offered evening classes.",
    "A counselor went over her résumé with her.",
    "A grant paid for his tools.",
    "The college runs a pre-apprenticeship in welding.",
    "“The library gave me somewhere to study,” she says.",
    "Rosa says the mock interviews made her ready.",
]


def _ownership(site_dir, body: str):
    site_dir.story("maria", body=body + "\n")
    return [(severity, rule) for _, _, severity, rule in site_dir.problems()
            if rule.startswith("ownership")]


@pytest.mark.parametrize("sentence", CLEAR_CLAIMS)
def test_a_clear_claim_blocks_the_build(site_dir, sentence):
    assert ("error", "ownership-claim") in _ownership(site_dir, sentence), sentence


@pytest.mark.parametrize("sentence", NOT_CLAIMS)
def test_a_service_or_the_persons_own_act_raises_nothing(site_dir, sentence):
    assert _ownership(site_dir, sentence) == [], sentence
