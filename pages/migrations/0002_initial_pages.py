"""The first texts of the fixed pages and the accessibility statement.

Only facts the office has confirmed; what is unknown (the person responsible,
the data protection officer, the Ombudsstelle's postal address) is left for
staff to add in the admin. Runs again without duplicates and never
overwrites a page staff have already written.
"""

import datetime

from django.db import migrations

IMPRINT = """## Angesiedelt beim Land Nordrhein-Westfalen
newtrade nrw ist dem Ministerium für Bundesangelegenheiten, Europa und Medien des Landes Nordrhein-Westfalen zugeordnet und ein Kooperationsprojekt mit der Stiftung Umwelt und Entwicklung Nordrhein-Westfalen.

Das Büro wurde im März 2013 als erste operative Maßnahme der Eine-Welt-Strategie der Landesregierung gegründet."""

IMPRINT_EN = """## Part of the State of North Rhine-Westphalia
newtrade nrw is attached to the Ministry for Federal Affairs, Europe and Media of the State of North Rhine-Westphalia and is a cooperation project with the Stiftung Umwelt und Entwicklung Nordrhein-Westfalen (Foundation for Environment and Development).

The office was founded in March 2013 as the first operational measure of the state government's One World Strategy."""

PRIVACY = """## Ihre Rechte
Sie haben das Recht, Auskunft über die Daten zu erhalten, die wir über Sie gespeichert haben, und deren Berichtigung, Löschung oder eingeschränkte Verarbeitung zu verlangen. Sie können der Verarbeitung widersprechen (Artikel 15 bis 21 der Datenschutz-Grundverordnung). Wenden Sie sich dazu an das Büro; die Kontaktdaten stehen oben.

## Beschwerderecht
Sie können sich bei einer Datenschutz-Aufsichtsbehörde beschweren. Für öffentliche Stellen in Nordrhein-Westfalen ist das die Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen."""

PRIVACY_EN = """## Your rights
You have the right to learn which data we hold about you and to have it corrected, deleted or its processing restricted. You may object to the processing (Articles 15 to 21 of the General Data Protection Regulation). Please contact the office; its contact details are given above.

## Right to lodge a complaint
You may lodge a complaint with a data protection supervisory authority. For public bodies in North Rhine-Westphalia this is the Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen (State Commissioner for Data Protection and Freedom of Information)."""

EASY_LANGUAGE = """## Was ist newtrade nrw?
newtrade nrw ist ein Büro in Düsseldorf.
Das Büro hilft Ämtern beim Einkaufen.

Ämter kaufen viele Dinge.
Zum Beispiel Papier, Computer und Möbel.
Die Dinge sollen gut für die Umwelt sein.
Und die Dinge sollen fair hergestellt sein.
Fair heißt: Die Menschen bekommen genug Geld für ihre Arbeit.
Das nennt man: nachhaltig einkaufen.

## Was steht auf dieser Internet-Seite?
Das Büro arbeitet mit vielen Menschen und Gruppen zusammen.
Zum Beispiel mit Politikern, mit Firmen und mit Vereinen.
Diese Zusammen-Arbeit heißt: Netzwerk.

Auf dieser Internet-Seite steht:
- Wer im Netzwerk mit-macht.
- Wo Ämter Hilfe beim nachhaltigen Einkaufen finden.
- Wie Sie das Büro erreichen.

## So finden Sie sich zurecht
Oben auf jeder Seite ist ein Menü.
Im Menü stehen diese Seiten:
- Das Netzwerk: Hier steht, wer mit-macht.
- Partner: Hier stehen Internet-Seiten mit Hilfe für Ämter.
- Akteure: Hier stehen die Gruppen im Netzwerk.
- Kontakt: Hier stehen die Telefon-Nummer und die Adresse.

Oben auf jeder Seite ist auch ein Such-Feld.
Dort schreiben Sie ein Wort hinein.
Dann zeigt die Seite alles zu diesem Wort.

Unten auf jeder Seite stehen die Telefon-Nummer und weitere Links.

## Ist die Internet-Seite barriere-frei?
Barriere-frei heißt: Alle Menschen können die Seite gut benutzen.
Auch Menschen mit Behinderung.

Wir haben die Seite selbst geprüft.
Die Seite ist zum Teil barriere-frei.
Etwas fehlt noch:
Es gibt noch kein Video in Gebärden-Sprache.

Haben Sie eine Barriere gefunden?
Dann sagen Sie es uns bitte.
Dafür gibt es ein Formular.
Das Formular heißt: Barriere melden.
Sie können uns auch anrufen.

Vielleicht hilft Ihnen das Büro nicht.
Dann können Sie sich an die Ombuds-Stelle wenden.
Die Ombuds-Stelle hilft bei Streit über Barrieren im Internet.
Das ist die Internet-Seite der Ombuds-Stelle:
https://www.lbbp.nrw.de/ombudsstelle

## Gibt es noch mehr in Leichter Sprache?
Nein. Im Moment gibt es Leichte Sprache nur auf dieser Seite."""

