"""The W3C Web Annotation export and import, and the claims page's ClaimReview.

The export is validated against the MUST assertions of the W3C Web Annotation
test suite (its JSON Schemas, copied into tests/w3c with their licence), on
our own site and on a `.md` test essay built with the `build_site` fixture.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from datetime import datetime
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from annotated_essay.anchoring.essaytext import EssayText
from annotated_essay import cli
from annotated_essay.interop import export, w3c_import
from annotated_essay.render import claimreview
from annotated_essay.html.tree import BLOCKS
from annotated_essay.files.load import load_annotations
from annotated_essay.anchoring.normalize import normalize
from sitebuild import BuiltSite, build_at, copy_our_site, site_at

W3C = Path(__file__).resolve().parent / "w3c"
MUSTS = {
    "annotations": "annotations/annotationMusts.test",
    "collections": "collections/collectionMusts.test",
    "pages": "collections/pages/pageMusts.test",
}
SITE_URL = "https://example.com/edition/"

ESSAY_MD = """\
# The *RLHF* question

The first paragraph speaks of RLHF and of the [Long-Term Benefit Trust](https://example.org)
inside a sentence, and it says the *company raised $450 million* in May.

> Someone else wrote this first quoted paragraph about frontier models.
>
> And this second quoted paragraph ends the quotation.

- a list item that mentions RLHF
- another list item, about the Trust & its powers

The last paragraph says RLHF again, mentions the Trust again, and the company raised money again.
"""

MD_ANNOTATIONS = {
    "claims/raised-450.yml": """\
        quote: company raised $450 million
        claim: "The company raised $450 million </script><script>alert(1)</script> & <!-- more"
        speaker: the author
        verdict: supported
        checked: 2026-01-02
        updated: 2026-02-03
        note: Because *reasons* & <b>more</b>.
        tags: [money, funding]
        contributors: [Ada]
        sources:
          - title: A source
            url: https://example.org/source
            author: Someone
    """,
    "claims/trust-powers.yml": """\
        quote: the Trust & its powers
        claim: The Trust has powers.
        speaker: Vox
        verdict: disputed
        checked: 2026-03-04
        note: Disputed.
        sources:
          - title: Another source
            url: https://example.org/another
    """,
    "claims/raised-again.yml": """\
        quote: raised money
        prefix: and the company
        claim: The company raised money again.
        speaker: the author
        verdict: opinion
        checked: 2026-03-05
        note: An opinion, not rated.
    """,
    "claims/first-paragraph.yml": """\
        quote: The first paragraph
        claim: There is a first paragraph.
        speaker: Someone Else
        verdict: unverified
        checked: 2026-03-06
        note: Not checked.
    """,
    "glossary/rlhf.yml": """\
        term: RLHF
        aliases: [reinforcement learning from human feedback]
        definition: Training with *human* ratings.
        see_also: [ltbt]
    """,
    "glossary/ltbt.yml": """\
        term: Long-Term Benefit Trust
        aliases: [Trust]
        definition: A body that elects board members.
        case_sensitive: false
    """,
    "xrefs/again-first.yml": """\
        from:
          quote: says RLHF again
        to:
          quote: speaks of RLHF
        relation: restates
        note: Said again.
    """,
    "xrefs/to-claim.yml": """\
        from:
          quote: another list item
        to:
          annotation: raised-450
        relation: supports
    """,
    "xrefs/to-page.yml": """\
        from:
          quote: a list item that mentions
        to:
          url: https://example.org/page
          title: A page
        relation: cites
    """,
    "quotations/someone.yml": """\
        start:
          quote: Someone else wrote this
        end:
          quote: ends the quotation.
        source:
          title: Someone's book
          url: https://example.org/book
          author: Someone
          date: 2020-05
        speaker: A character
    """,
}


# --- the W3C test suite's MUST assertions -------------------------------------


@lru_cache(maxsize=1)
def _registry() -> Registry:
    resources = []
    for path in sorted((W3C / "definitions").glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(contents, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


def _format_checker() -> jsonschema.FormatChecker:
    # jsonschema checks `uri` and `date-time` only with optional packages, so
    # they are checked here: an absolute IRI, an RFC 3339 date-time.
    checker = jsonschema.FormatChecker(formats=())

    @checker.checks("uri")
    def uri(value: object) -> bool:
        return not isinstance(value, str) or (bool(urlsplit(value).scheme) and " " not in value)

    @checker.checks("date-time", raises=ValueError)
    def date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", value):
            return False
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True

    return checker


@lru_cache(maxsize=3)
def _assertions(which: str) -> list[tuple[str, jsonschema.protocols.Validator]]:
    listed = json.loads((W3C / MUSTS[which]).read_text(encoding="utf-8"))["assertions"]
    validators = []
    for rel in listed:
        schema = json.loads((W3C / rel).read_text(encoding="utf-8"))
        assert schema["assertionType"] == "must" and schema["expectedResult"] == "valid"
        validator = jsonschema.Draft4Validator(schema, registry=_registry(), format_checker=_format_checker())
        validators.append((rel, validator))
    return validators


def must_failures(document: dict[str, Any], which: str) -> list[str]:
    """The MUST assertions (of 'annotations', 'collections' or 'pages') the document fails."""
    return [f"{rel}: {next(v.iter_errors(document)).message[:200]}" for rel, v in _assertions(which) if not v.is_valid(document)]


def all_failures(collection: dict[str, Any]) -> list[str]:
    """Every MUST failure of a collection, its embedded page and each annotation."""
    failures = [f"collection: {f}" for f in must_failures(collection, "collections")]
    failures += [f"page: {f}" for f in must_failures(collection, "pages")]
    for item in collection["first"]["items"]:
        failures += [f"{item.get('id')}: {f}" for f in must_failures(item, "annotations")]
    return failures


def test_the_copied_suite_has_every_must_assertion() -> None:
    # 54 annotation, 10 collection and 15 page MUST assertions in the W3C suite.
    assert [len(_assertions(w)) for w in ("annotations", "collections", "pages")] == [54, 10, 15]
    assert (W3C / "license.md").is_file()


@pytest.mark.parametrize(
    "change",
    [
        lambda a: a.pop("target"),
        lambda a: a.update({"@context": "http://example.org/other.jsonld"}),
        lambda a: a.update({"id": "not an iri"}),
        lambda a: a.update({"modified": "2026-01-02"}),
        lambda a: a.update({"type": "Note"}),
        lambda a: a.update({"bodyValue": "text"}),
        lambda a: a["body"][0].update({"value": 3}),
    ],
    ids=["no-target", "wrong-context", "relative-id", "date-not-datetime", "wrong-type", "body-and-bodyvalue", "value-not-string"],
)
def test_the_assertions_catch_a_broken_annotation(own_export: dict[str, Any], change: Any) -> None:
    annotation = copy.deepcopy(own_export["first"]["items"][0])
    assert must_failures(annotation, "annotations") == []
    change(annotation)
    assert must_failures(annotation, "annotations") != []


# --- our own site ---------------------------------------------------------------


@pytest.fixture(scope="module")
def own_site(tmp_path_factory: pytest.TempPathFactory, published_address: None) -> BuiltSite:
    """Our own site, built once, strict, from a copy of its inputs."""
    built = build_at(copy_our_site(tmp_path_factory.mktemp("own") / "ours"))
    assert not built.aborted, built.warnings
    return built


@pytest.fixture(scope="module")
def published_address() -> Iterator[None]:
    """Build our site as the Pages workflow does: mkdocs.yml reads site_url from SITE_URL."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", "https://example.org/annotated-essay/")
        yield


