"""The six partner resources named on the office's page "Das Netzwerk".

Facts from shared/content/partners.md; texts in our own words. Running it
again adds nothing twice and never overwrites what staff have changed since.
"""

from django.db import migrations
from django.utils.text import slugify

PARTNERS = [
    {
        "slug": "kompass-nachhaltigkeit",
        "name": "Kompass Nachhaltigkeit",
        "website": "https://www.kompass-nachhaltigkeit.de",
        "group": "politik-und-verwaltung",
        "operator": (
            "Service für Entwicklungsinitiativen (SKEW) von Engagement Global gemeinsam mit "
            "der GIZ, im Auftrag des Bundesministeriums für wirtschaftliche Zusammenarbeit "
            "und Entwicklung (BMZ)"
        ),
        "teaser": (
            "Portal für Beschaffende auf allen Verwaltungsebenen: Rechtsgrundlagen, "
            "Praxisbeispiele aus Kommunen und ein Gütezeichen-Finder."
        ),
        "description": (
            "Der Kompass Nachhaltigkeit richtet sich an Beschaffende in Kommunen, Ländern und "
            "Bund. Er erklärt die rechtlichen Grundlagen und zeigt im „Kommunalen Kompass“ "
            "Beispiele aus der Praxis der Kommunen, geordnet nach Bundesländern.\n\n"
            "Der Gütezeichen-Finder vergleicht seit 2016 Nachhaltigkeitssiegel und liefert "
            "Textbausteine für Ausschreibungen. Das Portal ist seit 2010 online."
        ),
        "tags": ["Gütezeichen", "Ausschreibung", "Kommunen", "Praxisbeispiele", "Recht"],
    },
    {
        "slug": "siegelklarheit",
        "name": "Siegelklarheit",
        "website": "https://www.siegelklarheit.de",
        "group": "politik-und-verwaltung",
        "operator": (
            "Initiative der Bundesregierung unter Federführung des BMZ; die GIZ führt das "
            "Sekretariat"
        ),
        "teaser": (
            "Bewertet Nachhaltigkeitssiegel nach Glaubwürdigkeit, Umwelt- und Sozialstandards "
            "und vergleicht sie je Produktgruppe."
        ),
        "description": (
            "Siegelklarheit ist eine Initiative der Bundesregierung. Website und App bewerten "
            "Nachhaltigkeitssiegel danach, wie glaubwürdig sie sind und welche Umwelt- und "
            "Sozialstandards sie verlangen, und vergleichen die Siegel innerhalb einer "
            "Produktgruppe.\n\n"
            "Das Angebot wendet sich auch an Beschaffungsstellen. Im Steuerungskreis der "
            "Initiative sind mehrere Bundesministerien vertreten."
        ),
        "tags": ["Gütezeichen", "Siegel", "Produktgruppen", "Sozialstandards", "Umweltstandards"],
    },
    {
        "slug": "allianz-fuer-eine-nachhaltige-beschaffung",
        "name": "Allianz für eine nachhaltige Beschaffung",
        "website": "https://www.nachhaltige-beschaffung.info",
        "group": "politik-und-verwaltung",
        "operator": "Bund, Länder und Kommunen gemeinsam",
        "teaser": (
            "Bund, Länder und Kommunen mit gemeinsamen Zielen und Fortschrittsberichten für "
            "mehr nachhaltige Produkte im öffentlichen Einkauf."
        ),
        "description": (
            "Die Allianz für eine nachhaltige Beschaffung ist eine Zusammenarbeit von Bund, "
            "Ländern und Kommunen. Sie entstand 2009/2010 unter Federführung des "
            "Bundeswirtschaftsministeriums und arbeitet in Expertengruppen.\n\n"
            "Die Allianz vereinbart gemeinsame Ziele, um den Anteil nachhaltiger Produkte im "
            "öffentlichen Einkauf zu erhöhen, berichtet über die Fortschritte und gibt "
            "Empfehlungen ihrer Expertengruppen heraus. Ihre Berichte erscheinen auf dem "
            "Portal der Kompetenzstelle für nachhaltige Beschaffung."
        ),
        "tags": ["Bund-Länder-Kommunen", "Leitfäden", "Berichte"],
    },
    {
        "slug": "kompetenzstelle-fuer-nachhaltige-beschaffung",
        "name": "Kompetenzstelle für nachhaltige Beschaffung",
        "website": "https://www.nachhaltige-beschaffung.info",
        "group": "politik-und-verwaltung",
        "operator": "Beschaffungsamt des Bundesministeriums des Innern (BMI), Bonn",
        "teaser": (
            "Die zentrale Beratungsstelle für öffentliche Auftraggeber: Beratung, Schulungen "
            "und ein Portal mit Leitfäden und Musterunterlagen."
        ),
        "description": (
            "Die Kompetenzstelle für nachhaltige Beschaffung (KNB) gehört seit Dezember 2011 "
            "zum Beschaffungsamt des Bundesministeriums des Innern in Bonn. Sie ist die "
            "zentrale Anlaufstelle für öffentliche Auftraggeber, berät am Telefon und per "
            "E-Mail und bietet Schulungen an.\n\n"
            "Ihr Portal sammelt Rechtstexte, Leitfäden, Informationen zu Produktgruppen und "
            "Muster für Ausschreibungsunterlagen."
        ),
        "tags": ["Beratung", "Schulungen", "Recht", "Leitfäden", "Ausschreibung"],
    },
    {
        "slug": "umweltbundesamt",
        "name": "Umweltbundesamt",
        "website": (
            "https://www.umweltbundesamt.de/themen/wirtschaft-konsum/umweltfreundliche-beschaffung"
        ),
        "group": "politik-und-verwaltung",
        "operator": "Umweltbundesamt (UBA), Dessau-Roßlau",
        "teaser": (
            "Leitfäden und Ausschreibungsempfehlungen für eine umweltfreundliche Beschaffung, "
            "nach Produktgruppen geordnet."
        ),
        "description": (
            "Das Umweltbundesamt ist die Umweltbehörde des Bundes mit Sitz in "
            "Dessau-Roßlau.\n\n"
            "Zur umweltfreundlichen Beschaffung veröffentlicht es Leitfäden und "
            "Empfehlungen für Ausschreibungen einzelner Produktgruppen, die oft auf den "
            "Kriterien des Blauen Engels aufbauen, dazu Material für Schulungen."
        ),
        "tags": ["Umweltkriterien", "Blauer Engel", "Ausschreibung", "Produktgruppen"],
    },
    {
        "slug": "buendnis-fuer-oeko-soziale-beschaffung-nrw",
        "name": "Bündnis für öko-soziale Beschaffung NRW",
        "website": "https://eine-welt-netz-nrw.de",
        "group": "nichtregierungsorganisationen",
        "operator": "Nichtregierungsorganisationen, Kirchen und Gewerkschaften in NRW",
        "teaser": (
            "Die gemeinsame Stimme der Zivilgesellschaft in NRW für eine faire und "
            "ökologische öffentliche Beschaffung."
        ),
        "description": (
            "Im 2011 gegründeten Bündnis haben sich Nichtregierungsorganisationen, Kirchen und "
            "Gewerkschaften aus Nordrhein-Westfalen zusammengeschlossen, darunter die "
            "Christliche Initiative Romero, das Eine Welt Netz NRW, ver.di NRW und der "
            "DGB NRW.\n\n"
            "Es vertritt die Zivilgesellschaft gegenüber Politik und Verwaltung, wenn es um "
            "faire und ökologische Beschaffung geht, und hat den „Vergabepreis NRW“ für "
            "sozial verantwortliche Beschaffung in Kommunen mit ausgelobt. Das Bündnis stellt "
            "sich auf den Seiten des Eine Welt Netz NRW vor."
        ),
        "tags": ["Zivilgesellschaft", "Fairer Handel", "Sozialstandards", "NRW"],
    },
]


def create_partners(apps, schema_editor):
    Partner = apps.get_model("partners", "Partner")
    TaggedPartner = apps.get_model("partners", "TaggedPartner")
    StakeholderGroup = apps.get_model("stakeholders", "StakeholderGroup")
    Tag = apps.get_model("taggit", "Tag")

    for order, data in enumerate(PARTNERS, start=1):
        fields = dict(data, is_published=True, order=order * 10)
        slug = fields.pop("slug")
        tag_names = fields.pop("tags")
        fields["group"] = StakeholderGroup.objects.get(slug=fields["group"])
        partner, created = Partner.objects.get_or_create(slug=slug, defaults=fields)
        if not created:
            continue
        for name in tag_names:
            # The same slug as django-taggit gives a tag it creates itself.
            tag, _ = Tag.objects.get_or_create(
                name=name, defaults={"slug": slugify(name, allow_unicode=True)}
            )
            TaggedPartner.objects.get_or_create(content_object=partner, tag=tag)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("stakeholders", "0002_initial_network"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_partners, migrations.RunPython.noop)]
