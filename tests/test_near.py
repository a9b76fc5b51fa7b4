"""near.py: approximate search, re-anchoring a changed quote, and the problems that teach."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_essay.anchoring import anchor, near
from annotated_essay.html.tree import element
from annotated_essay.model import Location, Selector
from sitebuild import ROOT

ESSAY = [
    "Right now, Anthropic's board has five members, and the Long-Term Benefit Trust elects some of them.",
    "The company says it will not race ahead. The company says it will publish its research.",
    "Anthropic plans on raising $5 billion over the next two years, a profile reported.",
    "A short line about safety. Another short line about safety, later on.",
]
HERE = Location("annotations/claims/x.yml", 2, 8)


def text_map(paragraphs: list[str] = ESSAY) -> anchor.TextMap:
    root = element("div")
    for paragraph in paragraphs:
        root.append(element("p", None, paragraph))
    return anchor.build_text_map(root)


def naive(pattern: str, text: str, anchored: bool) -> list[int]:
    """The textbook dynamic programme: column j of the last row, for every j."""
    previous = list(range(len(pattern) + 1))
    out = []
    for j, char in enumerate(text, start=1):
        current = [j if anchored else 0]
        for i, p in enumerate(pattern, start=1):
            current.append(min(previous[i] + 1, current[i - 1] + 1, previous[i - 1] + (p != char)))
        out.append(current[-1])
        previous = current
    return out


@settings(max_examples=150, deadline=None)
@given(st.text("abc ", max_size=12), st.text("abc ", max_size=30), st.booleans())
def test_bit_parallel_distances_equal_the_textbook_ones(pattern: str, text: str, anchored: bool) -> None:
    if pattern:
        assert near.distances(pattern, text, anchored=anchored) == naive(pattern, text, anchored)


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("", "", 0), ("abc", "", 3), ("kitten", "sitting", 3), ("four members", "five members", 3), ("same", "same", 0)],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert near.edit_distance(a, b) == distance == near.edit_distance(b, a)


def place(tm: anchor.TextMap, moved: near.Reanchored | None) -> str:
    assert moved is not None
    return tm.text[moved.match.start : moved.match.end]


def test_a_changed_word_is_found_with_old_and_new_text() -> None:
    tm = text_map()
    selector = Selector("Right now, Anthropic's board has four members", where=HERE)
    moved = near.reanchor(tm, selector)
    assert place(tm, moved) == "Right now, Anthropic's board has five members"
    assert moved.changes == (("quote", selector.quote, "Right now, Anthropic's board has five members"),)
    problem = near.explain(tm, selector, [], "quote")
    assert problem.where == HERE and problem.severity == "error"
    assert problem.message == (
        "quote changed: \"Right now, Anthropic's board has four members\" is now "
        "\"Right now, Anthropic's board has five members\""
    )
    assert "--fix" in problem.hint
    assert problem.fix == (("quote", "Right now, Anthropic's board has five members"),)


def test_the_fix_matches_exactly_one_place() -> None:
    tm = text_map()
    for quote in ("The company says it will not race", "raising $6 billion over the next", "boards has five member"):
        moved = near.reanchor(tm, Selector(quote))
        assert moved is not None, quote
        fixed = Selector(**{"quote": quote, **dict((k, new) for k, _, new in moved.changes)})
        assert anchor.find_quote(tm, fixed) == [moved.match]


def test_prefix_and_suffix_decide_between_two_near_matches() -> None:
    tm = text_map()
    # "says it will" occurs twice; the (changed) suffix says which one.
    selector = Selector("The company says it will", suffix="publish its researches")
    moved = near.reanchor(tm, selector)
    assert moved is not None
    assert tm.text[moved.match.end :].startswith(" publish")
    assert dict((k, new) for k, _, new in moved.changes) == {"suffix": "publish its research."}


def test_a_quote_still_there_but_with_a_changed_prefix() -> None:
    tm = text_map()
    selector = Selector("the Long-Term Benefit Trust", prefix="members, but")
    problem = near.explain(tm, selector, [], "quote")
    assert problem.message == 'quote prefix changed: "members, but" is now "members, and"'
    assert problem.fix == (("prefix", "members, and"),)


def test_two_equally_near_places_are_never_chosen() -> None:
    tm = text_map()
    assert near.reanchor(tm, Selector("short line about safetyy")) is None
    problem = near.explain(tm, Selector("short line about safetyy"), [], "quote")
    assert problem.fix == ()
    assert problem.message.startswith("quote not found in the essay")


@pytest.mark.parametrize(
    "quote",
    [
        "an entirely different sentence about nothing in the essay",  # removed from the essay
        "Anthropic's board has seven voting members now",  # too far from what is there
        "Right",  # a short word: one edit is a lot
    ],
)
def test_below_the_minimum_similarity_it_stays_unanchored(quote: str) -> None:
    tm = text_map()
    assert near.reanchor(tm, Selector(quote + "x")) is None
    problem = near.explain(tm, Selector(quote + "x"), [], "quote")
    assert problem.fix == () and "not found" in problem.message


def test_not_found_names_the_closest_passage_in_whole_words() -> None:
    tm = text_map()
    problem = near.not_found(tm, Selector("Anthropic plans on rasing $5 bilion"), "quote")
    assert problem.message == 'quote not found in the essay: "Anthropic plans on rasing $5 bilion"'
    assert 'the closest passage, in paragraph 3 ("Anthropic plans on raising $5 billion..."), is "Anthropic plans on raising $5 billion"' in problem.hint


def test_ambiguous_lists_each_place_with_a_prefix_or_suffix_that_decides() -> None:
    tm = text_map()
    selector = Selector("The company says it will")
    matches = anchor.find_quote(tm, selector)
    problem = near.explain(tm, selector, matches, "quote")
    assert problem.message == 'quote "The company says it will" matches 2 places in the essay'
    lines = problem.hint.split("\n")[1:]
    assert len(lines) == 2
    for match, line in zip(matches, lines):
        assert line.startswith(f'paragraph {tm.block_number(match.start)} ("The company says it will not...")')
        side, words = line.rsplit("add `", 1)[1].rstrip("`").split(": ", 1)
        decided = Selector(selector.quote, **{side: words})
        assert anchor.find_quote(tm, decided) == [match]


def test_a_long_quote_shows_only_the_words_that_changed() -> None:
    sentence = " ".join(f"word{i}" for i in range(60))
    tm = text_map([sentence.replace("word30", "changed")])
    problem = near.explain(tm, Selector(sentence), [], "quote")
    assert problem.message == 'quote changed: "...word26 word27 word28 word29 word30 word31 word32 word33 word34..." is now "...word26 word27 word28 word29 changed word31 word32 word33 word34..."'


def test_fast_on_a_long_essay() -> None:
    """300 KB of text, 50 quotes that each lost a few characters: re-anchored in well under a second each."""
    rng = random.Random(4)
    vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(3000)]
    paragraphs = [" ".join(rng.choice(vocabulary) for _ in range(80)) + "." for _ in range(600)]
    tm = text_map(paragraphs)
    assert len(tm.text) > 300_000
    quotes = []
    for _ in range(50):
        words = rng.choice(paragraphs).split(" ")
        start = rng.randrange(0, 60)
        quote = words[start : start + rng.randint(4, 20)]
        quote[len(quote) // 2] += "s"  # the essay dropped a letter
        quotes.append(" ".join(quote))
    began = time.perf_counter()
    fixed = [near.explain(tm, Selector(quote), [], "quote").fix for quote in quotes]
    elapsed = time.perf_counter() - began
    assert sum(bool(fix) for fix in fixed) >= 45
    assert elapsed < 5, f"{elapsed:.2f} s for 50 quotes"


def our_selectors() -> tuple[anchor.TextMap, list[tuple[Selector, anchor.Match]]]:
    """The repository's essay and every selector of its annotations that matches once."""
    from annotated_essay import cli
    from annotated_essay.model import Claim, CrossRef, Quotation

    build, _ = cli.load_site(ROOT / "mkdocs.yml")
    tm = build.edition.text_map
    assert tm is not None
    selectors = [
        a.selector if isinstance(a, Claim) else a.from_ if isinstance(a, CrossRef) else a.start
        for a in build.annotations.annotations
        if isinstance(a, (Claim, CrossRef, Quotation))
    ]
    found = [(s, anchor.find_quote(tm, s)) for s in selectors]
    return tm, [(s, matches[0]) for s, matches in found if len(matches) == 1]


