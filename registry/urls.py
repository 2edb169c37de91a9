"""The registry's pages, room by room; one namespace ("registry") so that every page of a record —
its list, detail, edit form and export — is named alike."""

from django.urls import path

from branches.rooms import room_urlpatterns
from registry.checkin import views as checkin_views
from registry.development import views as development_views
from registry.dues import views as dues_views
from registry.exports import views as export_views
from registry.exports.prints import printable
from registry.figures import views as figure_views
from registry.imports import views as import_views
from registry.members import views as member_views
from registry.movements import letter_views as movement_letter_views
from registry.movements import views as movement_views
from registry.organizations import views as organization_views
from registry.reconcile import views as reconcile_views
from registry.surveys import views as survey_views

app_name = "registry"

members = [
    path("members/", member_views.member_list, name="member_list"),
    path("members/new/", member_views.member_create, name="member_create"),
    path("members/<int:pk>/", member_views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", member_views.member_edit, name="member_edit"),
]

organizations = [
    path("organizations/", organization_views.organization_list, name="organization_list"),
    path("organizations/new/", organization_views.organization_edit, name="organization_create"),
    path("organizations/<int:pk>/", organization_views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", organization_views.organization_edit, name="organization_edit"),
    path("chambers/", organization_views.chamber_list, name="chamber_list"),
    path("chambers/new/", organization_views.chamber_edit, name="chamber_create"),
    path("chambers/<int:pk>/", organization_views.chamber_detail, name="chamber_detail"),
    path("chambers/<int:pk>/edit/", organization_views.chamber_edit, name="chamber_edit"),
    path("enterprises/", organization_views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", organization_views.enterprise_edit, name="enterprise_create"),
    path("enterprises/<int:pk>/", organization_views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", organization_views.enterprise_edit, name="enterprise_edit"),
]

exports = [
    path("members/export/", export_views.member_export, name="member_export"),
    path("organizations/export/", export_views.organization_export, name="organization_export"),
    path("chambers/export/", export_views.chamber_export, name="chamber_export"),
    path("enterprises/export/", export_views.enterprise_export, name="enterprise_export"),
    path("development/export/", development_views.candidate_export, name="candidate_export"),
    path("imports/template/<str:kind>/", export_views.import_template, name="import_template"),
    # A long export prepared in the background (registry/exports/jobs.py): its page and its file.
    path("exports/<int:pk>/", export_views.export_job, name="export_job"),
    path("exports/<int:pk>/download/", export_views.export_job_download, name="export_job_download"),
]

# Lists printed whole as PDF (registry/exports/prints.py): the list's URL name with "_print" after it.
prints = [
    path("members/print/", printable(member_views.member_list), name="member_list_print"),
    path("enterprises/print/", printable(organization_views.enterprise_list), name="enterprise_list_print"),
    path("former-members/print/", printable(movement_views.former_member_list), name="former_member_list_print"),
    path("movements/print/", printable(movement_views.movement_list), name="movement_list_print"),
    path("development/print/", printable(development_views.candidate_list), name="candidate_list_print"),
    path("six-knowns/worklist/print/", printable(figure_views.six_knowns_worklist), name="six_knowns_worklist_print"),
    path("dues/reminders/print/", printable(dues_views.dues_reminders), name="dues_reminders_print"),
    path("dues/decide/print/", printable(dues_views.dues_decide), name="dues_decide_print"),
]

imports = [
    path("imports/", import_views.import_list, name="import_list"),
    path("imports/new/", import_views.import_new, name="import_new"),
    path("imports/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", import_views.import_progress, name="import_progress"),
    path("imports/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/cancel/", import_views.import_cancel, name="import_cancel"),
    path("imports/<int:pk>/restart/", import_views.import_restart, name="import_restart"),
    path("imports/<int:pk>/errors.xlsx", import_views.import_errors, name="import_errors"),
]

surveys = [
    path("surveys/", survey_views.round_list, name="survey_list"),
    path("surveys/new/", survey_views.round_edit, name="survey_create"),
    path("surveys/template/", survey_views.count_template, name="survey_template"),
    path("surveys/<int:pk>/", survey_views.round_detail, name="survey_detail"),
    path("surveys/<int:pk>/edit/", survey_views.round_edit, name="survey_edit"),
    path("surveys/<int:pk>/count/", survey_views.count_edit, name="survey_count"),
    path("surveys/<int:pk>/import/", survey_views.count_import, name="survey_import"),
    path("surveys/<int:pk>/export/", survey_views.round_export, name="survey_export"),
]

development = [
    path("development/", development_views.candidate_list, name="candidate_list"),
    path("development/new/", development_views.candidate_create, name="candidate_create"),
    path("development/<int:pk>/", development_views.candidate_detail, name="candidate_detail"),
    path("development/<int:pk>/edit/", development_views.candidate_edit, name="candidate_edit"),
    path("development/<int:pk>/<slug:step>/", development_views.candidate_step, name="candidate_step"),
    path("development/notices/<int:pk>/", development_views.notice_print, name="notice_print"),
    path("development/due/<slug:key>/", development_views.worklist, name="development_worklist"),
]

figures = [
    path("six-knowns/", figure_views.six_knowns_overview, name="six_knowns"),
    path("six-knowns/worklist/", figure_views.six_knowns_worklist, name="six_knowns_worklist"),
    path("six-knowns/worklist/export/", figure_views.six_knowns_worklist_export, name="six_knowns_worklist_export"),
    path("coverage/", figure_views.coverage, name="coverage"),
    path("summary/", figure_views.summary, name="summary"),
    path("summary/export/", figure_views.summary_export, name="summary_export"),
]

dues = [
    path("dues/", dues_views.dues_overview, name="dues_overview"),
    path("dues/reminders/", dues_views.dues_reminders, name="dues_reminders"),
    path("dues/decide/", dues_views.dues_decide, name="dues_decide"),
    path("dues/sheet/", dues_views.dues_sheet_choose, name="dues_sheet_choose"),
    path("dues/sheet/<int:pk>/", dues_views.dues_sheet, name="dues_sheet"),
    path("dues/ledger/<int:pk>/export/", dues_views.dues_ledger_export, name="dues_ledger_export"),
    path("dues/entries/<int:pk>/delete/", dues_views.dues_entry_delete, name="dues_entry_delete"),
    path("members/<int:pk>/dues/", dues_views.dues_payment, name="dues_payment"),
    path("members/<int:pk>/dues/basis/", dues_views.dues_basis, name="dues_basis"),
]

movements = [
    path("members/<int:pk>/events/<str:kind>/", movement_views.event_record, name="event_record"),
    path("movements/", movement_views.movement_list, name="movement_list"),
    path("movements/export/", movement_views.movement_export, name="movement_export"),
    path("transfers/", movement_views.transfer_list, name="transfer_list"),
    path("transfers/<int:pk>/", movement_views.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/letter.pdf", movement_views.transfer_letter_pdf, name="transfer_letter_pdf"),
    path("transfers/<int:pk>/receipt/", movement_views.transfer_receipt, name="transfer_receipt"),
    path("transfers/<int:pk>/cancel/", movement_views.transfer_cancel, name="transfer_cancel"),
    path("transfers/<int:pk>/reissue/", movement_letter_views.transfer_reissue, name="transfer_reissue"),
    path("former-members/", movement_views.former_member_list, name="former_member_list"),
    path("former-members/<int:pk>/", movement_views.former_member_detail, name="former_member_detail"),
    path("balance/", movement_views.balance, name="balance"),
    path("balance/export/", movement_views.balance_export, name="balance_export"),
    path("balance/people/", movement_views.balance_people, name="balance_people"),
]

# The only pages open without an account (docs/checkin.md#security): short paths to type from a poster.
open_pages = [
    path("c/<str:token>/", checkin_views.checkin_open, name="checkin_open"),
    path("a/<str:code>/", checkin_views.arrival_open, name="arrival_open"),
]

checkin = [
    path("members/<int:pk>/checkin-link/", checkin_views.checkin_link_create, name="checkin_link_create"),
    path("checkin/", checkin_views.checkin_queue, name="checkin_queue"),
    path("checkin/links/", checkin_views.checkin_links_bulk, name="checkin_links_bulk"),
    path("checkin/<int:pk>/", checkin_views.checkin_decide, name="checkin_decide"),
    path("checkin/arrivals/<int:pk>/", checkin_views.arrival_decide, name="arrival_decide"),
    path("organizations/<int:pk>/arrival-poster/", checkin_views.arrival_poster, name="arrival_poster"),
]

reconcile = [
    path("reconciliations/", reconcile_views.reconciliation_list, name="reconciliation_list"),
    path("reconciliations/<int:pk>/", reconcile_views.reconciliation_detail, name="reconciliation_detail"),
    path(
        "reconciliations/<int:pk>/export/<str:group>/",
        reconcile_views.reconciliation_export,
        name="reconciliation_export",
    ),
]

# Exports before members: "members/export/" must not be read as a member's page.
urlpatterns = (
    open_pages
    + checkin
    + reconcile
    + exports
    + prints
    + members
    + movements
    + organizations
    + imports
    + surveys
    + figures
    + development
    + dues
    + room_urlpatterns("registry")  # the rooms that keep their pages in their own urls.py (Room.urls)
)
