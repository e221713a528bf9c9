import pytest

from graph.errors import BadArticle, BadInput
from graph.ingest import clean_text, discover, load_corpus, read_article

from .conftest import DATA, SEED


def test_furniture_is_removed_and_offsets_trace_back_to_the_raw_file():
    raw = SEED.read_text(encoding="utf-8")
    article = read_article(SEED)
    for furniture in ("Continue reading below", "Recommended Videos", "Sorry, no results were found for",
                      "PHOTO: Netflix", "This article originally appeared on"):
        assert furniture not in article.text
    assert "Lily Collins stars as Emily Cooper" in article.text
    for clean_start, raw_start, length in article.spans:
        kept = article.text[clean_start:clean_start + length]
        assert kept == raw[raw_start:raw_start + length].replace("\xa0", " ")
    pos = article.text.index("Lily Collins")
    assert raw[article.raw_offset(pos):].startswith("Lily Collins")


def test_front_matter_fills_the_article_fields():
    article = read_article(DATA / "cast.txt")
    assert article.title == "Harbour Lights gets a second season"
    assert article.show == "Harbour Lights"
    assert article.outlet == "Test Gazette"
    assert not article.text.startswith("---")
    assert article.id == "cast"


def test_clean_text_keeps_paragraphs():
    text, spans = clean_text("Head\n\n  Recommended Videos\n  One.\nTwo.\n")
    assert text == "Head\n\nOne.\n\nTwo."
    assert len(spans) == 3


@pytest.mark.parametrize("content, message", [
    (b"", "empty article"),
    (b"   \n\n\t  \n", "empty article"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"caf\xe9 au lait", "not UTF-8"),
    (b"---\ntitle: [unclosed\n---\nSome text here.", "broken YAML front matter"),
])
def test_bad_articles_are_refused_with_a_clear_reason(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(BadArticle, match=message) as info:
        read_article(path)
    assert str(path) in str(info.value)


def test_utf16_with_bom_is_decoded(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Ann Lee stars as Kay Moss in the new drama.".encode("utf-16"))
    assert read_article(path).text.startswith("Ann Lee stars as Kay Moss")


def test_html_pages_go_through_a_main_text_extractor(tmp_path):
    page = tmp_path / "page.html"
    body = " ".join(["In the comedy, Ann Lee stars as Kay Moss, a baker from Leeds who moves to Rome."] * 3)
    page.write_text(f"<html><head><title>Kay Moss news</title><script>var x=1;</script></head><body>"
                    f"<nav>Home | News | Contact</nav><article><h1>Kay Moss news</h1><p>{body}</p>"
                    f"<p>{body}</p></article><footer>Copyright</footer></body></html>", encoding="utf-8")
    article = read_article(page)
    assert "Ann Lee stars as Kay Moss" in article.text
    assert "var x" not in article.text
    assert article.title == "Kay Moss news"


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(BadInput, match="no such file or folder"):
        discover([tmp_path / "nope"])


def test_corpus_keeps_going_past_a_bad_article(tmp_path):
    (tmp_path / "good.txt").write_text("Ann Lee stars as Kay Moss in the new drama from the network.")
    (tmp_path / "empty.txt").write_text("")
    corpus = load_corpus([tmp_path])
    assert [a.id for a in corpus.articles] == ["good"]
    assert len(corpus.problems) == 1 and "empty.txt" in str(corpus.problems[0])