@pytest.fixture(scope="module")
def own_build(own_site: BuiltSite, published_address: None) -> Any:
    return _site_build(own_site)


@pytest.fixture(scope="module")
def own_export(own_site: BuiltSite) -> dict[str, Any]:
    return _published(own_site)


def test_own_site_passes_every_must_assertion(own_export: dict[str, Any]) -> None:
    assert own_export["total"] > 100
    assert all_failures(own_export) == []


def test_own_site_exports_every_anchored_annotation(own_build: Any, own_export: dict[str, Any]) -> None:
    assert_complete(own_build, own_export)


def test_own_site_positions_are_in_the_text_the_page_shows(own_site: BuiltSite, own_build: Any, own_export: dict[str, Any]) -> None:
    shown = essay_text_of_page(own_site.html(""))
    assert EssayText.of(own_build.edition.text_map).text == shown
    assert_selectors_agree(shown, own_export)
    assert_quotes_are_highlighted(own_site, own_export)


def test_own_site_publishes_what_the_command_prints(own_site: BuiltSite, own_build: Any) -> None:
    published = (own_site.site / "annotations.jsonld").read_text(encoding="utf-8")
    assert export.export_json(own_build) == published
    assert json.loads(published)["id"].startswith(own_build.publication.url)


def test_own_site_round_trip(own_build: Any, own_export: dict[str, Any], tmp_path: Path) -> None:
    assert_round_trip(own_build, own_export, tmp_path)


