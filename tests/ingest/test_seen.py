"""The in-file duplicate index: first lines in memory, then in a temporary file, the same answers."""

from __future__ import annotations

from graph.ingest.seen import SeenIndex


def _answers(index: SeenIndex, batches: list[list[tuple[int, int]]]) -> list[list[int | None]]:
    return [index.first_lines(batch) for batch in batches]


def test_repeats_name_the_first_line_within_and_across_batches_in_memory_and_on_disk() -> None:
    batches = [
        [(11, 1), (12, 2), (11, 3)],  # a repeat inside the batch
        [(13, 4), (12, 5)],  # a repeat of an earlier batch
        [(14, 6), (13, 7), (14, 8), (15, 9)],
    ]
    expected = [[None, None, 1], [None, 2], [None, 4, 6, None]]
    with SeenIndex() as roomy:
        assert _answers(roomy, batches) == expected
        assert not roomy.spilled
    with SeenIndex(memory_limit=3) as tight:  # spills to its file at the second batch
        assert _answers(tight, batches) == expected
        assert tight.spilled
    assert not tight.spilled  # closed: the temporary database is gone
