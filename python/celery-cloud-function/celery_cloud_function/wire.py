"""Values on the wire: kombu JSON, with kombu 5.3+ type tags read on the way in."""
import base64
import datetime
import decimal
import json
import uuid

_DECODERS = {
    "datetime": lambda v: datetime.datetime.fromisoformat(v.replace("Z", "+00:00")),
    "date": datetime.date.fromisoformat,
    "time": datetime.time.fromisoformat,
    "decimal": decimal.Decimal,
    "uuid": uuid.UUID,
    "bytes": lambda v: v.encode("utf-8"),
    "base64": base64.b64decode,
}


def _tagged(obj):
    if set(obj) == {"__type__", "__value__"} and obj["__type__"] in _DECODERS:
        return _DECODERS[obj["__type__"]](obj["__value__"])
    return obj


def untag(value):
    """Turn type tags inside an already parsed JSON value (a Lambda event) into Python values."""
    if isinstance(value, dict):
        return _tagged({k: untag(v) for k, v in value.items()})
    if isinstance(value, list):
        return [untag(v) for v in value]
    return value


def loads(text):
    """Parse kombu JSON, turning type tags (``{"__type__": "datetime", ...}``) into Python values."""
    if isinstance(text, (bytes, bytearray)):
        text = text.decode("utf-8")
    return json.loads(text, object_hook=_tagged)


def _plain(value):
    # What kombu < 5.3 wrote, which every Celery client reads.
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(value):
    """JSON text of a value; dates, decimals, UUIDs and bytes are written as strings."""
    return json.dumps(value, default=_plain, allow_nan=False)
