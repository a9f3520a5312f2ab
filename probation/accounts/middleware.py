from django.conf import settings
from django.shortcuts import redirect

from .views import second_factor_url

# Pages a signed-in user may reach before giving their second factor.
OPEN_PREFIXES = ("/sign-in/", "/sign-out/", "/assets/", "/accessibility/")


class RequireSecondFactorMiddleware:
    """Every account gives a TOTP code after its password, unless a demo deployment says otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.OTP_REQUIRED
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
        ):
            return redirect(second_factor_url(request.get_full_path() if request.method == "GET" else "/"))
        return self.get_response(request)