def test_own_claims_page_has_a_complete_claim_review_per_checked_claim(own_site: BuiltSite, own_build: Any) -> None:
    reviews = claim_reviews_in(own_site.html("claims/"))
    claims = [a for a in own_build.annotations.annotations if a.kind == "claim"]
    assert_claim_reviews(reviews, claims, own_build.publication.url)


# --- a .md essay built with the plugin -------------------------------------------


MD_OPTIONS = {"title": "The original", "author": "An Author", "url": "https://example.org/original", "date": "2023-07-01"}


@pytest.fixture(scope="module")
def md_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Built once for the module's read-only tests."""
    return _md_site(tmp_path_factory.mktemp("md") / "site")


def _md_site(root: Path) -> BuiltSite:
    built = site_at(
        root,
        ESSAY_MD,
        MD_ANNOTATIONS,
        essay_name="essay.md",
        options=MD_OPTIONS,
        extra_config={"site_url": SITE_URL, "site_name": "Test edition"},
    )
    assert not built.aborted, built.warnings
    return built


def _site_build(built: BuiltSite) -> Any:
    return cli.load_site(built.root / "mkdocs.yml")[0]


def _published(built: BuiltSite) -> dict[str, Any]:
    return json.loads((built.site / "annotations.jsonld").read_text(encoding="utf-8"))


def test_md_essay_export_passes_every_must_assertion(md_site: BuiltSite) -> None:
    collection = _published(md_site)
    assert collection["total"] == len(MD_ANNOTATIONS)
    assert all_failures(collection) == []


def test_md_essay_exports_every_anchored_annotation(md_site: BuiltSite) -> None:
    assert_complete(_site_build(md_site), _published(md_site))


def test_md_essay_positions_are_in_the_text_the_page_shows(md_site: BuiltSite) -> None:
    shown = essay_text_of_page(md_site.html(""))
    assert EssayText.of(_site_build(md_site).edition.text_map).text == shown
    assert_selectors_agree(shown, _published(md_site))


def test_md_essay_quotes_are_the_highlighted_words(md_site: BuiltSite) -> None:
    assert_quotes_are_highlighted(md_site, _published(md_site))


def test_md_essay_annotations_have_fitting_motivations_and_bodies(md_site: BuiltSite) -> None:
    items = {export.own_fields(i)["id"]: i for i in _published(md_site)["first"]["items"]}
    assert {k: i["motivation"] for k, i in items.items() if k in ("raised-450", "rlhf", "to-page", "someone")} == {
        "raised-450": "assessing",
        "rlhf": "describing",
        "to-page": "linking",
        "someone": "identifying",
    }
    claim = items["raised-450"]
    assert claim["id"] == f"{SITE_URL}#raised-450"
    assert claim["modified"] == "2026-02-03T00:00:00Z"
    assert claim["creator"] == [{"type": "Person", "name": "Ada"}]
    html_body = claim["body"][0]
    assert html_body["format"] == "text/html" and "<em>reasons</em>" in html_body["value"]
    assert "<b>" not in html_body["value"]  # raw HTML in a note is text, never markup
    assert [b["value"] for b in claim["body"] if b.get("purpose") == "tagging"] == ["money", "funding"]
    # A glossary entry targets each occurrence: RLHF occurs in the heading and three more times.
    assert [_exact(t) for t in items["rlhf"]["target"]] == ["RLHF"] * 4
    assert items["to-page"]["body"][-1] == {"id": "https://example.org/page", "type": "Text"}
    assert items["to-claim"]["body"][-1] == {"id": f"{SITE_URL}#raised-450"}
    passage = items["again-first"]["body"][-1]
    assert passage["type"] == "SpecificResource" and _exact(passage) == "speaks of RLHF"
    # A quotation targets its whole passage: both quoted paragraphs.
    assert _exact(items["someone"]["target"]) == (
        "Someone else wrote this first quoted paragraph about frontier models. "
        "And this second quoted paragraph ends the quotation."
    )


