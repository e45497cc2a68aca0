"""Notice texts: one Django template per verb and language, rendered strictly
(a variable the template uses but the event did not give is an error, never a
silently blank hole in a letter)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.template import Context, Engine, TemplateDoesNotExist, TemplateSyntaxError

from common.text import nfc, nfc_text

_MISSING = "\x00missing:%s\x00"
_MISSING_RE = re.compile("\x00missing:([^\x00]*)\x00")


class NoticeTemplateError(Exception):
    """A notice template is missing, broken, or uses a variable the event did not give."""


@lru_cache(maxsize=1)
def _engine() -> Engine:
    return Engine(
        dirs=[str(settings.BASE_DIR / "templates" / "notifications")],
        autoescape=False,
        string_if_invalid=_MISSING,
        libraries={},
        builtins=["django.templatetags.i18n"],
    )


def render_notice(*, verb: str, language: str, context: dict[str, Any]) -> tuple[str, str]:
    """Return (subject, body) of ``verb`` in ``language`` (Vietnamese when no English text exists)."""
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    names = [f"{language}/{verb}.txt"] + (
        [f"{settings.LANGUAGE_CODE}/{verb}.txt"] if language != settings.LANGUAGE_CODE else []
    )
    try:
        template = _engine().select_template(names)
    except TemplateDoesNotExist as exc:
        raise NoticeTemplateError(f"no template for notice '{verb}' ({language})") from exc
    except TemplateSyntaxError as exc:
        raise NoticeTemplateError(f"template of notice '{verb}' is broken: {exc}") from exc
    text = template.render(Context(context, autoescape=False))
    missing = sorted(set(_MISSING_RE.findall(text)))
    if missing:
        raise NoticeTemplateError(
            f"template of notice '{verb}' ({language}) needs missing variables: {', '.join(missing)}"
        )
    subject, _sep, body = text.strip().partition("\n")
    return nfc(subject)[:250], nfc_text(body)
