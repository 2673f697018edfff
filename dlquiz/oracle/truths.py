"""A model's truths: from a cache when known (no TensorFlow), else from live Keras."""

from __future__ import annotations

from dlquiz.oracle.cache import cached_truths, normalise, store_user


def truths(source: str, variables: dict | None = None) -> dict:
    """The truths of a model text: from a cache when known (no Keras), else built by live Keras and
    added to the user cache, so that the next session knows them."""
    hit = cached_truths(source, variables)
    if hit is not None:
        return hit
    from dlquiz.oracle.build import live_truths

    result = live_truths(source, variables)
    store_user(normalise(source, variables), result)
    return result


