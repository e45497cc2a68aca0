"""Forms of the documents pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

# The first year a council may ask figures for; the last is next year.
FIRST_YEAR = 2000


def year_range(this_year: int) -> tuple[int, int]:
    return FIRST_YEAR, this_year + 1


class YearEndForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=FIRST_YEAR)

    def __init__(self, *args: Any, this_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first, last = year_range(this_year)
        field = self.fields["year"]
        field.validators.append(MaxValueValidator(last))
        field.widget.attrs.update({"min": first, "max": last})
