"""Buying-committee roles, inferred from title and seniority when the CRM leaves them unknown."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from graph.metrics.parameters import MetricParameters

__all__ = ["contact_role", "infer_role"]


@lru_cache(maxsize=8)
def _patterns(rules: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (role, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I))
        for role, words in rules
    )


def infer_role(title: str | None, seniority: str | None, params: MetricParameters | None = None) -> str:
    """The role a contact most likely plays, from the words of the title, else from seniority.

    Parameters
    ----------
    title : str or None
    seniority : str or None
        ``c_level``, ``vp``, ``director``, ``manager``, ``individual`` or ``unknown``.
    params : MetricParameters, optional
        ``role_title_keywords`` (first match wins) and ``seniority_roles``.

    Returns
    -------
    str
        A role; ``unknown`` when neither says anything.

    Examples
    --------
    >>> infer_role("Chief Financial Officer", "c_level")
    'economic_buyer'
    >>> infer_role("Senior Data Engineer", "individual")
    'technical_evaluator'
    >>> infer_role("VP Operations", "vp")
    'decision_maker'
    >>> infer_role(None, None)
    'unknown'
    """
    p = params or MetricParameters()
    if title:
        rules = tuple((role, tuple(words)) for role, words in p.role_title_keywords)
        for role, pattern in _patterns(rules):
            if pattern.search(title):
                return role
    return p.seniority_roles.get(seniority or "unknown", "unknown")


def contact_role(contact: Mapping[str, Any], params: MetricParameters | None = None) -> tuple[str, bool]:
    """A contact's role and whether it was inferred (the CRM said ``unknown`` or nothing).

    Examples
    --------
    >>> contact_role({"role": "champion"})
    ('champion', False)
    >>> contact_role({"role": "unknown", "title": "Head of Procurement", "seniority": "director"})
    ('procurement', True)
    """
    role = contact.get("role") or "unknown"
    if role != "unknown":
        return role, False
    return infer_role(contact.get("title"), contact.get("seniority"), params), True