def test_md_essay_export_is_deterministic_and_the_command_prints_it(md_site: BuiltSite, capsys: Any) -> None:
    published = (md_site.site / "annotations.jsonld").read_text(encoding="utf-8")
    assert cli.main(["export", "-f", str(md_site.root / "mkdocs.yml")]) == 0
    assert capsys.readouterr().out == published
    assert export.export_json(_site_build(md_site)) == published


def assert_one_annotation_a_line(text: str) -> None:
    """Each annotation is one line of the file, and a JSON document of its own: a change to one shows as one line."""
    items = [json.loads(line.rstrip(",")) for line in text.split("\n") if line.startswith('{"@context"')]
    assert items
    assert items == json.loads(text)["first"]["items"]


def test_md_essay_export_has_one_annotation_a_line(md_site: BuiltSite) -> None:
    assert_one_annotation_a_line((md_site.site / "annotations.jsonld").read_text(encoding="utf-8"))


def test_own_site_export_has_one_annotation_a_line(own_build: Any) -> None:
    assert_one_annotation_a_line(export.export_json(own_build))


def test_md_essay_round_trip(md_site: BuiltSite, tmp_path: Path) -> None:
    assert_round_trip(_site_build(md_site), _published(md_site), tmp_path)


def test_md_claims_page_claim_reviews(md_site: BuiltSite) -> None:
    page = md_site.html("claims/")
    assert "</script><script>alert" not in page
    for raw in scripts_of(page):
        assert "</script" not in raw.lower() and "<!--" not in raw
    reviews = claim_reviews_in(page)
    build = _site_build(md_site)
    assert_claim_reviews(reviews, [a for a in build.annotations.annotations if a.kind == "claim"], SITE_URL)
    by_url = {r["url"]: r for r in reviews}
    review = by_url[f"{SITE_URL}claims/#raised-450"]
    assert review["claimReviewed"].startswith("The company raised $450 million </script>")
    assert review["author"] == {"@type": "Organization", "name": "Test edition", "url": SITE_URL}
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "An Author"}
    assert review["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://example.org/original",
        "name": "The original",
        "author": {"@type": "Person", "name": "An Author"},
        "datePublished": "2023-07-01",
    }
    assert by_url[f"{SITE_URL}claims/#trust-powers"]["itemReviewed"]["author"]["name"] == "Vox"
    # The JSON-LD is no text for search to find.
    claims_doc = [d for d in md_site.search_index()["docs"] if d["location"].startswith("claims/")]
    assert claims_doc and not any("ClaimReview" in d["text"] for d in claims_doc)


def test_without_site_url_ids_are_urns_of_the_site_name(build_site: Any) -> None:
    built = build_site(ESSAY_MD, {"claims/raised-450.yml": MD_ANNOTATIONS["claims/raised-450.yml"]}, essay_name="essay.md")
    assert not built.aborted, built.warnings
    collection = _published(built)
    assert collection["id"] == "urn:annotated-essay:test-essay/annotations.jsonld"
    assert collection["first"]["items"][0]["id"] == "urn:annotated-essay:test-essay/#raised-450"
    assert all_failures(collection) == []
    # The ClaimReview's url is the claim's entry, relative to the claims page it is on.
    assert [r["url"] for r in claim_reviews_in(built.html("claims/"))] == ["#raised-450"]


