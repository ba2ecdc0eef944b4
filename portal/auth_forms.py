"""The Wagtail admin's sign-in form (``WAGTAILADMIN_USER_LOGIN_FORM``).

Why: Wagtail's own form signs in any active account and only then shows "permission denied",
so a requester account got an admin session. Refusing before the session exists keeps the
admin to people with admin access; requesters sign in on the public site.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class AdminLoginForm(LoginForm):
    error_messages = {
        **LoginForm.error_messages,
        "no_admin_access": _(
            "This account cannot use the administration. Institution users sign in on the "
            "public site under “Requests”."
        ),
    }

    def confirm_login_allowed(self, user: object) -> None:
        super().confirm_login_allowed(user)
        # mypy: the stubs type the user as AbstractBaseUser; AUTH_USER_MODEL is auth.User
        if not user.has_perm("wagtailadmin.access_admin"):  # type: ignore[attr-defined]
            raise forms.ValidationError(
                self.error_messages["no_admin_access"], code="no_admin_access"
            )
