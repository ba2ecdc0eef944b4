"""The service page's edit form: change explanations choose only among the page's own notes.

Why a form: the explanation's note is a foreign key, and the default choice would list every
change note of every service. The choices are narrowed on each bound form and on the
formset's form class of this one form instance (so the "add" template is narrowed too).
"""

from __future__ import annotations

from typing import Any

from wagtail.admin.forms import WagtailAdminPageForm

RELATION = "change_note_explanations"


class ServicePageForm(WagtailAdminPageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        formset = self.formsets.get(RELATION)
        if formset is None:
            return
        page = self.instance
        notes = page.change_notes.all() if page.pk else None

        def narrow(form: Any) -> None:
            field = form.fields["note"]
            field.queryset = notes if notes is not None else field.queryset.none()

        for form in formset.forms:
            narrow(form)
        base = formset.form

        # mypy: a class built on a form class known only at run time (the formset's own)
        class NarrowedForm(base):  # type: ignore[misc, valid-type]
            def __init__(self, *a: Any, **kw: Any) -> None:
                super().__init__(*a, **kw)
                narrow(self)

        formset.form = NarrowedForm