# --- importing annotations from another tool ----------------------------------------


def _hypothesis(motivation: str, selectors: list[dict[str, Any]], body: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """An annotation as Hypothesis's W3C export writes one (body as Markdown text)."""
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://hypothes.is/a/" + extra.pop("key", "AbC123xyz"),
        "type": "Annotation",
        "motivation": motivation,
        "created": "2026-05-06T07:08:09.123456+00:00",
        "body": body,
        "target": [{"source": "https://example.org/essay", "selector": selectors}],
        **extra,
    }


def _text(value: str) -> dict[str, str]:
    return {"type": "TextualBody", "value": value, "format": "text/markdown"}


def test_import_maps_other_tools_annotations_and_reports_the_rest(tmp_path: Path, capsys: Any) -> None:
    md_site = _md_site(tmp_path / "site")  # its own copy: the import writes into it
    build = _site_build(md_site)
    text = EssayText.of(build.edition.text_map).text
    start = text.index("Long-Term Benefit Trust")
    page = {
        "type": "AnnotationPage",
        "items": [
            _hypothesis("describing", [{"type": "TextQuoteSelector", "exact": "frontier models", "prefix": "paragraph about ", "suffix": "."}], [_text("Models at the frontier.")], key="term1"),
            # Only a position: the quote is looked up in the essay text.
            _hypothesis("assessing", [{"type": "TextPositionSelector", "start": start, "end": start + 23}], [_text("A trust exists. It is *real*."), {"type": "TextualBody", "purpose": "tagging", "value": "supported"}, {"id": "https://example.org/evidence"}], key="claim1"),
            # "mentions RLHF" is in two places: the prefix decides, and the file keeps only what decides.
            _hypothesis("linking", [{"type": "TextQuoteSelector", "exact": "RLHF", "prefix": "list item that mentions ", "suffix": "\nanother"}], [{"id": "https://example.org/more"}], key="link1"),
            _hypothesis("commenting", [{"type": "TextQuoteSelector", "exact": "RLHF"}], [_text("Nice.")], key="comment1"),
            _hypothesis("describing", [{"type": "TextQuoteSelector", "exact": "words that are nowhere"}], [_text("x")], key="missing1"),
            _hypothesis("describing", [{"type": "RangeSelector"}], [_text("x")], key="range1"),
        ],
    }
    source = md_site.root / "hypothesis.jsonld"
    source.write_text(json.dumps(page), encoding="utf-8")
    config = str(md_site.root / "mkdocs.yml")
    folder = md_site.root / "annotations"
    before = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.yml"))

    assert cli.main(["import", str(source), "-f", config, "--dry-run"]) == 1
    dry = capsys.readouterr()
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.yml")) == before
    assert "would write annotations/glossary/term1.yml" in dry.out

    assert cli.main(["import", str(source), "-f", config]) == 1
    out = capsys.readouterr()
    assert "3 imported, 3 not imported" in out.out
    assert "comment1: its motivation (commenting) has no kind here" in out.err
    assert "missing1: the quote \"words that are nowhere\" is not in the essay" in out.err
    assert "range1: no TextQuoteSelector or TextPositionSelector" in out.err
    claim = yaml.safe_load((folder / "claims" / "claim1.yml").read_text(encoding="utf-8"))
    assert claim == {
        "quote": "Long-Term Benefit Trust",
        "claim": "A trust exists.",
        "speaker": "the author",
        "verdict": "supported",
        "checked": "2026-05-06",
        "note": "A trust exists. It is *real*.",
        "sources": [{"title": "https://example.org/evidence", "url": "https://example.org/evidence"}],
    }
    link = yaml.safe_load((folder / "xrefs" / "link1.yml").read_text(encoding="utf-8"))
    assert link["from"] == {"quote": "RLHF", "prefix": "mentions"}
    assert link["to"] == {"url": "https://example.org/more", "title": "https://example.org/more"}
    # What was written passes check, together with what was there.
    assert cli.main(["check", "-f", config]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out
    # A second import overwrites nothing.
    assert cli.main(["import", str(source), "-f", config]) == 1
    assert "already used" in capsys.readouterr().err


def test_import_reads_a_collection_a_page_a_list_and_one_annotation(own_export: dict[str, Any]) -> None:
    page = own_export["first"]
    items = page["items"]
    for shape in (own_export, page, items, items[0]):
        assert [item for _, item in w3c_import.items_of(shape)] == (items if shape is not items[0] else [items[0]])
    with pytest.raises(w3c_import.ImportFormatError):
        w3c_import.items_of({"type": "AnnotationCollection", "first": "https://example.org/page1"})
    with pytest.raises(w3c_import.ImportFormatError):
        w3c_import.items_of({"type": "Document"})


def test_import_reports_items_given_only_by_address(own_build: Any) -> None:
    result = w3c_import.plan({"type": "AnnotationPage", "items": ["https://example.org/anno/1"]}, own_build.edition.text_map)
    assert result.files == []
    assert result.skipped == ["https://example.org/anno/1: only its address is in the file, not the annotation"]


def test_import_without_the_extension_still_keeps_kinds_and_passages(own_build: Any, own_export: dict[str, Any]) -> None:
    # As another tool would re-export our annotations: only W3C properties.
    bare = copy.deepcopy(own_export)
    for item in bare["first"]["items"]:
        del item[export.EXTENSION]
    result = w3c_import.plan(bare, own_build.edition.text_map)
    assert result.skipped == []
    kinds = sorted(p.folder for p in result.files)
    expected = sorted({"claim": "claims", "glossary": "glossary", "xref": "xrefs", "quotation": "quotations"}[a.annotation.kind] for a in own_build.edition.placed.values())
    assert kinds == expected


# --- shared checks ---------------------------------------------------------------------


def _exact(target: dict[str, Any]) -> str:
    return next(s["exact"] for s in target["selector"] if s["type"] == "TextQuoteSelector")


def _targets(item: dict[str, Any]) -> list[dict[str, Any]]:
    target = item["target"]
    return target if isinstance(target, list) else [target]


def assert_complete(build: Any, collection: dict[str, Any]) -> None:
    """Every anchored annotation once, each glossary entry with a target per occurrence."""
    items = collection["first"]["items"]
    ids = [export.own_fields(i)["id"] for i in items]
    assert sorted(ids) == sorted(build.edition.placed) and len(ids) == len(set(ids))
    assert collection["total"] == len(items)
    essay = urlsplit(items[0]["id"])._replace(fragment="").geturl()
    for item in items:
        placement = build.edition.placed[export.own_fields(item)["id"]]
        assert item["id"] == f"{essay}#{placement.annotation.id}"
        assert all(t["source"] == essay for t in _targets(item))
        if placement.annotation.kind == "glossary":
            assert len(_targets(item)) == len(placement.anchors)


def assert_quotes_are_highlighted(built: BuiltSite, collection: dict[str, Any]) -> None:
    """A claim's or an xref's target is exactly the words its highlight covers on the page."""
    highlighted = highlights_of_page(built.html(""))
    checked = 0
    for item in collection["first"]["items"]:
        own = export.own_fields(item)
        if own["kind"] in ("claim", "xref"):
            assert _exact(item["target"]) == highlighted[own["id"]], own["id"]
            checked += 1
    assert checked > 0


def assert_selectors_agree(text: str, collection: dict[str, Any]) -> None:
    """Each TextQuoteSelector is the slice of the essay text its TextPositionSelector names."""
    checked = 0
    for item in collection["first"]["items"]:
        resources = [*_targets(item), *(b for b in item["body"] if b.get("type") == "SpecificResource")]
        for resource in resources:
            quote = next(s for s in resource["selector"] if s["type"] == "TextQuoteSelector")
            position = next(s for s in resource["selector"] if s["type"] == "TextPositionSelector")
            start, end = position["start"], position["end"]
            assert quote["exact"] == text[start:end]
            assert quote["prefix"] == text[max(0, start - 32) : start]
            assert quote["suffix"] == text[end : end + 32]
            checked += 1
    assert checked >= len(collection["first"]["items"])


def _plain(value: Any) -> Any:
    """A model value without where it was read (`where`, `see_also_where`): what W3C carries."""
    if dataclasses.is_dataclass(value):
        fields = dataclasses.fields(value)
        return (type(value).__name__, {f.name: _plain(getattr(value, f.name)) for f in fields if "where" not in f.name})
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


def assert_round_trip(build: Any, collection: dict[str, Any], tmp_path: Path) -> None:
    """Import the export into an empty folder: the same annotations, field by field."""
    result = w3c_import.plan(collection, build.edition.text_map)
    assert result.skipped == []
    folder = tmp_path / "imported"
    w3c_import.write(result, folder)
    again = load_annotations(folder, tmp_path)
    assert again.problems == [] and again.rejected == []
    before = {a.id: _plain(a) for a in build.annotations.annotations if a.id in build.edition.placed}
    after = {a.id: _plain(a) for a in again.annotations}
    assert after == before


class _Essay(HTMLParser):
    """The essay's text as a reader sees it: notes, citations and back-links left out."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside the essay when > 0
        self.skip = 0  # inside a left-out element when > 0
        self.parts: list[str] = []
        self.marks: dict[str, list[str]] = {}
        self.open: list[tuple[str, str | None, bool, bool]] = []  # tag, mark id, essay root, skipped

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        root = not self.depth and "ae-essay" in (a.get("class") or "").split()
        skipped = bool(self.depth) and (
            "data-note-for" in a or "data-backlinks-for" in a or a.get("aria-hidden") == "true" or "headerlink" in (a.get("class") or "")
        )
        if tag in ("br", "hr", "img", "input", "wbr"):
            return
        mark = a.get("data-annotation") if tag == "mark" else None
        self.open.append((tag, mark, root, skipped))
        self.depth += root
        self.skip += skipped
        if tag in BLOCKS:
            self._add(" ")

    def handle_endtag(self, tag: str) -> None:
        if not self.open:
            return
        _, _, root, skipped = self.open.pop()
        if tag in BLOCKS:
            self._add(" ")
        self.depth -= root
        self.skip -= skipped

    def handle_data(self, data: str) -> None:
        self._add(data)
        for _, mark, _, _ in self.open:
            if mark and self.depth and not self.skip:
                self.marks.setdefault(mark, []).append(data)

    def _add(self, text: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(text)


def _parse_essay(page: str) -> _Essay:
    parser = _Essay()
    parser.feed(page)
    parser.close()
    return parser


def essay_text_of_page(page: str) -> str:
    """The normalized text of the essay as the built page shows it."""
    return normalize("".join(_parse_essay(page).parts)).strip(" ")


def highlights_of_page(page: str) -> dict[str, str]:
    """The normalized text of each annotation's highlight elements, joined."""
    return {k: normalize("".join(v)).strip(" ") for k, v in _parse_essay(page).marks.items()}


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self.inside:
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.found[-1] += data


def scripts_of(page: str) -> list[str]:
    """The raw text of each JSON-LD script element, as a browser would end it."""
    parser = _Scripts()
    parser.feed(page)
    parser.close()
    return parser.found


def claim_reviews_in(page: str) -> list[dict[str, Any]]:
    """Every ClaimReview in the page's JSON-LD."""
    reviews = []
    for raw in scripts_of(page):
        data = json.loads(raw)
        assert data["@context"] == "https://schema.org"
        reviews += [node for node in data["@graph"] if node["@type"] == "ClaimReview"]
    return reviews


def assert_claim_reviews(reviews: list[dict[str, Any]], claims: list[Any], site_url: str | None) -> None:
    """One complete ClaimReview per claim rated on the scale, none for unverified or opinion."""
    rated = {c.id: c for c in claims if c.verdict not in ("unverified", "opinion")}
    assert len(reviews) == len(rated) > 0
    scale = ["false", "disputed", "outdated", "partly-supported", "supported"]
    for review in reviews:
        claim_id = review["url"].rpartition("#")[2]
        claim = rated.pop(claim_id)
        if site_url:
            assert review["url"].startswith(site_url)
        rating = review["reviewRating"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert rating["ratingValue"] == claimreview.RATINGS[claim.verdict]
        assert rating["alternateName"].lower().replace(" ", "-") == claim.verdict
        assert review["claimReviewed"] == claim.claim and review["datePublished"] == claim.checked
        assert review["author"]["@type"] == "Organization" and review["author"]["name"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["author"]["name"] and item["appearance"]["@type"] == "CreativeWork"
    assert rated == {}
    assert [claimreview.RATINGS[v] for v in scale] == sorted(claimreview.RATINGS.values())


# --- the essay text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (["One  two", "three"], "One two three"),
        (["  lead and trail  "], "lead and trail"),
        (["before \x02wzxhzdk:0\x03 after"], "before after"),
        (["\x02wzxhzdk:12\x03", "only text"], "only text"),
        (["note\x02qq1234zz\x03", "next"], "note next"),
        (["a \u201cquote\u201d \u2014 dash\u2026"], 'a "quote" - dash...'),
    ],
    ids=["blocks", "outer-space", "raw-html", "raw-html-block", "footnote-mark", "normalized"],
)
def test_the_essay_text_leaves_out_what_no_reader_sees(paragraphs: list[str], expected: str) -> None:
    from xml.etree.ElementTree import Element, SubElement

    from annotated_essay.anchoring.anchor import build_text_map, find_quote
    from annotated_essay.model import Selector

    root = Element("div")
    for text in paragraphs:
        SubElement(root, "p").text = text
    tm = build_text_map(root)
    essay = EssayText.of(tm)
    assert essay.text == expected
    # Every word found in the text map is the same word at its place in the essay text.
    for word in expected.split(" "):
        for match in find_quote(tm, Selector(word)):
            start, end = essay.span(match)
            assert essay.text[start:end] == word


# --- hostile annotations --------------------------------------------------------------


def test_hostile_annotations_export_only_safe_html_and_json(tmp_path: Path) -> None:
    import hostile
    from sitebuild import write_annotations
    from test_hostile import hostile_annotations, hostile_essay

    root = tmp_path / "hostile"
    (root / "docs").mkdir(parents=True)
    (root / "essay.txt").write_text(hostile_essay(), encoding="utf-8")
    write_annotations(root / "annotations", hostile_annotations())
    config = {"site_name": "</script><script>alert(1)</script>", "theme": {"name": "material"}, "plugins": ["search", {"annotated-essay": {"essay": "essay.txt"}}]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    build = cli.load_site(root / "mkdocs.yml")[0]
    collection = json.loads(export.export_json(build))
    assert collection["total"] > 50
    # Hostile text only ever fills strings the W3C schemas check as strings (a
    # body's value, a quote): one annotation of each shape is validated.
    shapes = {json.dumps(_shape(item), sort_keys=True): item for item in collection["first"]["items"]}
    failures = [f for item in shapes.values() for f in must_failures(item, "annotations")]
    assert len(shapes) > 4 and failures == []
    for item in collection["first"]["items"]:
        for body in item["body"]:
            if body.get("format") == "text/html":
                assert hostile.scan(body["value"]) == hostile.Findings(), body["value"]
    page = build.page("claims").html
    found = hostile.scan(page)
    assert dict(found.scripts) == {"data:application/ld+json": 1} and found.bad_json == []
    assert all("</script" not in raw.lower() for raw in scripts_of(page))
    assert claim_reviews_in(page)[0]["author"]["name"] == "</script><script>alert(1)</script>"


_FREE_TEXT = frozenset({"value", "exact", "prefix", "suffix", "name"})


def _shape(value: Any) -> Any:
    """`value` with free text, positions and annotation ids blanked, this project's own extension left out."""
    if isinstance(value, dict):
        shape = {k: "" if k in _FREE_TEXT else 0 if k in ("start", "end") else _shape(v) for k, v in value.items() if k != export.EXTENSION}
        if value.get("type") == "Annotation":
            shape["id"] = value["id"].partition("#")[0]
        return shape
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return value
