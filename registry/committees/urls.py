"""The committees' pages (Room.urls): in the registry's namespace, as registry:committee_list …"""

from django.urls import path

from registry.committees import views
from registry.exports.prints import printable

urlpatterns = [
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/print/", printable(views.committee_list), name="committee_list_print"),
    path("committees/export/", views.committee_export, name="committee_export"),
    path("committees/members/", views.post_list, name="committee_post_list"),
    path("committees/members/export/", views.post_export, name="committee_post_export"),
    path("committees/members/<int:pk>/end/", views.post_end, name="committee_post_end"),
    path("committees/elections/", views.election_list, name="election_list"),
    path("committees/elections/export/", views.election_export, name="election_export"),
    path("committees/elections/<int:pk>/", views.election_detail, name="election_detail"),
    path("committees/elections/<int:pk>/approval/", views.election_approval, name="election_approval"),
    path("committees/elections/<int:pk>/postpone/", views.election_postpone, name="election_postpone"),
    path("organizations/<int:pk>/election/", views.election_record, name="election_record"),
    path("organizations/<int:pk>/committee/add/", views.post_add, name="committee_post_add"),
    path("organizations/<int:pk>/own-settings/", views.own_settings_edit, name="committee_own_settings"),
]
