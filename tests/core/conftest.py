"""What the history, conflict and release tests share: admin forms submitted as a browser
would, and the two roles of the second pair of eyes."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse


class AdminFormParser(HTMLParser):
    """The fields of a page's POST form and their values, as a browser would send them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.fields = None
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.fields = []
            self.forms.append(self.fields)
        if self.fields is None or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append(
                [attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")]
            )
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select = {"name": attrs["name"], "first": None, "chosen": []}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"].append(value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.fields = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # Browsers drop the newline right after <textarea> and send line breaks as CRLF.
            text = text.removeprefix("\n").replace("\r\n", "\n").replace("\n", "\r\n")
            self.fields.append([name, text])
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"] or [self.select["first"] or ""]
            self.fields.extend([self.select["name"], value] for value in chosen)
            self.select = None


def browser_form(response, **changes):
    """The data a browser submits for the main POST form in `response` (the one with the
    most fields: the admin's header has a logout form too), with `changes` typed in."""
    parser = AdminFormParser()
    parser.feed(response.content.decode())
    data = {}
    for name, value in max(parser.forms, key=len):
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = [value]
    return data


@pytest.fixture
def submit_form():
    """Open a page with `client`, type `changes` into its form and submit it like a browser."""

    def submit(client, url, follow=False, **changes):
        return client.post(url, browser_form(client.get(url), **changes), follow=follow)

    return submit


def admin_url(obj, view="change", *args):
    """The admin URL of one of an entry's views: change, history, delete…"""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk, *args])


def restore_url(record):
    """The admin page that shows one historical version and restores it."""
    opts = record.instance_type._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_simple_history"
    return reverse(name, args=[record.id, record.history_id])


# --- The two roles of the second pair of eyes (tests/core/test_release*.py) -------------


@pytest.fixture
def author(db):
    """A Redaktion member who submits changes."""
    from tests.factories import make_staff

    return make_staff("Redaktion", first_name="Rita", last_name="Redakteurin")


@pytest.fixture
def releaser(db):
    """A Freigabe member who releases them."""
    from tests.factories import make_staff

    return make_staff("Freigabe", first_name="Frieda", last_name="Freigeberin")
