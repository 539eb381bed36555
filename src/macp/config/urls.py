from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from macp.api import api_urls

urlpatterns = [
    path("", include("macp.core.urls")),
    path("", include("macp.enquiries.urls")),
    path("", include("macp.chronology.urls")),
    path("", include("macp.accounts.urls")),
    path("", include("macp.people.urls")),
    path("", include("macp.access.urls")),
    path("", include("macp.identity.urls")),
    path("", include("macp.notifications.urls")),
    path("", include("macp.referrals.urls")),
    path("", include("macp.concerns.urls")),
    path("", include("macp.strategy.urls")),
    path("administration/", include("macp.accounts.administration_urls")),
    path("", include("macp.tools.urls")),
    path("", include("macp.escalations.urls")),
    path("", include("macp.transfers.urls")),
    path("", include("macp.outofhours.urls")),
    path("", include("macp.directory.urls")),
    path("", include("macp.reviews.urls")),
    path("", include("macp.quality.urls")),
    path("", include("macp.returns.urls")),
    path("", include("macp.audits.urls")),
    path("", include("macp.frameworks.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api_urls()),
]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("macp.accounts.oidc")))

handler400 = "macp.core.views.bad_request"
handler403 = "macp.core.views.permission_denied"
handler404 = "macp.core.views.page_not_found"
handler500 = "macp.core.views.server_error"
