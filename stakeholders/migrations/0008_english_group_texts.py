"""English names and descriptions of the five initial groups, for the site under /en/.

Only fills empty fields, so it never overwrites what staff have written.
"""

from django.db import migrations

ENGLISH = {
    "politik-und-verwaltung": (
        "Policy makers and public administration",
        "Decision makers in politics and public administration are at the centre of the "
        "network. Sustainable public procurement cannot succeed without them.",
    ),
    "unternehmen-und-branchenverbaende": (
        "Companies and trade associations",
        "Companies and their trade associations should see the public sector more clearly "
        "as a customer asking for sustainable products. newtrade nrw works with selected "
        "individual companies and associations that want to cooperate.",
    ),
    "nichtregierungsorganisationen": (
        "Non-governmental organisations",
        "Non-governmental organisations bring in additional expertise that advances "
        "sustainable public procurement. The office supports their contributions.",
    ),
    "wissenschaftliche-institute": (
        "Research institutes",
        "Research institutes contribute research and expertise to sustainable public "
        "procurement. The office supports their contributions.",
    ),
    "buergerinnen-und-buerger-nrw": (
        "Citizens of North Rhine-Westphalia",
        "Public procurement always concerns the proper use of taxpayers' money and so "
        "matters to the whole public. For newtrade nrw, however, the citizens of North "
        "Rhine-Westphalia are an indirect audience.",
    ),
}


def add_english_texts(apps, schema_editor):
    StakeholderGroup = apps.get_model("stakeholders", "StakeholderGroup")
    for group in StakeholderGroup.objects.filter(slug__in=ENGLISH):
        name, description = ENGLISH[group.slug]
        group.name_en = group.name_en or name
        group.description_en = group.description_en or description
        group.save(update_fields=["name_en", "description_en"])


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0007_english_texts")]

    operations = [migrations.RunPython(add_english_texts, migrations.RunPython.noop)]
