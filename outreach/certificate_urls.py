"""URLs of the certificate register, reverse issuance (namespace "certificates") and the liaison
letters (namespace "letters"). Included from config/urls.py."""

from django.urls import include, path

from outreach.certificates import request_views, views
from outreach.letters import views as letter_views
from registry.exports.prints import printable

certificate_patterns = [
    path("", views.certificate_list, name="certificate_list"),
    path("print/", printable(views.certificate_list), name="certificate_list_print"),
    path("export/", views.certificate_export, name="certificate_export"),
    path("missing/", views.missing_list, name="missing_list"),
    path("new/", views.certificate_create, name="certificate_create"),
    path("<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("<int:pk>/edit/", views.certificate_edit, name="certificate_edit"),
    path("<int:pk>/reviews/", views.review_add, name="review_add"),
    path("<int:pk>/end/", views.certificate_end, name="certificate_end"),
    path("<int:pk>/application.pdf", views.certificate_application_pdf, name="certificate_application_pdf"),
    path("requests/", request_views.request_list, name="request_list"),
    path("requests/new/", request_views.request_create, name="request_create"),
    path("requests/<int:pk>/", request_views.request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/", request_views.request_edit, name="request_edit"),
    path("requests/<int:pk>/request.pdf", request_views.request_pdf, name="request_pdf"),
    path("requests/<int:pk>/<str:step>/", request_views.request_step, name="request_step"),
]

letter_patterns = [
    path("", letter_views.letter_list, name="letter_list"),
    path("print/", printable(letter_views.letter_list), name="letter_list_print"),
    path("generate/", letter_views.letters_generate, name="letters_generate"),
    path("<int:year>/<int:half>/letters.pdf", letter_views.period_pdf, name="period_pdf"),
    path("printing/<int:pk>/", letter_views.batch_detail, name="batch_detail"),
    path("printing/<int:pk>/letters.pdf", letter_views.batch_download, name="batch_download"),
    path("<int:pk>/", letter_views.letter_detail, name="letter_detail"),
    path("<int:pk>/edit/", letter_views.letter_edit, name="letter_edit"),
    path("<int:pk>/regenerate/", letter_views.letter_regenerate, name="letter_regenerate"),
    path("<int:pk>/sent/", letter_views.letter_sent, name="letter_sent"),
    path("<int:pk>/number/", letter_views.letter_number, name="letter_number"),
    path("<int:pk>/letter.pdf", letter_views.letter_pdf, name="letter_pdf"),
    path("<int:pk>/print/", letter_views.letter_print, name="letter_print"),
]

urlpatterns = [
    path("certificates/", include((certificate_patterns, "certificates"))),
    path("letters/", include((letter_patterns, "letters"))),
]
