"""Who looks after an entry's next step ("zuständig"): the field, the list filter."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from core.models import PendingChange
from partners.models import Partner
from stakeholders.models import Actor
from tests.factories import make_actor, make_partner, make_staff


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Partner, Actor])
def test_the_list_filters_by_me_nobody_or_a_person(client, model):
    erika = make_staff(first_name="Erika", last_name="Muster")
    max_ = make_staff(first_name="Max", last_name="Muster")
    make = make_partner if model is Partner else make_actor
    mine, theirs, nobodys = (
        make(name="Meiner", responsible=erika),
        make(name="Seiner", responsible=max_),
        make(name="Niemandes"),
    )
    client.force_login(erika)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    def listed(query):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        return {obj.pk for obj in response.context["cl"].result_list}

    assert listed("zustaendig=mir") == {mine.pk}
    assert listed("zustaendig=niemand") == {nobodys.pk}
    assert listed(f"zustaendig={max_.pk}") == {theirs.pk}
    assert listed("zustaendig=unsinn") == {mine.pk, theirs.pk, nobodys.pk}
    html = client.get(url).content.decode()
    for label in ("mir zugewiesen", "niemandem", "Max Muster", "Nach Zuständigkeit"):
        assert label in html


def hidden_inputs(html):
    return dict(re.findall(r'<input type="hidden" name="([^"]+-[^"]+)" value="([^"]*)"', html))


@pytest.mark.django_db
def test_only_staff_can_be_chosen_and_the_change_saves_directly_under_four_eyes(client, settings):
    settings.FOUR_EYES = True
    editor = make_staff(group="Redaktion")
    colleague = make_staff(first_name="Erika", last_name="Muster")
    outsider = User.objects.create_user("kein-personal", is_staff=False)
    partner = make_partner(name="Umweltbundesamt")
    client.force_login(editor)
    change_url = reverse("admin:partners_partner_change", args=[partner.pk])
    form = client.get(change_url).context["adminform"].form
    choices = {str(value) for value, _label in form.fields["responsible"].choices if value}
    assert str(colleague.pk) in choices and str(outsider.pk) not in choices
    data = {
        key: value
        for key, value in form.initial.items()
        if isinstance(value, str | int | datetime.date) and not isinstance(value, bool)
    }
    data.update(hidden_inputs(client.get(change_url).content.decode()))  # the inline's forms
    data.update({"is_published": "on", "tags": "", "responsible": colleague.pk})
    response = client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    partner.refresh_from_db()
    assert partner.responsible == colleague
    assert not PendingChange.objects.exists()  # internal: nothing waits for release


@pytest.mark.django_db
def test_the_history_keeps_who_was_responsible():
    erika = make_staff()
    partner = make_partner()
    partner.responsible = erika
    partner.save()
    assert partner.history.first().responsible_id == erika.pk