EASY_LANGUAGE_EN = """## What is newtrade nrw?
newtrade nrw is an office in Düsseldorf.
The office helps public authorities to buy things.

Public authorities buy many things.
For example paper, computers and furniture.
These things should be good for the environment.
And the people who make them should be paid fairly.
This is called: buying sustainably.

## What is on this website?
The office works together with many people and groups.
Together they are called: the network.

On this website you can find:
- Who is part of the network.
- Where public authorities find help.
- How to contact the office.

## How to find your way
At the top of every page there is a menu.
At the top of every page there is also a search field.
At the bottom of every page you find the phone number.

## Is this website accessible?
Accessible means: everybody can use the website.
We checked the website ourselves.
Some parts are not accessible yet.
There is no video in sign language yet.

Did you find a barrier?
Please tell us.
You can use the form "Report a barrier".
Or you can call us.

## Is there more in easy language?
No. At the moment this page is the only page in easy language."""

SIGN_LANGUAGE = (
    """Hier finden Sie Informationen über newtrade nrw in Deutscher Gebärdensprache (DGS)."""
)

SIGN_LANGUAGE_EN = """Here you find information about newtrade nrw in German Sign Language (DGS)."""

PAGES = [
    ("impressum", "Impressum", IMPRINT, "Legal notice", IMPRINT_EN),
    ("datenschutz", "Datenschutzerklärung", PRIVACY, "Privacy statement", PRIVACY_EN),
    ("leichte-sprache", "Leichte Sprache", EASY_LANGUAGE, "Easy language", EASY_LANGUAGE_EN),
    ("gebaerdensprache", "Gebärdensprache", SIGN_LANGUAGE, "Sign language", SIGN_LANGUAGE_EN),
]

NON_ACCESSIBLE = """- Erläuterungen in Deutscher Gebärdensprache: Zurzeit gibt es noch kein Video in Gebärdensprache. Die wichtigsten Informationen finden Sie stattdessen in Leichter Sprache, und Sie erreichen uns telefonisch und über das Formular „Barriere melden“.
- Englische Fassung: Texte zu den Akteursgruppen, Akteuren und Partnerangeboten gibt es zum Teil nur auf Deutsch. Auf den englischen Seiten sind sie als deutscher Text ausgezeichnet, damit Vorleseprogramme sie richtig aussprechen.
- Verlinkte Websites: Die Partnerangebote führen zu Websites anderer Stellen. Für deren Barrierefreiheit sind diese Stellen verantwortlich."""

NON_ACCESSIBLE_EN = """- Explanations in German Sign Language: there is no sign language video yet. The most important information is available in easy language instead, and you can reach us by phone and through the form "Report a barrier".
- English version: some texts about the stakeholder groups, actors and partner resources exist only in German. On the English pages they are marked as German text so that screen readers pronounce them correctly.
- Linked websites: the partner resources lead to websites of other organisations, which are responsible for their accessibility."""

METHOD = """Die Erklärung beruht auf einer Selbstbewertung durch newtrade nrw. Jede Änderung an der Website wird automatisch geprüft: Alle öffentlichen Seiten werden in einem Browser mit dem Prüfwerkzeug axe-core gegen die Regeln der WCAG 2.0 und 2.1 in den Stufen A und AA getestet. Weitere automatische Tests prüfen die Bedienung mit der Tastatur, die Darstellung bei 320 Pixel Breite und bei 200 Prozent Vergrößerung. Ein Bericht einer unabhängigen Prüfstelle liegt nicht vor."""

METHOD_EN = """This statement is based on a self-assessment by newtrade nrw. Every change to the website is checked automatically: all public pages are tested in a browser with the axe-core testing tool against the WCAG 2.0 and 2.1 rules of levels A and AA. Further automated tests check keyboard operation and the display at a width of 320 pixels and at 200 percent zoom. There is no report by an independent testing body."""

ENFORCEMENT = """Erhalten Sie auf Ihre Meldung keine zufriedenstellende Antwort, können Sie sich an die Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen wenden. Sie ist der Beauftragten der Landesregierung für die Belange der Menschen mit Behinderung zugeordnet und vermittelt zwischen Ihnen und der öffentlichen Stelle (§§ 10d und 10e Behindertengleichstellungsgesetz NRW, §§ 9 ff. BITVNRW).

- Website: https://www.lbbp.nrw.de/ombudsstelle
- E-Mail: ombudsstelle-barrierefreie-it@mags.nrw.de"""

ENFORCEMENT_EN = """If you do not receive a satisfactory answer to your report, you can turn to the Ombudsstelle für barrierefreie Informationstechnik (ombudsman's office for accessible information technology) of the State of North Rhine-Westphalia. It is attached to the state government's commissioner for the concerns of people with disabilities and mediates between you and the public body (sections 10d and 10e of the NRW Disability Equality Act, sections 9 ff. BITVNRW).

- Website: https://www.lbbp.nrw.de/ombudsstelle
- E-mail: ombudsstelle-barrierefreie-it@mags.nrw.de"""

WRITTEN_ON = datetime.date(2026, 11, 27)


def create_pages(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    Statement = apps.get_model("pages", "AccessibilityStatement")
    for slug, title, body, title_en, body_en in PAGES:
        Page.objects.get_or_create(
            slug=slug,
            defaults={"title": title, "body": body, "title_en": title_en, "body_en": body_en},
        )
    if not Statement.objects.exists():
        Statement.objects.create(
            compliance="teilweise",
            non_accessible=NON_ACCESSIBLE,
            non_accessible_en=NON_ACCESSIBLE_EN,
            method=METHOD,
            method_en=METHOD_EN,
            enforcement=ENFORCEMENT,
            enforcement_en=ENFORCEMENT_EN,
            written_on=WRITTEN_ON,
            reviewed_on=WRITTEN_ON,
        )


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
