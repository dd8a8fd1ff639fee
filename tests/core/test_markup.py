"""The small text format staff write the editable pages in, turned into safe HTML."""

from core import markup


def test_markup_turns_text_into_safe_html():
    html = markup.render(
        "## Titel\nErster Absatz\nmit Umbruch\n\n- Punkt <b>eins</b>\n- https://example.org\n"
        "### Unter\n<script>x</script> info@example.org"
    )
    assert html == (
        "<h2>Titel</h2>\n<p>Erster Absatz<br>mit Umbruch</p>\n"
        '<ul><li>Punkt &lt;b&gt;eins&lt;/b&gt;</li><li><a href="https://example.org">'
        "https://example.org</a></li></ul>\n<h3>Unter</h3>\n"
        "<p>&lt;script&gt;x&lt;/script&gt; "
        '<a href="mailto:info@example.org">info@example.org</a></p>'
    )


def test_markup_of_nothing_is_nothing():
    assert markup.render("") == ""


def test_list_between_two_paragraphs_ends_and_starts_them():
    assert markup.render("Es gibt:\n- eins\n- zwei\nUnd mehr.") == (
        "<p>Es gibt:</p>\n<ul><li>eins</li><li>zwei</li></ul>\n<p>Und mehr.</p>"
    )
