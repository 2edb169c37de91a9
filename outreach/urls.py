from django.urls import path

from outreach.activities import views as activities
from outreach.cases import views as cases
from outreach.contacts import views as contacts
from outreach.visits import views as visits
from registry.exports.prints import printable

app_name = "outreach"

urlpatterns = [
    # --- keeping in touch: contacts, visits, service ledger, activities ---------------------
    path("outreach/lost-touch/", contacts.lost_touch, name="lost_touch"),
    path("outreach/lost-touch/print/", printable(contacts.lost_touch), name="lost_touch_print"),
    path("outreach/flowed-out/print/", printable(contacts.flowed_out_list), name="flowed_out_print"),
    path("outreach/flowed-out/", contacts.flowed_out_list, name="flowed_out"),
    path("outreach/designated-contacts/", contacts.designated_contacts, name="designated_contacts"),
    path(
        "outreach/designated-contacts/<int:pk>/active/", contacts.designated_contact_end, name="designated_contact_end"
    ),
    path("outreach/members/<int:pk>/contacts/new/", contacts.contact_create, name="contact_create"),
    path("outreach/members/<int:pk>/lost-contact/", contacts.member_lost_contact, name="member_lost_contact"),
    path("outreach/members/<int:pk>/occasions/new/", visits.occasion_create, name="occasion_create"),
    path("outreach/members/<int:pk>/visits/new/", visits.visit_create, name="visit_create"),
    path("outreach/visits/", visits.visit_overview, name="visit_overview"),
    path("outreach/branch-visits/", visits.branch_visit_grid, name="branch_visit_grid"),
    path("outreach/branch-visits/new/", visits.branch_visit_create, name="branch_visit_create"),
    path("outreach/services/", cases.case_list, name="case_list"),
    path("outreach/services/print/", printable(cases.case_list), name="case_list_print"),
    path("outreach/services/new/", cases.case_create, name="case_create"),
    path("outreach/services/<int:pk>/", cases.case_detail, name="case_detail"),
    path("outreach/services/<int:pk>/edit/", cases.case_edit, name="case_edit"),
    path("outreach/activities/", activities.activity_list, name="activity_list"),
    path("outreach/activities/print/", printable(activities.activity_list), name="activity_list_print"),
    path("outreach/activities/new/", activities.activity_create, name="activity_create"),
    path("outreach/activities/none-attended/", activities.members_without_activity, name="activity_absentees"),
    path("outreach/activities/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("outreach/activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("outreach/activities/<int:pk>/attendance/", activities.attendance_add, name="attendance_add"),
    path("outreach/activities/<int:pk>/attendance/import/", activities.attendance_import, name="attendance_import"),
    path(
        "outreach/activities/<int:pk>/attendance/<int:member_pk>/remove/",
        activities.attendance_remove,
        name="attendance_remove",
    ),
    # --- certificates and liaison letters ---------------------------------------------------
]
