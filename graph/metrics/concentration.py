"""Concentration of a relationship on few people: shares of strength and the inverse Simpson index."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["inverse_simpson", "shares", "top_share"]


def shares(values: Mapping[str, float]) -> dict[str, float]:
    """Each key's share of the total of `values` (empty when the total is not positive).

    Examples
    --------
    >>> shares({"a": 3.0, "b": 1.0})
    {'a': 0.75, 'b': 0.25}
    """
    total = sum(v for v in values.values() if v > 0)
    if total <= 0:
        return {}
    return {k: v / total for k, v in values.items() if v > 0}


def inverse_simpson(values: Iterable[float]) -> float:
    """The inverse Simpson index ``1 / sum(p_i^2)`` of the shares of `values`.

    "As many as N equally engaged people": N equal values give N; one dominant value gives close to 1.

    Parameters
    ----------
    values : iterable of float
        Non-negative amounts (zeros and negatives are ignored).

    Returns
    -------
    float
        0 when there is nothing positive.

    Notes
    -----
    Linear in the number of values. Hill's diversity number of order 2.

    References
    ----------
    .. [1] M. O. Hill, "Diversity and evenness: a unifying notation", Ecology 54 (1973).

    Examples
    --------
    >>> inverse_simpson([1, 1, 1, 1])
    4.0
    >>> inverse_simpson([2, 1, 1])  # shares 1/2, 1/4, 1/4
    2.6666666666666665
    """
    vals = [v for v in values if v > 0]
    total = sum(vals)
    if total <= 0:
        return 0.0
    return 1.0 / sum((v / total) ** 2 for v in vals)


def top_share(values: Mapping[str, float]) -> tuple[str | None, float]:
    """The key with the largest share and that share; ``(None, 0.0)`` when empty. Ties go to the smaller key.

    Examples
    --------
    >>> top_share({"a": 1.0, "b": 3.0})
    ('b', 0.75)
    """
    s = shares(values)
    if not s:
        return None, 0.0
    key = min(s, key=lambda k: (-s[k], k))
    return key, s[key]
