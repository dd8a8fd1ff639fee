"""Django's JSON serialization, with datetimes kept to the microsecond.

Django's JSON encoder cuts datetimes to milliseconds (the ECMA-262 format),
while both databases store microseconds: a backup written with it would not
restore the history dates exactly. Registered as the "json" format in
settings.SERIALIZATION_MODULES, so `dumpdata`, `loaddata` and
`manage.py export_network` all use it; reading is Django's own.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import Deserializer  # noqa: F401 (part of the format)


class LosslessJSONEncoder(django_json.DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime) and o.microsecond:
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", LosslessJSONEncoder)
        super()._init_options()