def test_on_our_essay_a_changed_word_is_found_and_a_deleted_passage_is_not_moved() -> None:
    tm, selectors = our_selectors()
    assert len(selectors) > 20
    rng = random.Random(7)
    selectors = rng.sample(selectors, 30)  # enough to see a mistake; all of them take seconds
    right = 0
    for selector, match in selectors:
        words = tm.text[match.start : match.end].split(" ")
        index = rng.randrange(len(words))
        words[index] = words[index][::-1] if len(words[index]) > 2 else words[index] + "x"
        changed = " ".join(words)
        edited = text_map([tm.text[: match.start] + changed + tm.text[match.end :]])
        moved = near.reanchor(edited, selector)
        if moved is not None:
            # Never somewhere else: the changed passage, give or take the changed word
            # (at an edge of the quote it may be left out), or nothing.
            start = edited.text.index(changed)
            edge = len(words[index]) + 1
            assert abs(moved.match.start - start) <= edge and abs(moved.match.end - (start + len(changed))) <= edge
            right += 1
        deleted = text_map([tm.text[: match.start] + " " + tm.text[match.end :]])
        assert near.reanchor(deleted, selector) is None, selector.quote
    assert right >= 0.9 * len(selectors)


# --- the cost of a quote that does not match ------------------------------------------
# Not timed: the work of the approximate search is counted, in machine words of its
# bit-parallel rows (one per 64 characters of the quote, per character of text it
# scans), and must stay within sixty rows per character of the quote: it looks at a
# few windows where the quote's words say it is, never at the whole essay.

