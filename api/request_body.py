"""The JSON body of a GraphQL POST, read alike on the fast path (`api.fastpath`) and in Strawberry's view
(`api.security.websocket.KeyedGraphQLRouter`).

Strawberry's view answers 500 to three kinds of body a client can send: JSON that is no operation
(`"hello"`, `null`, `5`, `true`, or a batch item that is not an object), which it reads with `.get`, bytes
that are not text (an invalid UTF-8 byte), whose `UnicodeDecodeError` it does not catch, and JSON nested
too deep for the decoder (a `RecursionError`). All are the client's mistake: here they are 400s, the first
with a reason of its own, the others with the view's reason for any body that is not JSON; a websocket
message of the last two kinds closes its connection with 4400, as any message that is not JSON does.
"""

from __future__ import annotations

import json

__all__ = ["NOT_AN_OBJECT", "NOT_JSON", "decode_json", "may_not_be_an_object", "refusal"]

NOT_JSON = "Unable to parse request body as JSON"  # the view's own reason
NOT_AN_OBJECT = "The GraphQL request must be a JSON object."
BATCH_ITEM_NOT_AN_OBJECT = "Each operation of a batch must be a JSON object."


def decode_json(data: str | bytes) -> object:
    """`json.loads`, with undecodable bytes and JSON nested too deep to decode a `JSONDecodeError` like any
    other body that is not JSON (the decoder recurses: about 1,000 levels raise a RecursionError)."""
    try:
        return json.loads(data)
    except UnicodeDecodeError as exc:
        raise json.JSONDecodeError(f"not {exc.encoding}: {exc.reason}", "", exc.start) from exc
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", "", 0) from None


def refusal(data: object, *, batching: bool) -> str | None:
    """Why decoded JSON is no GraphQL request (the 400's reason), or None: one operation (an object), or
    a list, which the view refuses itself without batching and which must hold objects with it."""
    if isinstance(data, dict):
        return None
    if isinstance(data, list):
        return BATCH_ITEM_NOT_AN_OBJECT if batching and not all(isinstance(i, dict) for i in data) else None
    return NOT_AN_OBJECT


def may_not_be_an_object(body: str | bytes) -> bool:
    """Whether a body must be decoded to be checked (`refusal`): JSON that opens with `{` is an object, or
    no JSON at all, which the view refuses itself; anything else (a batch, a scalar, UTF-16) is checked."""
    return body.lstrip()[:1] not in (b"{", "{")
