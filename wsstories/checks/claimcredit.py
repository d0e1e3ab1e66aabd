"""The shapes of a claim that credit an organisation with the outcome: 'thanks to X', 'because
of the program', 'without X … would', 'with the support of X, she found…'.

They are read from word roles, as :mod:`.claimshapes` reads the other shapes.
"""

from __future__ import annotations

_CREDIT_TARGET = frozenset({"ORG", "ORGN", "WE", "OUR", "AID", "HELP", "ITS"})
_WIN_TARGET = _CREDIT_TARGET - {"AID", "HELP"}
_CREDIT_CAUSE = frozenset({"thanks", "gracias", "because", "due", "merced", "credit"})
_WITHOUT = frozenset({"without", "sin"})
_WITH = frozenset({"with", "con"})
_FROM = frozenset({"of", "from", "de", "del"})
_OUTCOME_ROLES = frozenset({"OUT", "ACT", "CAUSE"})


def with_aid(roles, lows, i, add) -> None:
    """'with the support of our program, he found a job', 'con la ayuda de X consiguió…': an
    organisation's help as the means of the person's outcome (its activity alone is not)."""
    n = len(roles)
    start = next((k for k in range(i - 1, max(-1, i - 4), -1) if lows[k] in _WITH), None)
    if start is None or any(roles[k] not in ("DET", "w", "ONE") or lows[k] in ",;:"
                            for k in range(start + 1, i)):
        return
    if i + 1 >= n or lows[i + 1] not in _FROM:
        return
    target = next((k for k in range(i + 2, min(n, i + 5)) if roles[k] in _WIN_TARGET), None)
    if target is None or any(roles[k] not in ("DET", "w", "ORG", "ORGN")
                             for k in range(i + 2, target)):
        return
    if not _OUTCOME_ROLES.isdisjoint(roles[:start]) or not _OUTCOME_ROLES.isdisjoint(roles[target + 1:]):
        add("credit:with-help", (start, target + 1))


#: Credit words after which the person's act, in any wording, is the organisation's doing.
_THANKS = frozenset({"thanks", "gracias"})


def _person_acts_after(roles, lows, start: int) -> bool:
    """'…, Rosa opened', '…, she earned': the organisation's name ends, then a person acts."""
    for k in range(start, min(len(roles), start + 8)):
        if lows[k] == ",":
            nxt = k + 1
            return nxt + 1 < len(roles) and roles[nxt] in ("NAME", "PRO", "PEOPLE") and \
                lows[nxt + 1] not in (",", ";", ":", ".")
        if lows[k] in (";", ":", "."):
            return False
    return False


def credit(roles, lows, i, add) -> None:
    """'thanks to X', 'because of the program', 'without X … would', 'gracias a'."""
    n = len(roles)
    low = lows[i]
    for j in range(i + 1, min(n, i + 6)):
        if roles[j] in _CREDIT_TARGET:
            if low in _WITHOUT:
                for k in range(j + 1, min(n, j + 16)):
                    if roles[k] == "MODAL" or lows[k] in ("would", "could", "habría", "hubiera",
                                                         "podría", "wouldn’t", "wouldn't"):
                        add("without:modal", (i, k + 1))
                        return
                return
            end = j + 1  # the organization's words: 'our program', 'Harbor College'
            while end < min(n, j + 6) and roles[end] in ("ORG", "ORGN", "AID"):
                end += 1
            add("credit:" + low, (i, end))
            if low in _THANKS and _person_acts_after(roles, lows, j + 1):
                add("credit:outcome", (i, end))  # 'thanks to X, Rosa opened a bakery'
                return
            if low in _CREDIT_CAUSE and not _OUTCOME_ROLES.isdisjoint(roles[j + 1:j + 30]) and not (
                    low == "debido" and j < n and lows[i + 1] in ("a", "que")
                    and lows[min(n - 1, i + 2)] == "que"):
                add("credit:outcome", (i, j + 1))
            return
        if roles[j] not in ("PREP", "DET", "w", "ONE") or lows[j] in (",", ";"):
            return