LONG_ESSAY_RNG = random.Random(11)
VOCABULARY = ["".join(LONG_ESSAY_RNG.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(LONG_ESSAY_RNG.randint(2, 9))) for _ in range(2000)]
LONG_ESSAY = [" ".join(LONG_ESSAY_RNG.choice(VOCABULARY) for _ in range(90)) + "." for _ in range(300)]
LONG_TM = text_map(LONG_ESSAY)


def counted_work(run, monkeypatch: pytest.MonkeyPatch) -> tuple[object, int]:
    """`run()`'s result and the rows the approximate search scanned to give it."""
    work = [0]
    real = near.distances

    def counting(pattern, text, *, anchored=False):  # type: ignore[no-untyped-def]
        work[0] += len(text) * (len(pattern) // 64 + 1)
        return real(pattern, text, anchored=anchored)

    monkeypatch.setattr(near, "distances", counting)
    near.candidates.cache_clear()
    return run(), work[0]


def misspelled(text: str, rng: random.Random, every: int) -> str:
    """`text` with one letter in `every` characters changed (one at least)."""
    chars = list(text)
    letters = [i for i, c in enumerate(chars) if c.isalpha()]
    for i in rng.sample(letters, max(1, len(text) // every)):
        chars[i] = "q" if chars[i] != "q" else "z"
    return "".join(chars)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), length=st.integers(20, 1000), every=st.sampled_from([40, 100, 400]))
def test_a_failing_quote_is_searched_in_a_few_windows_not_the_whole_essay(seed: int, length: int, every: int) -> None:
    rng = random.Random(seed)
    text = LONG_TM.text
    start = text.index(" ", rng.randrange(len(text) - 1200)) + 1
    passage = text[start : text.index(" ", start + length)]
    quote = misspelled(passage, rng, every)
    with pytest.MonkeyPatch.context() as patch:
        problem, work = counted_work(lambda: near.explain(LONG_TM, Selector(quote, where=HERE), [], "quote"), patch)
    assert work <= 60 * len(quote) * (len(quote) // 64 + 1), (work, len(quote))
    assert problem.message.startswith(("quote changed", "quote not found"))
    if problem.fix:  # the passage it was taken from, or nothing
        assert dict(problem.fix)["quote"] in passage or passage in dict(problem.fix)["quote"]


def test_explain_searches_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A quote found nowhere close is searched once, for the rewrite and the closest passage alike."""
    quote = " ".join(VOCABULARY[i] for i in range(0, 400, 7))
    _, once = counted_work(lambda: near.candidates(LONG_TM.text, quote), monkeypatch)
    _, explained = counted_work(lambda: near.explain(LONG_TM, Selector(quote, where=HERE), [], "quote"), monkeypatch)
    assert explained == once


def test_a_long_quote_with_a_few_letters_changed_is_reanchored() -> None:
    text = LONG_TM.text
    start = text.index(" ", 5000) + 1
    passage = text[start : text.index(" ", start + 1000)]
    quote = misspelled(passage, random.Random(3), 125)
    problem = near.explain(LONG_TM, Selector(quote, where=HERE), [], "quote")
    assert problem.message.startswith("quote changed") and dict(problem.fix)["quote"] == passage
