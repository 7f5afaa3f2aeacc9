"""Response headers the portal adds to every answer."""

from django.utils.cache import add_never_cache_headers, patch_vary_headers

# Browser features the portal never uses.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# Personal or members-only answers that no shared cache (proxy, CDN) may keep.
PRIVATE_PREFIXES = ("/admin/", "/espace/", "/compte/", "/api/", "/documents/")
# The calculator's JSON is public and the same for everyone.
PUBLIC_API_PREFIXES = ("/api/v1/calculateur/", "/api/v1/openapi.json")


def is_private_path(path: str) -> bool:
    return path.startswith(PRIVATE_PREFIXES) and not path.startswith(PUBLIC_API_PREFIXES)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_private_path(request.path) or (
            request.user.is_authenticated if hasattr(request, "user") else False
        ):
            add_never_cache_headers(response)
            cache_control = response.headers.get("Cache-Control", "")
            if "private" not in cache_control:
                response.headers["Cache-Control"] = f"{cache_control}, private".lstrip(", ")
            patch_vary_headers(response, ["Cookie"])
        return response
