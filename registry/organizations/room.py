"""Party organizations, chambers and member enterprises; on the home page the organizations by
level and, for the committee's view, the chambers and enterprises they cover."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room
from registry.organizations import sections

ROOM = Room(
    name="organizations",
    nav=(
        NavLink(
            _("Organizations"),
            "registry:organization_list",
            group="roster",
            current_for=("registry:organization_*",),
        ),
        NavLink(_("Chambers"), "registry:chamber_list", group="roster", current_for=("registry:chamber_*",)),
        NavLink(_("Enterprises"), "registry:enterprise_list", group="roster", current_for=("registry:enterprise_*",)),
    ),
    home_sections=(sections.home_section, sections.chambers_section),
    import_kinds=(
        "registry.organizations.imports.ChamberImporter",
        "registry.organizations.imports.EnterpriseImporter",
        "registry.organizations.imports.OrganizationImporter",
    ),
)
